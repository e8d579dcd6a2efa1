import { type KeyboardEvent, useCallback, useState } from 'react';

// A list that is one tab stop (UX.md B3): ↑/↓ move between items, Home/End go to the first/last,
// PageUp/PageDown jump by day group. Items carry `data-roving` (their id) and `data-group`.
export function useRoving(container: HTMLElement | null) {
  const [activeId, setActiveId] = useState<string | null>(null);

  const items = useCallback(() => (container ? [...container.querySelectorAll<HTMLElement>('[data-roving]')] : []), [container]);

  const move = useCallback(
    (event: KeyboardEvent<HTMLElement>): boolean => {
      const all = items();
      const current = all.findIndex((element) => element === event.currentTarget);
      if (current < 0) return false;
      let next = -1;
      const group = (index: number) => all[index]?.dataset.group;
      switch (event.key) {
        case 'ArrowDown':
          next = Math.min(all.length - 1, current + 1);
          break;
        case 'ArrowUp':
          next = Math.max(0, current - 1);
          break;
        case 'Home':
          next = 0;
          break;
        case 'End':
          next = all.length - 1;
          break;
        case 'PageDown': {
          next = all.findIndex((_, index) => index > current && group(index) !== group(current));
          if (next < 0) next = all.length - 1;
          break;
        }
        case 'PageUp': {
          // the first item of this group, or of the group before when already there
          const firstOfGroup = all.findIndex((_, index) => group(index) === group(current));
          const target = firstOfGroup === current ? group(Math.max(0, current - 1)) : group(current);
          next = all.findIndex((_, index) => group(index) === target);
          break;
        }
        default:
          return false;
      }
      event.preventDefault();
      const element = all[next];
      if (element) {
        setActiveId(element.dataset.roving ?? null);
        element.focus();
      }
      return true;
    },
    [items],
  );

  // the item that takes Tab: the last one focused, else the first
  const tabIndexOf = useCallback(
    (id: string, firstId: string | null) => {
      const known = activeId && items().some((element) => element.dataset.roving === activeId);
      return (known ? activeId === id : firstId === id) ? 0 : -1;
    },
    [activeId, items],
  );

  return { move, tabIndexOf, setActiveId };
}
