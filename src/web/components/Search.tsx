import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api, get, today, type Alliance } from '../api.js';
import { loadStates, useAsync } from '../hooks.js';
import { useLabelText } from './label-text.js';
import { useI18n, type MessageId } from '../i18n/index.js';
import { useSession } from '../session.js';

type Kind = 'state' | 'alliance' | 'procedure' | 'intel';
interface Hit {
  kind: Kind;
  key: string;
  text: string;
  detail: string;
  href: string;
}
interface ProcedureRow {
  id: string;
  charterId: string;
  title: string;
  status: string;
  openedAt: string;
}
interface IntelHit {
  id: string;
  type: string;
  name: string;
  label: string | null;
  collection: string;
}

const KIND_TEXT: Record<Kind, MessageId> = {
  state: 'search.kind.state',
  alliance: 'search.kind.alliance',
  procedure: 'search.kind.procedure',
  intel: 'search.kind.intel',
};
/** Per kind, at most this many hits are listed (the query narrows the rest). */
const PER_KIND = 8;

/** True when a key press belongs to a field being typed in (then "/" is a character, not the shortcut). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const el = target;
  return (
    el.isContentEditable ||
    el.tagName === 'INPUT' ||
    el.tagName === 'TEXTAREA' ||
    el.tagName === 'SELECT'
  );
}

/**
 * One search across the console (#13.11): states and alliances from the registry, council procedures
 * and, for a signed-in member, intelligence objects through GET /api/intel/search, which reads through
 * the hub's releasability checks (an object the reader's label excludes is never matched). Opened with
 * "/" anywhere outside a text field, or with the header's button.
 */
export function Search() {
  const { t, name } = useI18n();
  const labelText = useLabelText().text;
  const session = useSession();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const listId = useId();

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === '/' && !open && !e.ctrlKey && !e.metaKey && !e.altKey && !typingIn(e.target)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const needle = q.trim().toLowerCase();
  const ready = needle.length >= 2;
  // The registry and the agenda once per opening; intelligence per query (the server filters it).
  const lists = useAsync(
    () =>
      open
        ? Promise.all([
            loadStates(),
            api.alliances(),
            get<ProcedureRow[]>('/api/council/procedures').catch((): ProcedureRow[] => []),
          ])
        : Promise.resolve(undefined),
    [open],
  );
  const member = session && session.member !== 'SECRETARIAT' ? session.member : null;
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(needle), 200);
    return () => clearTimeout(timer);
  }, [needle]);
  const intel = useAsync(
    () =>
      open && member && debounced.length >= 2
        ? get<{ items: IntelHit[] }>('/api/intel/search', { q: debounced }).then((r) => r.items)
        : Promise.resolve<IntelHit[]>([]),
    [open, member, debounced],
  );

  const hits = useMemo<Hit[]>(() => {
    if (!ready || !lists.data) return [];
    const [states, alliances, procedures] = lists.data;
    const has = (...xs: (string | null | undefined)[]) =>
      xs.some((x) => !!x && x.toLowerCase().includes(needle));
    const day = today();
    const out: Hit[] = [];
    out.push(
      ...states
        .filter((s) => has(s.nameEn, s.nameAr, s.iso3))
        .slice(0, PER_KIND)
        .map((s) => ({
          kind: 'state' as const,
          key: `state:${s.iso3}`,
          text: name(s),
          detail: `${s.iso3} · ${t('search.stateHint')}`,
          href: `#/obligations/${s.iso3}/${day}`,
        })),
      ...alliances
        .filter((a: Alliance) => has(a.name, a.nameAr, a.short, a.id))
        .slice(0, PER_KIND)
        .map((a) => ({
          kind: 'alliance' as const,
          key: `alliance:${a.id}`,
          text: name({ nameEn: a.name, nameAr: a.nameAr }),
          detail: a.short || a.id,
          href: `#/map/${encodeURIComponent(a.id)}`,
        })),
      ...procedures
        .filter((p) => has(p.title, p.id, p.charterId))
        .slice(0, PER_KIND)
        .map((p) => ({
          kind: 'procedure' as const,
          key: `procedure:${p.id}`,
          text: p.title,
          detail: `${p.charterId} · ${p.openedAt.slice(0, 10)} · ${p.status}`,
          href: `#/council/${encodeURIComponent(p.id)}`,
        })),
    );
    if (debounced === needle)
      out.push(
        ...(intel.data ?? []).slice(0, PER_KIND).map((o) => ({
          kind: 'intel' as const,
          key: `intel:${o.collection}:${o.id}`,
          text: o.name,
          detail: [o.type, o.label && labelText(o.label)].filter(Boolean).join(' · '),
          href: `#/intel/${encodeURIComponent(o.id)}`,
        })),
      );
    return out;
  }, [ready, lists.data, needle, debounced, intel.data, name, t, labelText]);

  useEffect(() => setActive(0), [needle]);

  const close = () => {
    setOpen(false);
    setQ('');
    opener.current?.focus();
  };
  const follow = (hit: Hit | undefined) => {
    if (!hit) return;
    window.location.hash = hit.href;
    setOpen(false);
    setQ('');
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, Math.max(hits.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      follow(hits[active]);
    }
  };
  const loading = ready && (lists.loading || intel.loading || debounced !== needle);

  return (
    <>
      <button
        type="button"
        ref={opener}
        className="search-open"
        title={t('search.openLabel')}
        aria-keyshortcuts="/"
        data-testid="search-open"
        onClick={() => setOpen(true)}
      >
        {t('search.open')}
      </button>
      {open && (
        <>
          <div className="search-backdrop" onClick={close} aria-hidden="true" />
          <div
            className="search-dialog"
            role="dialog"
            aria-modal="true"
            aria-label={t('search.dialog')}
            data-testid="search-dialog"
          >
            <input
              ref={input}
              type="search"
              role="combobox"
              aria-expanded={hits.length > 0}
              aria-controls={listId}
              aria-autocomplete="list"
              aria-activedescendant={hits[active] ? `${listId}-${active}` : undefined}
              aria-label={t('search.input')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={onKeyDown}
              data-testid="search-input"
            />
            <p className="small muted" role="status" data-testid="search-status">
              {!ready
                ? t('search.minChars')
                : loading
                  ? t('search.loading')
                  : hits.length === 0
                    ? t('search.none', { q: q.trim() })
                    : t('search.count', { count: hits.length })}
            </p>
            <ul
              className="search-results"
              id={listId}
              role="listbox"
              aria-label={t('search.results')}
              data-testid="search-results"
            >
              {hits.map((h, i) => (
                <li
                  key={h.key}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  data-kind={h.kind}
                  data-href={h.href}
                  onMouseEnter={() => setActive(i)}
                  onClick={() => follow(h)}
                >
                  <span className="kind">{t(KIND_TEXT[h.kind])}</span>
                  <strong>{h.text}</strong> <span className="small muted">{h.detail}</span>
                </li>
              ))}
            </ul>
            {!member && <p className="small muted">{t('search.intelSignIn')}</p>}
            <button type="button" onClick={close} data-testid="search-close">
              {t('search.close')}
            </button>
          </div>
        </>
      )}
    </>
  );
}
