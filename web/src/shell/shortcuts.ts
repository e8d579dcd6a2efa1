import { useEffect, useRef } from 'react';
import type { Profile } from '../session.tsx';

// Single-key shortcuts (UX.md B0): never while typing in a field, never with Ctrl/Meta, and all off
// when the profile says so (WCAG 2.1.4). Keys with Alt (Alt+←/→) are not single-key and stay on.
export function shortcutsEnabled(profile: Profile): boolean {
  const preferences = (profile as { preferences?: { shortcuts?: boolean } }).preferences;
  return preferences?.shortcuts !== false;
}

export function isTyping(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit'].includes((element as HTMLInputElement).type);
  return false;
}

// `key` is the event's key ("n", "?", "ArrowLeft"); `alt` asks for Alt held.
export function useGlobalShortcut(
  key: string,
  run: (event: KeyboardEvent) => void,
  profile: Profile,
  options: { alt?: boolean } = {},
): void {
  const latest = useRef(run);
  latest.current = run;
  const enabled = shortcutsEnabled(profile);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey) return;
      if (Boolean(options.alt) !== event.altKey) return;
      if (!options.alt && !enabled) return;
      if (isTyping(event.target)) return;
      if (document.querySelector('dialog[open]') && key !== 'Escape') return;
      if (event.key.toLowerCase() !== key.toLowerCase()) return;
      event.preventDefault();
      latest.current(event);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key, enabled, options.alt]);
}
