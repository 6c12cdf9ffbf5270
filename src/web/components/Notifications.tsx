import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { useStateNames } from '../hooks.js';
import { useSession } from '../session.js';
import type { Notification } from '../../warning/notification-routes.js';

/** The newest notifications kept on screen (older ones are in the council agenda and the CAP log). */
const KEEP = 5;

/**
 * Notifications (#13.11) from GET /api/notifications/stream (server-sent events), for a signed-in
 * reader: a council procedure opened, an Alert CAP message to the reader's member. Shown in a polite
 * live region under the header, each a link to what it is about, dismissable.
 */
export function Notifications() {
  const { t, dateTime } = useI18n();
  const stateName = useStateNames();
  const session = useSession();
  const [items, setItems] = useState<(Notification & { key: string })[]>([]);
  const signedIn = !!session;
  useEffect(() => {
    if (!signedIn || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/notifications/stream');
    const add = (e: MessageEvent<string>) => {
      try {
        const n = JSON.parse(e.data) as Notification;
        const key = n.kind === 'procedure' ? `p:${n.id}` : `a:${n.identifier}`;
        setItems((xs) => [{ ...n, key }, ...xs.filter((x) => x.key !== key)].slice(0, KEEP));
      } catch {
        // a malformed event is skipped
      }
    };
    source.addEventListener('procedure', add);
    source.addEventListener('alert', add);
    return () => source.close();
  }, [signedIn]);
  return (
    <div
      className="notifications"
      role="status"
      aria-live="polite"
      aria-label={t('notify.region')}
      data-testid="notifications"
      data-connected={signedIn ? '1' : '0'}
    >
      {items.map((n) => (
        <p
          key={n.key}
          className={n.kind === 'alert' ? 'notification alert' : 'notification'}
          data-kind={n.kind}
        >
          {n.kind === 'procedure' ? (
            <a href={`#/council/${encodeURIComponent(n.id)}`}>
              {t('notify.procedure', {
                title: n.title,
                by: n.openedBy === 'SECRETARIAT' ? t('answers.secretariat') : stateName(n.openedBy),
                at: dateTime(n.at),
              })}
            </a>
          ) : (
            <a href="#/warning">
              {t('notify.alert', { member: stateName(n.member), at: dateTime(n.sent) })}
            </a>
          )}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => setItems((xs) => xs.filter((x) => x.key !== n.key))}
          >
            {t('notify.dismiss')}
          </button>
        </p>
      ))}
    </div>
  );
}
