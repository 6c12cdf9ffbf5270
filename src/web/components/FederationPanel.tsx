import { useEffect, type ReactNode } from 'react';
import { get } from '../api.js';
import { useAsync } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import { AllianceCapsPanel } from './AllianceCapsPanel.js';

interface CheckpointBrief {
  size: number;
  rootHash: string;
  cosigners: string[];
}
interface FederationStatus {
  alliance: string;
  node: string;
  nodeKey: { keyId: string; custody: string };
  connected: boolean;
  lastStreamSeq: number;
  applied: number;
  rejected: number;
  checkpoint: {
    treeSize: number;
    latest: CheckpointBrief | null;
    final: CheckpointBrief | null;
    quorum: number;
    warning: string | null;
  };
}
interface Entry {
  streamSeq: number;
  actor: string | null;
  type: string | null;
  actId: string | null;
  code: string | null;
  reason: string | null;
}
interface Evidence {
  kind: string;
  witness: string;
  size: number;
  reason: string;
  seenAt: string;
}

const REFRESH_MS = 5000;

/** Loads the node's federation status; null on a node that is not federated. */
async function loadFederation() {
  if (!(await get<{ federated?: boolean }>('/api/health')).federated) return null;
  const [status, rejected, evidence] = await Promise.all([
    get<FederationStatus>('/api/federation/status'),
    get<{ entries: Entry[] }>('/api/federation/rejected', { limit: 50 }),
    get<{ evidence: Evidence[] }>('/api/federation/evidence'),
  ]);
  return { status, rejected: rejected.entries, evidence: evidence.evidence };
}

const short = (hash: string) => `${hash.slice(0, 16)}…`;

/**
 * Which node the console is on in the federation (member, custody of its key, key id), the alliance
 * log's latest checkpoint with its cosigners and the latest final one, the acts this node rejected, and a
 * warning when it has seen inconsistent signed checkpoints. Renders nothing on a standalone node.
 */
export function FederationPanel() {
  const { t, rich, num, locale } = useI18n();
  const join = (xs: string[]) => xs.join(locale === 'ar' ? '، ' : ', ');
  const code = (c: ReactNode) => <code>{c}</code>;
  const checkpoint = (c: CheckpointBrief) =>
    rich('federation.checkpoint', {
      size: num(c.size),
      root: short(c.rootHash),
      cosigners: join(c.cosigners),
      code: (x) => <code title={c.rootHash}>{x}</code>,
    });
  const fed = useAsync(loadFederation, []);
  const { reload } = fed;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  if (fed.error) return <p className="error-text">{fed.error.message}</p>;
  if (!fed.data) return null;
  const { status: s, rejected, evidence } = fed.data;
  const cp = s.checkpoint;
  return (
    <section className="panel" data-testid="federation-panel">
      <h2>{t('federation.title', { alliance: s.alliance })}</h2>
      {cp.warning && (
        <div className="error-text" role="alert" data-testid="federation-warning">
          <strong>{t('federation.warning')}</strong>{' '}
          {evidence
            .map((e) =>
              t('federation.evidence', {
                kind: e.kind,
                witness: e.witness,
                size: num(e.size),
                reason: e.reason,
              }),
            )
            .join(locale === 'ar' ? '؛ ' : '; ')}
          . {rich('federation.run', { code })}
        </div>
      )}
      <dl className="facts">
        <dt>{t('federation.thisNode')}</dt>
        <dd data-testid="federation-node">
          {rich('federation.node', {
            node: s.node,
            keyId: s.nodeKey.keyId,
            code,
            custody:
              s.nodeKey.custody === 'member-node' ? t('federation.ownKey') : s.nodeKey.custody,
            connected: s.connected ? t('federation.connected') : t('federation.notConnected'),
          })}
        </dd>
        <dt>{t('federation.applied')}</dt>
        <dd>
          {t('federation.appliedText', {
            applied: num(s.applied),
            rejected: num(s.rejected),
            seq: num(s.lastStreamSeq),
          })}
        </dd>
        <dt>{t('federation.latest')}</dt>
        <dd data-testid="federation-checkpoint">
          {cp.latest ? checkpoint(cp.latest) : t('federation.noneYet')}
        </dd>
        <dt>{t('federation.final', { quorum: num(cp.quorum) })}</dt>
        <dd data-testid="federation-final">
          {cp.final ? checkpoint(cp.final) : t('federation.noFinal')}
        </dd>
      </dl>
      <details data-testid="federation-rejected" open={rejected.length > 0 && rejected.length <= 5}>
        <summary>{t('federation.rejected', { count: num(rejected.length) })}</summary>
        {rejected.length ? (
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{t('federation.actor')}</th>
                <th>{t('federation.type')}</th>
                <th>{t('federation.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {rejected.map((r) => (
                <tr key={r.streamSeq}>
                  <td>{r.streamSeq}</td>
                  <td>{r.actor ?? '?'}</td>
                  <td>{r.type ?? '?'}</td>
                  <td>
                    <code>{r.code}</code> {r.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{t('federation.none')}</p>
        )}
      </details>
      <AllianceCapsPanel />
    </section>
  );
}
