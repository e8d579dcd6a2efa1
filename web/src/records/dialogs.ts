import { useSyncExternalStore } from 'react';

// Which record dialog is open, so that the calendar, the panel, the stopwatch and the shortcuts can
// open one without knowing who draws it (records/RecordDialogs.tsx draws it, mounted once on the
// dashboard). `returnFocus` is where focus goes when it closes (UX.md B0 "Focus").
export type RecordDialogRequest =
  | { kind: 'edit'; recordId: string }
  | { kind: 'new'; start?: string; end?: string; date?: string; projectId?: string; taskId?: string | null; description?: string }
  // chained: opened by "Save and next", so closing it returns focus to its own impulse
  | { kind: 'quickTrack'; impulseId: string; start?: string; end?: string; date?: string; chained?: boolean }
  // the stopwatch was stopped without a project: ask for it, then stop
  | { kind: 'stopTimer'; end?: string };

let current: RecordDialogRequest | null = null;
const listeners = new Set<() => void>();

export function openRecordDialog(request: RecordDialogRequest): void {
  current = request;
  for (const listener of listeners) listener();
}

export function closeRecordDialog(): void {
  current = null;
  for (const listener of listeners) listener();
}

export function useRecordDialog(): RecordDialogRequest | null {
  return useSyncExternalStore(
    (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    () => current,
  );
}
