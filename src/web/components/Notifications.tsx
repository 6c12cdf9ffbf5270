import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { fieldsOf, isOneOf } from '../guards.js';
import { useI18n } from '../i18n/index.js';
import { useStateNames } from '../hooks.js';
import { useSession } from '../session.js';
import type { Notification } from '../../warning/notification-routes.js';

/** Notifications kept in the list (older ones are in the council agenda, the intel feed and the CAP log). */
const KEEP = 20;
/** The event names the stream sends (GET /api/notifications/stream). */
const KINDS = ['procedure', 'intel', 'alert'] as const;

/**
 * A parsed event that is a notification: a kind the stream sends and the field its key is made of (the
 * rest is shown as text; an event without them is skipped, as a malformed one is).
 */
function isNotification(value: unknown): value is Notification {
  const fields = fieldsOf(value);
  if (!isOneOf(KINDS, fields.kind)) return false;
  return typeof (fields.kind === 'alert' ? fields.identifier : fields.id) === 'string';
}

/** A notification on screen; `seen` once the list was opened after it came. */
type Item = Notification & { key: string; seen: boolean };

const keyOf = (n: Notification) =>
  n.kind === 'procedure' ? `p:${n.id}` : n.kind === 'intel' ? `i:${n.id}` : `a:${n.identifier}`;

const hrefOf = (n: Notification) =>
  n.kind === 'procedure'
    ? `#/council/${encodeURIComponent(n.id)}`
    : n.kind === 'intel'
      ? `#/intel/${encodeURIComponent(n.id)}`
      : '#/warning';

/**
 * Notifications (#13.11) from GET /api/notifications/stream (server-sent events), for a signed-in
 * reader: a council procedure opened (a vote or position due from the reader's member), intelligence
 * newly visible to the reader, an Alert CAP message to the reader's member. A bell with the count of
 * unread ones opens the list (each a link to what it is about, dismissable); the newest is also read
 * out by a polite live region. The stream is reopened whenever the session changes (another member,
 * signed out), so it always speaks for the one signed in.
 */
export function Notifications() {
  const { t, num, dateTime } = useI18n();
  const stateName = useStateNames();
  const session = useSession();
  const [items, setItems] = useState<Item[]>([]);
  const [open, setOpen] = useState(false);
  const bell = useRef<HTMLButtonElement>(null);
  const sessionId = session?.id ?? null;
  useEffect(() => {
    setItems([]);
    if (!sessionId || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/notifications/stream');
    const add = (e: MessageEvent<string>) => {
      try {
        const n: unknown = JSON.parse(e.data);
        if (!isNotification(n)) return; // an event of another shape is skipped
        const key = keyOf(n);
        setItems((xs) =>
          [{ ...n, key, seen: false }, ...xs.filter((x) => x.key !== key)].slice(0, KEEP),
        );
      } catch {
        // a malformed event is skipped
      }
    };
    for (const kind of KINDS) source.addEventListener(kind, add);
    return () => source.close();
  }, [sessionId]);

  const by = useCallback(
    (actor: string) => (actor === 'SECRETARIAT' ? t('answers.secretariat') : stateName(actor)),
    [t, stateName],
  );
  const textOf = (n: Notification): string => {
    switch (n.kind) {
      case 'procedure': {
        const values = { title: n.title, by: by(n.openedBy), at: dateTime(n.at) };
        return n.due ? t(`notify.${n.due}`, values) : t('notify.procedure', values);
      }
      case 'intel':
        return t('notify.intel', {
          name: n.name,
          originator: stateName(n.originator),
          at: dateTime(n.dateAdded),
        });
      case 'alert':
        return t('notify.alert', { member: stateName(n.member), at: dateTime(n.sent) });
    }
  };
  const unread = items.filter((x) => !x.seen).length;
  const toggle = () => {
    setOpen((o) => !o);
    setItems((xs) => (xs.some((x) => !x.seen) ? xs.map((x) => ({ ...x, seen: true })) : xs));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      setOpen(false);
      bell.current?.focus();
    }
  };
  if (!sessionId) return null;
  return (
    <div
      className="notifications"
      data-testid="notifications"
      data-connected="1"
      data-unread={unread}
      onKeyDown={onKeyDown}
    >
      <button
        ref={bell}
        type="button"
        className="notify-bell"
        aria-expanded={open}
        aria-controls="notify-list"
        aria-label={t('notify.bell', { count: unread, n: num(unread) })}
        data-testid="notify-bell"
        onClick={toggle}
      >
        <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && (
          <span className="notify-count" aria-hidden="true" data-testid="notify-count">
            {num(unread)}
          </span>
        )}
      </button>
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="notify-live">
        {items[0] ? textOf(items[0]) : ''}
      </div>
      <div id="notify-list" className="notify-panel" hidden={!open} data-testid="notify-list">
        {items.length === 0 ? (
          <p>{t('notify.empty')}</p>
        ) : (
          <>
            <ul aria-label={t('notify.list')}>
              {items.map((n) => (
                <li
                  key={n.key}
                  className={n.kind === 'alert' ? 'notification alert' : 'notification'}
                  data-kind={n.kind}
                  data-due={n.kind === 'procedure' ? (n.due ?? undefined) : undefined}
                >
                  <a href={hrefOf(n)} onClick={() => setOpen(false)}>
                    {textOf(n)}
                  </a>{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setItems((xs) => xs.filter((x) => x.key !== n.key))}
                  >
                    {t('notify.dismiss')}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="link-button" onClick={() => setItems([])}>
              {t('notify.clear')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
