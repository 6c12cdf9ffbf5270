import { useEffect, useState } from 'react';
import { getSession, onSessionChange, type Session } from './api.js';
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { MemberPicker } from './components/MemberPicker.js';
import { NodeStatus } from './components/NodeStatus.js';
import { useHashRoute } from './hooks.js';
import { SessionContext } from './session.js';
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
  const [session, setSessionState] = useState<Session | null>(getSession);
  useEffect(() => onSessionChange(setSessionState), []);

  const wanted = ALIASES[route[0]] ?? route[0];
  const active = tabs.find((v) => v.id === wanted) ?? (route.length === 0 ? tabs[0] : undefined);
  useEffect(() => {
    document.title = active ? `${active.title} · Tahaluf — تحالف` : 'Tahaluf — تحالف';
  }, [active]);

  return (
    <SessionContext.Provider value={session}>
      <div className="shell">
        <header className="topbar">
          <a className="brand" href="#/" aria-label="Tahaluf home">
            <span className="brand-mark" aria-hidden="true">
              T
            </span>
            <span className="brand-name">Tahaluf</span>
            <span className="brand-sep" aria-hidden="true">
              —
            </span>
            <span className="brand-ar" lang="ar" dir="rtl">
              تحالف
            </span>
          </a>
          <span className="brand-tagline">Collective-security alliance console</span>
          <MemberPicker session={session} />
        </header>
        <nav className="tabs" aria-label="Views">
          {tabs.map((v) => (
            <a
              key={v.id}
              href={`#/${v.id}`}
              className={v === active ? 'tab active' : 'tab'}
              aria-current={v === active ? 'page' : undefined}
              data-testid={`tab-${v.id}`}
            >
              {v.title}
            </a>
          ))}
        </nav>
        <main className="content" id="main">
          {active ? (
            // Keyed by the session too: what a view shows depends on who acts, so choosing another member
            // remounts the view and every request it holds is made again under the new identity.
            <ErrorBoundary key={`${active.id}|${session?.token ?? 'public'}`} label={active.title}>
              <active.component />
            </ErrorBoundary>
          ) : (
            <section className="panel">
              <h2>Not found</h2>
              <p>
                No view is called “{route[0]}”.{' '}
                <a href={`#/${tabs[0]?.id ?? ''}`}>Back to the map</a>.
              </p>
            </section>
          )}
        </main>
        <footer className="footer">
          <span>Tahaluf coordinates, shares and warns. Every seeded fact carries its source.</span>
          <NodeStatus />
        </footer>
      </div>
    </SessionContext.Provider>
  );
}
