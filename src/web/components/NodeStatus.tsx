import { api } from '../api.js';
import { useAsync } from '../hooks.js';
import { useI18n, type MessageId } from '../i18n/index.js';

/** Health fields the footer names in the reader's language; others keep the API's key. */
const FIELDS: Record<string, MessageId> = {
  status: 'status.status',
  mode: 'status.mode',
  store: 'status.store',
  bus: 'status.bus',
  demoLogin: 'status.demoLogin',
};

/** A one-line view of GET /api/health for the footer. */
export function NodeStatus() {
  const { t } = useI18n();
  const health = useAsync(() => api.health(), []);
  if (health.error)
    return (
      <span className="node-status bad">
        {t('status.unreachable', { message: health.error.message })}
      </span>
    );
  if (!health.data) return <span className="node-status">{t('status.checking')}</span>;
  const parts = Object.entries(health.data)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .slice(0, 5)
    .map(([k, v]) => {
      const value = typeof v === 'boolean' ? t(v ? 'status.yes' : 'status.no') : String(v);
      return `${FIELDS[k] ? t(FIELDS[k]) : k}: ${value}`;
    });
  return <span className="node-status ok">{parts.join(' · ') || t('status.up')}</span>;
}
