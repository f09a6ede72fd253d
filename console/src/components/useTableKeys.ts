// Keyboard navigation of the findings table: j / ↓ next, k / ↑ previous, Enter or o open,
// x or space select, Escape close the panel, / focus the filter, g first, G last. Keys typed into
// a form field are left alone.

import { useEffect, useRef } from 'react';

export interface TableKeyHandlers {
  count: number;
  active: number;
  setActive: (i: number) => void;
  open: (i: number) => void;
  toggle: (i: number) => void;
  close: () => void;
  focusFilter: () => void;
}

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function useTableKeys(h: TableKeyHandlers): void {
  const ref = useRef(h);
  useEffect(() => {
    ref.current = h;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const x = ref.current;
      if (e.key === 'Escape') {
        x.close();
        return;
      }
      if (typing(e.target)) return;
      const last = x.count - 1;
      const cur = Math.max(0, Math.min(x.active, last));
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          if (x.count) x.setActive(Math.min(last, x.active < 0 ? 0 : cur + 1));
          break;
        case 'k':
        case 'ArrowUp':
          if (x.count) x.setActive(Math.max(0, cur - 1));
          break;
        case 'g':
          if (x.count) x.setActive(0);
          break;
        case 'G':
          if (x.count) x.setActive(last);
          break;
        case 'Enter':
        case 'o':
          if (x.count && x.active >= 0 && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLAnchorElement)) x.open(cur);
          else return;
          break;
        case 'x':
        case ' ':
          if (x.count && x.active >= 0 && !(e.target instanceof HTMLButtonElement)) x.toggle(cur);
          else return;
          break;
        case '/':
          x.focusFilter();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
