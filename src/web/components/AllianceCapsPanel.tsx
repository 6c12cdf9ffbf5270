import { useEffect } from 'react';
import { get } from '../api.js';
import { useAsync } from '../hooks.js';
import { useI18n, type MessageId } from '../i18n/index.js';

/** A CAP summary as GET /api/warning/alliance-caps serves it. */
interface AllianceCap {
  identifier: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  status: 'Actual' | 'Exercise';
  members: string[];
  sent: string;
  actor: string;
  keyId: string | null;
  actId: string;
  streamSeq: number;
}

const KINDS = {
  Alert: 'federation.capAlert',
  Update: 'federation.capUpdate',
  Cancel: 'federation.capCancel',
} satisfies Record<AllianceCap['msgType'], MessageId>;

const REFRESH_MS = 5000;

/** The summaries; null on a node without the warning module (the route is absent). */
const loadCaps = () =>
  get<{ summaries: AllianceCap[] }>('/api/warning/alliance-caps', { limit: 50 }).then(
    (r) => r.summaries,
    () => null,
  );

/**
 * The CAP warnings members' nodes issued, as summarised on the alliance log (#12): which member issued
 * which kind to whom and when, the key of that member's node that signed the act, and that this node
 * verified it (signature by a key registered to that member, the member's right) before applying it.
 */
export function AllianceCapsPanel() {
  const { t, rich, num, dateTime, list } = useI18n();
  const caps = useAsync(loadCaps, []);
  const { reload } = caps;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const rows = caps.data;
  if (!rows) return null;
  return (
    <details data-testid="federation-caps" open={rows.length > 0}>
      <summary>{t('federation.caps', { count: num(rows.length) })}</summary>
      {rows.length ? (
        <table>
          <thead>
            <tr>
              <th>{t('federation.capSent')}</th>
              <th>{t('federation.capIssuer')}</th>
              <th>{t('federation.capKind')}</th>
              <th>{t('federation.capMembers')}</th>
              <th>{t('federation.capSigned')}</th>
              <th>{t('federation.capVerified')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.identifier} data-testid="federation-cap">
                <td>
                  <time dateTime={c.sent}>{dateTime(c.sent)}</time>
                </td>
                <td>{c.actor}</td>
                <td title={c.identifier}>
                  {t(KINDS[c.msgType])}
                  {c.status === 'Exercise' ? ` ${t('federation.capExercise')}` : ''}
                </td>
                <td>{list(c.members)}</td>
                <td>
                  {rich('federation.capSignedBy', {
                    actor: c.actor,
                    keyId: c.keyId ?? '?',
                    code: (x) => <code>{x}</code>,
                  })}
                </td>
                <td>{t('federation.capVerifiedText', { seq: num(c.streamSeq) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('federation.capsNone')}</p>
      )}
    </details>
  );
}
