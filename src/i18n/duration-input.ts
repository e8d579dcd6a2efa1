// What a person types into a timesheet cell: "1,5", "1.5", "1:30", "90m", "2h", "1h 30m", "45 min".
// Answers whole seconds (minutes are the finest unit typed), null for anything else; "" is 0.
const CLOCK = /^(\d{1,3}):([0-5]\d)$/;
const DECIMAL = /^(\d{1,3})?(?:[.,](\d{1,4}))?\s*(h|hod|hodin|hodiny|hodina)?$/;
const MINUTES = /^(\d{1,5})\s*(m|min|mins|minut|minuty|minutes?)$/;
const HOURS_MINUTES = /^(\d{1,3})\s*(?:h|hod)\s*(\d{1,2})\s*(?:m|min)?$/;

export function parseDurationInput(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === '') return 0;
  const clock = CLOCK.exec(value);
  if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60;
  const minutes = MINUTES.exec(value);
  if (minutes) return Number(minutes[1]) * 60;
  const hoursMinutes = HOURS_MINUTES.exec(value);
  if (hoursMinutes) return Number(hoursMinutes[2]) < 60 ? Number(hoursMinutes[1]) * 3600 + Number(hoursMinutes[2]) * 60 : null;
  const decimal = DECIMAL.exec(value);
  if (decimal && (decimal[1] !== undefined || decimal[2] !== undefined)) {
    const hours = Number(`${decimal[1] ?? '0'}.${decimal[2] ?? '0'}`);
    // to the minute: 0,33 h is 20 minutes, not 19:48
    return Math.round(hours * 60) * 60;
  }
  return null;
}

export type DurationFormat = 'hm' | 'decimal';

// "1:30" or "1,5" (the decimal separator of the language); 0 is an empty cell.
export function formatDurationCell(seconds: number, format: DurationFormat, language: 'en' | 'cs'): string {
  if (seconds === 0) return '';
  const minutes = Math.round(seconds / 60);
  if (format === 'hm') return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  const hours = Math.round((minutes / 60) * 100) / 100;
  const text = String(hours);
  return language === 'cs' ? text.replace('.', ',') : text;
}
