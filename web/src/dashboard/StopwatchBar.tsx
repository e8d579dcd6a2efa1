export function StopwatchBar() {
  return <section id="stopwatch" className="stopwatch" />;
}
