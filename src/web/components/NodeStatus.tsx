import { api } from '../api.js';
import { useAsync } from '../hooks.js';

/** A one-line view of GET /api/health for the footer. */
export function NodeStatus() {
  const health = useAsync(() => api.health(), []);
  if (health.error)
    return <span className="node-status bad">node unreachable: {health.error.message}</span>;
  if (!health.data) return <span className="node-status">checking node…</span>;
  const parts = Object.entries(health.data)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .slice(0, 5)
    .map(([k, v]) => `${k}: ${String(v)}`);
  return <span className="node-status ok">{parts.join(' · ') || 'node up'}</span>;
}
