import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n.tsx';

// Every create, move, start, stop, dismiss and sync result is announced in a polite live region,
// and a toast holds Undo for 10 s (UX.md B0).
type Toast = {
  id: number;
  text: string;
  tone: 'info' | 'error';
  hint?: string;
  undo?: () => void | Promise<void>;
  actions?: ToastAction[];
};
export type ToastAction = { label: string; run: () => void | Promise<void> };

type AnnounceOptions = { undo?: () => void | Promise<void>; tone?: 'info' | 'error'; hint?: string; actions?: ToastAction[] };
type AnnouncerApi = { announce: (text: string, options?: AnnounceOptions) => void };

const AnnouncerContext = createContext<AnnouncerApi>({ announce: () => {} });

let nextId = 1;

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [spoken, setSpoken] = useState('');
  const timers = useRef(new Map<number, number>());

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
    const timer = timers.current.get(id);
    if (timer) window.clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const announce = useCallback(
    (text: string, options: AnnounceOptions = {}) => {
      const id = nextId++;
      const toast: Toast = { id, text, tone: options.tone ?? 'info' };
      if (options.hint) toast.hint = options.hint;
      if (options.undo) toast.undo = options.undo;
      if (options.actions) toast.actions = options.actions;
      setToasts((current) => [...current.slice(-3), toast]);
      // re-set the text so that a repeated message is read again
      setSpoken('');
      window.setTimeout(() => setSpoken(options.hint ? `${text} ${options.hint}` : text), 30);
      timers.current.set(
        id,
        window.setTimeout(() => dismiss(id), options.tone === 'error' ? 15_000 : 10_000),
      );
    },
    [dismiss],
  );

  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);

  return (
    <AnnouncerContext.Provider value={{ announce }}>
      {children}
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="live-region">
        {spoken}
      </div>
      <div className="toasts">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`} data-testid="toast">
            <div className="toast-text">
              <span>{toast.text}</span>
              {toast.hint && <span className="toast-hint">{toast.hint}</span>}
            </div>
            {toast.actions?.map((action) => (
              <button
                key={action.label}
                type="button"
                className="link-button"
                onClick={() => {
                  dismiss(toast.id);
                  void action.run();
                }}
              >
                {action.label}
              </button>
            ))}
            {toast.undo && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  dismiss(toast.id);
                  void toast.undo?.();
                }}
              >
                {t('action.undo')}
              </button>
            )}
            <button type="button" className="icon-button" aria-label={t('action.close')} onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): AnnouncerApi['announce'] {
  return useContext(AnnouncerContext).announce;
}
