import { useSyncExternalStore } from 'react';

// Whether a media query matches, following changes (the 600 px layout switch, UX.md B12).
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (callback) => {
      const list = matchMedia(query);
      list.addEventListener('change', callback);
      return () => list.removeEventListener('change', callback);
    },
    () => matchMedia(query).matches,
  );
}
