import { useCallback, useEffect, useState } from 'react';

/** Light or dark (#13.11): the reader's stored choice, else the system's prefers-color-scheme. */
export type Theme = 'light' | 'dark';

/** localStorage key of the reader's choice (a preference, not a secret). */
export const THEME_KEY = 'tahaluf.theme';

const isTheme = (v: unknown): v is Theme => v === 'light' || v === 'dark';

function stored(): Theme | null {
  try {
    const v = window.localStorage.getItem(THEME_KEY);
    return isTheme(v) ? v : null;
  } catch {
    return null; // storage disabled: the system decides
  }
}

const systemDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

/** The theme to show: the stored choice, else the system's. */
export function effectiveTheme(): Theme {
  return stored() ?? (systemDark() ? 'dark' : 'light');
}

/** Sets data-theme on <html> (the stylesheet's dark variables hang on it). */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/**
 * The current theme and a toggle that remembers the choice. Without a choice, a change of the
 * system's setting while the console is open is followed.
 */
export function useTheme(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState<Theme>(effectiveTheme);
  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const on = () => {
      if (!stored()) setTheme(mq.matches ? 'dark' : 'light');
    };
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const toggle = useCallback(() => {
    setTheme((t) => {
      const next: Theme = t === 'dark' ? 'light' : 'dark';
      try {
        window.localStorage.setItem(THEME_KEY, next);
      } catch {
        // storage disabled: the choice lasts for this page only
      }
      return next;
    });
  }, []);
  return { theme, toggle };
}
