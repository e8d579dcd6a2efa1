import { useRef } from 'react';
import { parseDate } from '../../../src/i18n/format.ts';
import { useI18n } from '../i18n.tsx';
import { dateInputText } from '../records/record-times.ts';
import '../records/records.css';

// A date typed in the reader's own format ("31. 3. 2026", "31/03/2026"; ISO works too), with a
// button (and Alt+↓) that opens the browser's calendar picker, as the record form has it: the
// native date input alone shows the browser's format, not the profile's language.
export function DateField({
  id,
  label,
  value,
  onChange,
  help,
  problem,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  help?: string;
  problem?: string | undefined;
}) {
  const { t, lang } = useI18n();
  const picker = useRef<HTMLInputElement>(null);
  const describedBy = [problem ? `${id}-error` : null, `${id}-example`, help ? `${id}-help` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="date-field">
        <input
          id={id}
          type="text"
          inputMode="numeric"
          value={value}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.altKey && event.key === 'ArrowDown') {
              event.preventDefault();
              picker.current?.showPicker?.();
            }
          }}
        />
        <button
          type="button"
          className="icon-button date-picker-button"
          aria-label={t('record.date.picker')}
          onClick={() => picker.current?.showPicker?.()}
        >
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
            <rect x="3" y="5" width="18" height="16" rx="2" />
            <path d="M3 10h18M8 3v4M16 3v4" />
          </svg>
        </button>
        <input
          ref={picker}
          type="date"
          className="date-picker-native"
          tabIndex={-1}
          aria-hidden="true"
          value={parseDate(value) ?? ''}
          onChange={(event) => event.target.value && onChange(dateInputText(lang, event.target.value))}
        />
      </div>
      {problem && (
        <p id={`${id}-error`} className="field-error">
          {problem}
        </p>
      )}
      <p id={`${id}-example`} className="field-help">
        {t('record.date.help')}
      </p>
      {help && (
        <p id={`${id}-help`} className="field-help">
          {help}
        </p>
      )}
    </div>
  );
}
