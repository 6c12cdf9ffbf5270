import { useEffect, useState } from 'react';
import { getSession, onSessionChange, type Session } from './api.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { MemberPicker } from './components/MemberPicker.js';
import { NodeStatus } from './components/NodeStatus.js';
import { Notifications } from './components/Notifications.js';
import { Search } from './components/Search.js';
import { useHashRoute } from './hooks.js';
import { useI18n } from './i18n/index.js';
import { SessionContext } from './session.js';
import { useTheme } from './theme.js';
import { views } from './views/index.js';

/** Tab order: the map, then the alliance's business in the order, the record last; other views keep file order. */
const TAB_ORDER = [
  'map',
  'obligations',
  'treaties',
  'council',
  'intel',
  'intelligence',
  'warning',
  'early-warning',
  'forces',
];
/** Other names people type for a tab (its title as a slug). */
const ALIASES: Record<string, string> = {
  intelligence: 'intel',
  'early-warning': 'warning',
  treaties: 'obligations',
  'if-attacked': 'obligations',
};
const rank = (id: string) =>
  id === 'record' ? 1000 : TAB_ORDER.includes(id) ? TAB_ORDER.indexOf(id) : 500;
const tabs = views
  .map((v, i) => ({ v, i }))
  .sort((a, b) => rank(a.v.id) - rank(b.v.id) || a.i - b.i)
  .map(({ v }) => v);

/** The console shell: header with the acting member, one tab per registered view, hash routing. */
export function App() {
  const route = useHashRoute();
  const { t, rich, locale, setLocale, digits, setDigits } = useI18n();
  const { theme, toggle: toggleTheme } = useTheme();
  const [session, setSessionState] = useState<Session | null>(getSession);
  useEffect(() => {
    // A sign-in that finished between the first render and this subscription is not missed.
    setSessionState(getSession());
    return onSessionChange(setSessionState);
  }, []);
  useScrollableTablesFocusable();

  const wanted = ALIASES[route[0]] ?? route[0];
  const active = tabs.find((v) => v.id === wanted) ?? (route.length === 0 ? tabs[0] : undefined);
  useEffect(() => {
    document.title = active
      ? t('shell.documentTitle', { view: t(active.title) })
      : t('shell.documentTitle', { view: t('shell.brand') });
  }, [active, t]);

  return (
    <SessionContext.Provider value={session}>
      <div className="shell">
        <button
          type="button"
          className="skip-link"
          onClick={() => document.getElementById('main')?.focus()}
          data-testid="skip-to-content"
        >
          {t('a11y.skipToContent')}
        </button>
        <header className="topbar">
          <a className="brand" href="#/" title={t('shell.home')}>
            <span className="brand-mark" aria-hidden="true" translate="no">
              T
            </span>
            {/* The name in both scripts, whatever the reader's language. */}
            <span className="brand-name" lang="en" dir="ltr" translate="no">
              Tahaluf
            </span>
            <span className="brand-sep" aria-hidden="true">
              —
            </span>
            <span className="brand-ar" lang="ar" dir="rtl" translate="no">
              تحالف
            </span>
          </a>
          <span className="brand-tagline">{t('shell.tagline')}</span>
          <Search />
          <MemberPicker session={session} />
          <button
            type="button"
            className="theme-switch"
            title={t(theme === 'dark' ? 'theme.toLightLabel' : 'theme.toDarkLabel')}
            aria-label={t(theme === 'dark' ? 'theme.toLightLabel' : 'theme.toDarkLabel')}
            data-testid="theme-switch"
            data-theme={theme}
            onClick={toggleTheme}
          >
            {t(theme === 'dark' ? 'theme.toLight' : 'theme.toDark')}
          </button>
          <button
            type="button"
            className="locale-switch"
            lang={locale === 'ar' ? 'en' : 'ar'}
            title={t('shell.switchToLabel')}
            data-testid="locale-switch"
            onClick={() => setLocale(locale === 'ar' ? 'en' : 'ar')}
          >
            {t('shell.switchTo')}
          </button>
          {locale === 'ar' && (
            <button
              type="button"
              className="locale-switch"
              aria-pressed={digits === 'arab'}
              title={t('shell.digitsLabel')}
              data-testid="digits-switch"
              onClick={() => setDigits(digits === 'arab' ? 'latn' : 'arab')}
            >
              {t('shell.digits')}
            </button>
          )}
        </header>
        <nav className="tabs" aria-label={t('shell.views')}>
          {tabs.map((v) => (
            <a
              key={v.id}
              href={`#/${v.id}`}
              className={v === active ? 'tab active' : 'tab'}
              aria-current={v === active ? 'page' : undefined}
              data-testid={`tab-${v.id}`}
            >
              {t(v.title)}
            </a>
          ))}
        </nav>
        <Notifications />
        <main className="content" id="main" tabIndex={-1}>
          {active ? (
            // Keyed by the session too: what a view shows depends on who acts, so choosing another member
            // remounts the view and every request it holds is made again under the new identity.
            <ErrorBoundary key={`${active.id}|${session?.id ?? 'public'}`} label={t(active.title)}>
              <active.component />
            </ErrorBoundary>
          ) : (
            <section className="panel">
              <h2>{t('shell.notFound.title')}</h2>
              <p>
                {rich('shell.notFound.body', {
                  name: route[0],
                  link: (chunks) => <a href={`#/${tabs[0]?.id ?? ''}`}>{chunks}</a>,
                })}
              </p>
            </section>
          )}
        </main>
        <footer className="footer">
          <span>{t('shell.footer')}</span>
          <NodeStatus />
        </footer>
      </div>
    </SessionContext.Provider>
  );
}

/**
 * A table wider than its box scrolls inside it (phones): make it focusable so a keyboard user can
 * scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable). Re-checked when the page changes.
 */
function useScrollableTablesFocusable() {
  useEffect(() => {
    let frame = 0;
    const check = () => {
      frame = 0;
      for (const table of document.querySelectorAll<HTMLElement>('main table')) {
        const scrolls = table.scrollWidth > table.clientWidth + 1;
        if (scrolls && table.tabIndex < 0) table.tabIndex = 0;
        else if (!scrolls && table.getAttribute('tabindex') === '0')
          table.removeAttribute('tabindex');
      }
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(check);
    };
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', schedule);
    schedule();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);
}
