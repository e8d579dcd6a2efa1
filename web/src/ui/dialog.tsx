import { type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n.tsx';

// A modal dialog on the native <dialog>: focus stays inside, Esc closes, and focus returns to the
// element that opened it (UX.md B0 "Focus").
export function Dialog({
  title,
  onClose,
  children,
  className,
  initialFocus,
  describedBy,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  // a CSS selector inside the dialog to focus first
  initialFocus?: string;
  describedBy?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const target = initialFocus ? dialog.querySelector<HTMLElement>(initialFocus) : null;
    (target ?? dialog.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)'))?.focus();
    return () => {
      if (dialog.open) dialog.close();
      if (opener && document.contains(opener)) opener.focus();
    };
    // opened once per mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog ${className ?? ''}`}
      aria-labelledby="dialog-title"
      {...(describedBy && { 'aria-describedby': describedBy })}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="icon-button dialog-close" aria-label={t('action.close')} onClick={onClose}>
          ×
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
