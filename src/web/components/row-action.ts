import type { KeyboardEvent } from 'react';

/** The rows of the same table body that open something (see rowAction). */
function siblings(row: HTMLElement): HTMLElement[] {
  const body = row.parentElement;
  return body ? [...body.querySelectorAll<HTMLElement>(':scope > .row-action')] : [row];
}

/**
 * Props that make a table row open something from the keyboard as well as the mouse (#13.7). The rows
 * of one table are one stop in the tab order (the first row, or the last one focused): Tab reaches the
 * table, ↑/↓ (Home/End) move between rows, Enter or Space opens the focused row, as a button would.
 * The focus ring is drawn by `.row-action:focus-visible`. `expanded` says whether what the row opens is
 * shown, announced as the current row (`aria-current`, a global attribute: `aria-expanded` is not allowed on
 * a row of a plain table, which axe reports as serious).
 */
export function rowAction(open: () => void, expanded: boolean, first: boolean) {
  return {
    tabIndex: first ? 0 : -1,
    className: 'row-action',
    'aria-current': expanded ? ('true' as const) : undefined,
    onClick: open,
    onFocus: (e: { currentTarget: HTMLElement }) => {
      for (const r of siblings(e.currentTarget)) r.tabIndex = r === e.currentTarget ? 0 : -1;
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
        return;
      }
      const rows = siblings(e.currentTarget);
      const i = rows.indexOf(e.currentTarget);
      const to =
        e.key === 'ArrowDown'
          ? rows[i + 1]
          : e.key === 'ArrowUp'
            ? rows[i - 1]
            : e.key === 'Home'
              ? rows[0]
              : e.key === 'End'
                ? rows[rows.length - 1]
                : undefined;
      if (to) {
        e.preventDefault();
        to.focus();
      }
    },
  };
}
