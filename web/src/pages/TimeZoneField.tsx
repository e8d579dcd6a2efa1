import { useId, useMemo, useState } from 'react';
import { browserZone, useI18n } from '../i18n.tsx';
import { allTimeZones, matchZones } from './time-zones.ts';
import './timezone.css';

// A select of every zone with a search box that narrows it: a plain select stays the control, so
// keyboard and screen readers get the platform's own behaviour.
export function TimeZoneField({
  value,
  onChange,
  label,
  help,
  searchLabel,
}: {
  value: string;
  onChange: (zone: string) => void;
  label: string;
  help?: string;
  searchLabel: string;
}) {
  const { t } = useI18n();
  const zones = useMemo(() => allTimeZones(), []);
  const [query, setQuery] = useState('');
  const id = useId();
  const shown = matchZones(zones, query);
  // the chosen zone stays an option while the search hides it, so the select never lies
  const options = shown.includes(value) ? shown : [value, ...shown];
  const device = browserZone();
  return (
    <div className="field tz-field">
      <label htmlFor={`${id}-select`}>{label}</label>
      <div className="tz-row">
        <input
          id={`${id}-search`}
          type="search"
          className="tz-search"
          aria-label={searchLabel}
          placeholder={searchLabel}
          value={query}
          aria-controls={`${id}-select`}
          aria-describedby={shown.length === 0 ? `${id}-none` : undefined}
          onChange={(event) => {
            setQuery(event.target.value);
            const first = matchZones(zones, event.target.value)[0];
            if (first && event.target.value.trim() !== '') onChange(first);
          }}
        />
        <select
          id={`${id}-select`}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={help ? `${id}-help` : undefined}
        >
          {options.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </div>
      {shown.length === 0 && (
        <p id={`${id}-none`} className="field-help" role="status">
          {t('profile.timeZone.none', { query })}
        </p>
      )}
      {value !== device && (
        <button
          type="button"
          className="link-button tz-device"
          onClick={() => {
            setQuery('');
            onChange(device);
          }}
        >
          {t('profile.timeZone.browser', { zone: device.replace(/_/g, ' ') })}
        </button>
      )}
      {help && (
        <p id={`${id}-help`} className="field-help">
          {help}
        </p>
      )}
    </div>
  );
}
