// Outlook Web Access wrote TZIDs as Windows *display* names ("(UTC+01:00) Amsterdam, Berlin,
// Bern, Rome, Stockholm, Vienna"); windows-iana only knows zone ids, so the common ones are
// listed here by their city part, compared without case, spaces or punctuation.
const DISPLAY_NAMES: Record<string, string> = {
  'International Date Line West': 'Etc/GMT+12',
  'Coordinated Universal Time-11': 'Etc/GMT+11',
  Hawaii: 'Pacific/Honolulu',
  Alaska: 'America/Anchorage',
  'Pacific Time (US & Canada)': 'America/Los_Angeles',
  'Pacific Time (US & Canada); Tijuana': 'America/Los_Angeles',
  Arizona: 'America/Phoenix',
  'Mountain Time (US & Canada)': 'America/Denver',
  'Central Time (US & Canada)': 'America/Chicago',
  'Central America': 'America/Guatemala',
  Saskatchewan: 'America/Regina',
  'Guadalajara, Mexico City, Monterrey': 'America/Mexico_City',
  'Eastern Time (US & Canada)': 'America/New_York',
  'Indiana (East)': 'America/Indiana/Indianapolis',
  'Bogota, Lima, Quito': 'America/Bogota',
  'Bogota, Lima, Quito, Rio Branco': 'America/Bogota',
  'Atlantic Time (Canada)': 'America/Halifax',
  Santiago: 'America/Santiago',
  Newfoundland: 'America/St_Johns',
  Brasilia: 'America/Sao_Paulo',
  'City of Buenos Aires': 'America/Argentina/Buenos_Aires',
  'Buenos Aires': 'America/Argentina/Buenos_Aires',
  'Coordinated Universal Time': 'UTC',
  'Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London': 'Europe/London',
  'Greenwich Mean Time: Dublin, Edinburgh, Lisbon, London': 'Europe/London',
  'Dublin, Edinburgh, Lisbon, London': 'Europe/London',
  'Monrovia, Reykjavik': 'Atlantic/Reykjavik',
  Casablanca: 'Africa/Casablanca',
  'Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna': 'Europe/Berlin',
  'Belgrade, Bratislava, Budapest, Ljubljana, Prague': 'Europe/Prague',
  'Brussels, Copenhagen, Madrid, Paris': 'Europe/Paris',
  'Sarajevo, Skopje, Warsaw, Zagreb': 'Europe/Warsaw',
  'West Central Africa': 'Africa/Lagos',
  'Athens, Bucharest': 'Europe/Bucharest',
  'Athens, Bucharest, Istanbul': 'Europe/Bucharest',
  'Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius': 'Europe/Helsinki',
  'Helsinki, Kiev, Riga, Sofia, Tallinn, Vilnius': 'Europe/Helsinki',
  Jerusalem: 'Asia/Jerusalem',
  Cairo: 'Africa/Cairo',
  'Harare, Pretoria': 'Africa/Johannesburg',
  Istanbul: 'Europe/Istanbul',
  'Moscow, St. Petersburg': 'Europe/Moscow',
  'Moscow, St. Petersburg, Volgograd': 'Europe/Moscow',
  'Kuwait, Riyadh': 'Asia/Riyadh',
  Nairobi: 'Africa/Nairobi',
  'Abu Dhabi, Muscat': 'Asia/Dubai',
  'Islamabad, Karachi': 'Asia/Karachi',
  'Chennai, Kolkata, Mumbai, New Delhi': 'Asia/Kolkata',
  Kathmandu: 'Asia/Kathmandu',
  Dhaka: 'Asia/Dhaka',
  'Bangkok, Hanoi, Jakarta': 'Asia/Bangkok',
  'Beijing, Chongqing, Hong Kong, Urumqi': 'Asia/Shanghai',
  'Kuala Lumpur, Singapore': 'Asia/Singapore',
  Perth: 'Australia/Perth',
  Taipei: 'Asia/Taipei',
  'Osaka, Sapporo, Tokyo': 'Asia/Tokyo',
  Seoul: 'Asia/Seoul',
  Adelaide: 'Australia/Adelaide',
  Darwin: 'Australia/Darwin',
  Brisbane: 'Australia/Brisbane',
  'Canberra, Melbourne, Sydney': 'Australia/Sydney',
  Hobart: 'Australia/Hobart',
  'Auckland, Wellington': 'Pacific/Auckland',
  Fiji: 'Pacific/Fiji',
};

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const BY_NORMALIZED = new Map(Object.entries(DISPLAY_NAMES).map(([name, iana]) => [normalize(name), iana]));
const PREFIX = /^\((?:UTC|GMT)(?:([+-])(\d{1,2}):(\d{2}))?\)\s*/i;

export type DisplayNameMatch = { iana: string } | { offsetSeconds: number } | null;

/** "(UTC+07:00) Bangkok, Hanoi, Jakarta" → its IANA zone, else just the offset of the prefix. */
export function matchDisplayName(tzid: string): DisplayNameMatch {
  const prefix = PREFIX.exec(tzid);
  if (!prefix) return null;
  const iana = BY_NORMALIZED.get(normalize(tzid.slice(prefix[0].length)));
  if (iana) return { iana };
  const sign = prefix[1] === '-' ? -1 : 1;
  return { offsetSeconds: sign * (Number(prefix[2] ?? 0) * 3600 + Number(prefix[3] ?? 0) * 60) };
}
