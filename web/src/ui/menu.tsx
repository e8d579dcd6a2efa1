import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';

export type MenuItem = {
  id: string;
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  // why a disabled item is disabled, read with it
  reason?: string;
  danger?: boolean;
};

// A menu (APG menu button pattern): ↑/↓ and the first letter move, Enter chooses, Esc closes and
// returns focus to the button. The same menu serves mouse, touch and keyboard.
export function Menu({
  items,
  label,
  onClose,
  anchor,
  className,
}: {
  items: MenuItem[];
  label: string;
  onClose: (returnFocus: boolean) => void;
  anchor?: HTMLElement | null;
  className?: string;
}) {
  const ref = useRef<HTMLUListElement>(null);
  const [active, setActive] = useState(() =>
    Math.max(
      0,
      items.findIndex((item) => !item.disabled),
    ),
  );
  useEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (ref.current?.contains(event.target as Node) || anchor?.contains(event.target as Node)) return;
      onClose(false);
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [anchor, onClose]);

  function onKeyDown(event: KeyboardEvent) {
    const count = items.length;
    if (event.key === 'ArrowDown') setActive((index) => (index + 1) % count);
    else if (event.key === 'ArrowUp') setActive((index) => (index - 1 + count) % count);
    else if (event.key === 'Home') setActive(0);
    else if (event.key === 'End') setActive(count - 1);
    else if (event.key === 'Escape') onClose(true);
    else if (event.key === 'Tab') onClose(false);
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const start = active + 1;
      for (let offset = 0; offset < count; offset++) {
        const index = (start + offset) % count;
        if (items[index]!.label.toLowerCase().startsWith(letter)) {
          setActive(index);
          break;
        }
      }
    } else return;
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <ul ref={ref} role="menu" aria-label={label} className={`menu ${className ?? ''}`} onKeyDown={onKeyDown}>
      {items.map((item, index) => (
        <li
          key={item.id}
          role="menuitem"
          tabIndex={index === active ? 0 : -1}
          aria-disabled={item.disabled || undefined}
          data-menu-item={item.id}
          className={`menu-item${item.danger ? ' danger' : ''}`}
          onClick={() => {
            if (item.disabled) return;
            onClose(false);
            item.onSelect();
          }}
          onKeyDown={(event) => {
            if ((event.key === 'Enter' || event.key === ' ') && !item.disabled) {
              event.preventDefault();
              event.stopPropagation();
              onClose(false);
              item.onSelect();
            }
          }}
        >
          <span>{item.label}</span>
          {item.disabled && item.reason && <span className="menu-reason">{item.reason}</span>}
        </li>
      ))}
    </ul>
  );
}

// A button that opens a Menu below itself.
export function MenuButton({
  label,
  items,
  children,
  className,
  buttonProps,
}: {
  label: string;
  items: MenuItem[];
  children: ReactNode;
  className?: string;
  buttonProps?: Record<string, string>;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  return (
    <div className={`menu-anchor ${className ?? ''}`}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
          }
        }}
        {...buttonProps}
      >
        {children}
        {/* the name as text, not aria-label: the visible initials are aria-hidden (WCAG 2.5.3 label in name) */}
        <span className="sr-only">{label}</span>
      </button>
      {open && (
        <div id={id}>
          <Menu
            items={items}
            label={label}
            anchor={button.current}
            onClose={(returnFocus) => {
              setOpen(false);
              if (returnFocus) button.current?.focus();
            }}
          />
        </div>
      )}
    </div>
  );
}
