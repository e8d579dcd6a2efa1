export function DashboardCalendar() {
  return <section id="calendar" className="calendar-area" />;
}
