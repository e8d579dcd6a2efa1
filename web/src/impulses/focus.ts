// After an action on an impulse, focus moves to the next untracked impulse (UX.md B0 "Focus"). The
// panel's list is the one place items are rendered, so the DOM order is the order people see.
// The item cells carry data-impulse-*; the button inside takes the focus.
function items(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('#impulses [data-impulse-id][data-impulse-kind]')];
}

// `highlight`: also mark it for a moment, for a pointer user who sees no focus ring (B8 step 3)
export function focusImpulse(id: string, highlight = false): boolean {
  const cell = items().find((element) => element.dataset.impulseId === id);
  const button = cell?.querySelector<HTMLElement>('button[data-roving]');
  if (!cell || !button) return false;
  button.focus();
  if (highlight) {
    cell.classList.add('is-highlighted');
    window.setTimeout(() => cell.classList.remove('is-highlighted'), 3000);
  }
  return true;
}

// The first untracked meeting after `afterId` in the list (wrapping round), else the first one.
export function nextUntrackedId(afterId: string | null): string | null {
  const all = items();
  const open = (element: HTMLElement) =>
    element.dataset.impulseState === 'open' && element.dataset.impulseKind === 'meeting' && element.dataset.impulseId !== afterId;
  const index = afterId ? all.findIndex((element) => element.dataset.impulseId === afterId) : -1;
  const ordered = index >= 0 ? [...all.slice(index + 1), ...all.slice(0, index)] : all;
  return ordered.find(open)?.dataset.impulseId ?? null;
}

// Where focus goes once an action on `afterId` is done, decided before the action: a dismissed item
// leaves the list, so afterwards nobody could tell what came after it.
export function focusNextUntrackedLater(afterId: string | null): () => void {
  const next = nextUntrackedId(afterId);
  // runs after React has drawn the new states (the tracked item flips before focus moves on)
  return () =>
    window.setTimeout(() => {
      if (next && focusImpulse(next)) return;
      const first = nextUntrackedId(null);
      if (first) focusImpulse(first);
      else if (afterId) focusImpulse(afterId);
    }, 0);
}
