import { useStateNames } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

/** An object's provenance on this node, as the intel API reports it (`provenance` of feed items and objects). */
export interface ProvenanceInfo {
  originator: string;
  status: 'signed' | 'verified' | 'unverified' | 'unsigned';
  verified: boolean;
  signer: string | null;
  keyId: string | null;
  envelope: string | null;
  envelopeSize: number | null;
  signedAt: string | null;
  storedAt: string;
  receivedFrom: string | null;
  forwarded: boolean | null;
  upgradedAt?: string | null;
  upgradedFrom?: string | null;
}

/**
 * Who originated an intelligence object, whether the originator's signature verified on this node
 * ("signature verified", "not verified", "unsigned (stored before signing existed)"), the signed
 * envelope, and whether another node forwarded it (#19.3).
 */
export function Provenance({ provenance }: { provenance?: ProvenanceInfo }) {
  const i18n = useI18n();
  const { t } = i18n;
  const stateName = useStateNames();
  if (!provenance) return null;
  const p = provenance;
  const member = (code: string) => (/^[A-Z]{3}$/.test(code) ? stateName(code) : code);
  return (
    <div
      className="provenance"
      data-testid="intel-provenance"
      data-status={p.status}
      data-forwarded={p.forwarded === null ? 'unknown' : String(p.forwarded)}
    >
      <h3>{t('prov.title')}</h3>
      <dl className="facts">
        <dt>{t('prov.originator')}</dt>
        <dd data-testid="intel-provenance-originator" data-member={p.originator}>
          {member(p.originator)}
        </dd>
        <dt>{t('prov.signature')}</dt>
        <dd>
          <span
            className={p.verified ? 'badge status-in_force' : 'badge warn'}
            data-testid="intel-provenance-status"
          >
            {t('prov.status', { status: p.status })}
          </span>
          {p.status === 'unverified' ? (
            <span className="small">
              {' '}
              {p.keyId ? t('prov.unknownKey', { key: p.keyId }) : t('prov.noSignature')}
            </span>
          ) : null}
          {p.signer && p.keyId && p.verified ? (
            <div className="small">
              {t('prov.signedBy', { member: member(p.signer), key: p.keyId })}
            </div>
          ) : null}
          {p.envelope && p.envelopeSize ? (
            <div className="small" title={p.envelope} data-testid="intel-provenance-envelope">
              {t('prov.envelope', { root: `${p.envelope.slice(0, 12)}…`, size: p.envelopeSize })}
            </div>
          ) : null}
          {p.signedAt ? (
            <div className="small">{t('prov.signedAt', { time: i18n.dateTime(p.signedAt) })}</div>
          ) : null}
          {p.upgradedAt ? (
            <div className="small" data-testid="intel-provenance-upgraded">
              {t('prov.upgraded', {
                time: i18n.dateTime(p.upgradedAt),
                member: member(p.upgradedFrom ?? ''),
              })}
            </div>
          ) : null}
        </dd>
        <dt>{t('prov.received')}</dt>
        <dd data-testid="intel-provenance-received">
          {p.receivedFrom === null
            ? t('prov.receivedUnknown')
            : p.receivedFrom === 'SECRETARIAT'
              ? t('prov.fromSecretariat')
              : p.forwarded
                ? t('prov.forwarded', { member: member(p.receivedFrom) })
                : t('prov.direct', { member: member(p.receivedFrom) })}
        </dd>
      </dl>
    </div>
  );
}
