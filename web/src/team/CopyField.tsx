import { useId, useRef, useState } from 'react';
import { useI18n } from '../i18n.tsx';

// A secret or link to copy (invite link, new API token): read-only field and a Copy button.
// The clipboard API needs a secure context and permission; without it the text is selected, and
// the person is told to press Ctrl+C.
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'selected'>('idle');

  function select(): void {
    input.current?.focus();
    input.current?.select();
  }

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      select();
      setStatus('selected');
    }
  }

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input
          ref={input}
          id={id}
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.target.select()}
          aria-describedby={`${id}-status`}
        />
        <button type="button" className="primary" onClick={() => void copy()}>
          {t('copy.button')}
          <span className="sr-only"> {label}</span>
        </button>
      </div>
      <p id={`${id}-status`} className="field-help" role="status">
        {status === 'copied' ? t('copy.done') : status === 'selected' ? t('copy.selected') : ''}
      </p>
    </div>
  );
}
