import { useEffect } from 'react';
import { get } from '../api.js';
import { useAsync } from '../hooks.js';

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
      <h2>Alliance log ({s.alliance})</h2>
      {cp.warning && (
        <div className="error-text" role="alert" data-testid="federation-warning">
          <strong>Warning: this node has seen inconsistent checkpoints of the alliance log.</strong>{' '}
          {evidence.map((e) => `${e.kind} (${e.witness}, size ${e.size}): ${e.reason}`).join('; ')}.
          Run <code>tahaluf verify --evidence</code>.
        </div>
      )}
      <dl className="facts">
        <dt>This node</dt>
        <dd data-testid="federation-node">
          {s.node}, signing with its own key <code>{s.nodeKey.keyId}</code> (
          {s.nodeKey.custody === 'member-node'
            ? "own node's key: no other member's key is here"
            : s.nodeKey.custody}
          ), {s.connected ? 'connected to the alliance stream' : 'not connected'}
        </dd>
        <dt>Applied</dt>
        <dd>
          {s.applied} acts applied, {s.rejected} rejected, up to stream sequence {s.lastStreamSeq}
        </dd>
        <dt>Latest checkpoint</dt>
        <dd data-testid="federation-checkpoint">
          {cp.latest ? (
            <>
              size {cp.latest.size}, root{' '}
              <code title={cp.latest.rootHash}>{short(cp.latest.rootHash)}</code>, cosigned by{' '}
              {cp.latest.cosigners.join(', ')}
            </>
          ) : (
            'none yet'
          )}
        </dd>
        <dt>Final (quorum {cp.quorum})</dt>
        <dd data-testid="federation-final">
          {cp.final ? (
            <>
              size {cp.final.size}, root{' '}
              <code title={cp.final.rootHash}>{short(cp.final.rootHash)}</code>, cosigned by{' '}
              {cp.final.cosigners.join(', ')}
            </>
          ) : (
            'no checkpoint cosigned by the quorum yet'
          )}
        </dd>
      </dl>
      <details data-testid="federation-rejected" open={rejected.length > 0 && rejected.length <= 5}>
        <summary>Rejected acts ({rejected.length})</summary>
        {rejected.length ? (
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>Actor</th>
                <th>Type</th>
                <th>Reason</th>
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
          <p className="muted">none</p>
        )}
      </details>
    </section>
  );
}
