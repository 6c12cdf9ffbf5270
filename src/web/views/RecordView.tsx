import { Fragment, useEffect, useMemo, useState } from 'react';
import { api, ApiError, post, type Act, type Custody } from '../api.js';
import { useSession } from '../session.js';
import { useI18n, type MessageId } from '../i18n/index.js';
import { useAsync } from '../hooks.js';
import { FederationPanel } from '../components/FederationPanel.js';
import { rowAction } from '../components/row-action.js';
import { ExportButtons, type Column } from '../components/table-tools.js';

const PAGE = 100;

/** Who held the key that signed an act, in words (messages record.custody.* and record.custodyHelp.*). */
const custodyText = (c: Custody): MessageId => `record.custody.${c}`;
const custodyHelp = (c: Custody): MessageId => `record.custodyHelp.${c}`;
/** A count as a plain number (tests and readers match "1234 acts"), in the reader's digits. */
const count = { useGrouping: false } as const;

function CustodyBadge({ act }: { act: Act }) {
  const { t } = useI18n();
  if (!act.custody) return <span className="muted">{t('record.notRecorded')}</span>;
  return (
    <span
      className={`badge custody-${act.custody}${act.custody === 'member-node' ? '' : ' warn'}`}
      title={t(custodyHelp(act.custody))}
      data-testid="act-custody"
    >
      {t(custodyText(act.custody))}
    </span>
  );
}

/** The latest checkpoint and its cosigners; a warning when this node's witness saw a contradiction. */
function CheckpointPanel() {
  const { t, rich, num, locale } = useI18n();
  const cp = useAsync(() => api.checkpoint(), []);
  if (cp.error) return <p className="error-text">{cp.error.message}</p>;
  if (!cp.data) return <p className="muted">{t('record.loadingCheckpoint')}</p>;
  const c = cp.data;
  return (
    <div data-testid="record-checkpoint">
      {c.witness.inconsistencies.length > 0 && (
        <div className="error-text" role="alert" data-testid="checkpoint-inconsistency">
          <strong>{t('record.inconsistent')}</strong>{' '}
          {rich('record.witnessRefused', {
            count: c.witness.inconsistencies.length,
            list: c.witness.inconsistencies
              .map((x) => `${x.at}: ${x.reason}`)
              .join(locale === 'ar' ? '؛ ' : '; '),
            code: (x) => <code>{x}</code>,
          })}
        </div>
      )}
      <dl className="facts">
        <dt>{t('record.latestCheckpoint')}</dt>
        <dd>
          {rich('record.checkpoint', {
            size: num(c.size, count),
            root: `${c.rootHash.slice(0, 16)}…`,
            log: c.log.name,
            keyId: c.log.keyId,
            hash: (x) => <code title={c.rootHash}>{x}</code>,
            code: (x) => <code>{x}</code>,
          })}
        </dd>
        <dt>{t('record.cosignedBy')}</dt>
        <dd data-testid="checkpoint-cosigners">
          {c.cosignatures.length
            ? c.cosignatures
                .map((w) =>
                  t('record.cosignedAt', {
                    name: w.name,
                    time: w.time.replace('T', ' ').replace('.000Z', ' UTC'),
                  }),
                )
                .join(locale === 'ar' ? '، ' : ', ')
            : t('record.noWitness')}
        </dd>
      </dl>
      <details>
        <summary>{t('record.signedNote')}</summary>
        <pre className="payload">{c.note}</pre>
      </details>
    </div>
  );
}

interface VerifyReport {
  ok: boolean;
  acts: number;
  at: string;
  ms: number;
  lines: { ok: boolean; warn?: boolean; area: string; message: string; evidence?: string[] }[];
}

/** What each area of the verification report checks, in words. */
const AREA_MESSAGE = {
  record: 'verify.area.record',
  custody: 'verify.area.custody',
  transparency: 'verify.area.transparency',
  alliance: 'verify.area.alliance',
} as const satisfies Record<string, MessageId>;
const isChain = (area: string): area is keyof typeof AREA_MESSAGE => area in AREA_MESSAGE;

/** Verify button (#13.8): runs POST /api/record/verify and shows the result of each chain and log. */
function VerifyPanel() {
  const session = useSession();
  const { t, num, dateTime } = useI18n();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await post<VerifyReport>('/api/record/verify', {}));
    } catch (e) {
      setError(e instanceof ApiError ? e.detail || e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="verify-panel" data-testid="record-verify">
      <button
        type="button"
        className="primary"
        onClick={() => void run()}
        disabled={busy || !session}
        data-testid="record-verify-button"
      >
        {busy ? t('verify.busy') : t('verify.button')}
      </button>{' '}
      {!session && <span className="muted small">{t('verify.signIn')}</span>}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div aria-live="polite">
          <p
            className={report.ok ? 'notice' : 'notice error-text'}
            data-testid="record-verify-summary"
          >
            {t(report.ok ? 'verify.ok' : 'verify.failed', {
              acts: report.acts,
              seconds: num(report.ms / 1000, { maximumFractionDigits: 1 }),
              at: dateTime(report.at),
            })}
          </p>
          <table data-testid="record-verify-lines">
            <thead>
              <tr>
                <th>{t('verify.check')}</th>
                <th>{t('verify.result')}</th>
                <th>{t('verify.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {report.lines.map((l, i) => (
                <tr
                  key={i}
                  data-area={l.area}
                  data-result={l.ok ? (l.warn ? 'warn' : 'ok') : 'failed'}
                >
                  <td>
                    {isChain(l.area)
                      ? t(AREA_MESSAGE[l.area])
                      : t('verify.area.module', { module: l.area })}
                  </td>
                  <td>
                    <span
                      className={
                        l.ok
                          ? l.warn
                            ? 'badge warn'
                            : 'badge status-in_force'
                          : 'badge verify-failed'
                      }
                    >
                      {l.ok
                        ? l.warn
                          ? t('verify.note')
                          : t('verify.passed')
                        : t('verify.failedBadge')}
                    </span>
                  </td>
                  <td className="small">
                    {l.message}
                    {l.evidence?.length ? (
                      <pre className="payload">{l.evidence.join('\n')}</pre>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** The signed, hash-chained record: every act with its actor, type, subject, hash and signature. */
export function RecordView() {
  const { t, rich, num } = useI18n();
  const [actor, setActor] = useState('');
  const [typePrefix, setTypePrefix] = useState('');
  const [after, setAfter] = useState<number | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  // The newest page first: the head of the record decides where that page starts.
  const head = useAsync(() => api.record({ limit: 1 }), []);
  const total = head.data?.total ?? 0;
  useEffect(() => {
    if (head.data && after === null) setAfter(Math.max(0, head.data.total - PAGE));
  }, [head.data, after]);

  const page = useAsync(
    () =>
      after === null
        ? Promise.resolve(null)
        : api.record({
            afterSeq: after,
            limit: PAGE,
            actor: actor || undefined,
            typePrefix: typePrefix || undefined,
          }),
    [after, actor, typePrefix],
  );
  // Newest first within the page too, as on every page of the record (#13.8).
  const acts: Act[] = [...(page.data?.acts ?? [])].reverse();
  // The slice shown, exported as it is signed (#13.11): enough to check each signature elsewhere.
  const exportColumns = useMemo<Column<Act>[]>(
    () => [
      { key: 'seq', header: '#', value: (a) => a.seq },
      { key: 'at', header: t('record.col.at'), value: (a) => a.at },
      { key: 'actor', header: t('record.col.actor'), value: (a) => a.actor },
      { key: 'depicts', header: t('record.col.depicts'), value: (a) => a.depicts },
      { key: 'custody', header: t('record.col.custody'), value: (a) => a.custody },
      { key: 'type', header: t('record.col.type'), value: (a) => a.type },
      { key: 'subject', header: t('record.col.subject'), value: (a) => a.subject ?? null },
      { key: 'id', header: t('record.col.id'), value: (a) => a.id },
      { key: 'prevHash', header: t('record.col.prevHash'), value: (a) => a.prevHash },
      { key: 'hash', header: t('record.col.hash'), value: (a) => a.hash },
      { key: 'keyId', header: t('record.col.keyId'), value: (a) => a.keyId },
      { key: 'signature', header: t('record.col.signature'), value: (a) => a.signature },
      { key: 'payload', header: t('record.col.payload'), value: (a) => JSON.stringify(a.payload) },
    ],
    [t],
  );

  return (
    <div className="record-view">
      <FederationPanel />
      <section className="panel">
        <h2>{t('record.title')}</h2>
        <p className="muted">{rich('record.intro', { code: (x) => <code>{x}</code> })}</p>
        <CheckpointPanel />
        <VerifyPanel />
        <div className="map-controls">
          <label>
            {t('record.actor')}
            <input
              type="text"
              placeholder={t('record.actorPlaceholder')}
              value={actor}
              onChange={(e) => setActor(e.target.value.toUpperCase().trim())}
              data-testid="record-actor"
            />
          </label>
          <label>
            {t('record.typeStarts')}
            <input
              type="text"
              placeholder="council., registry.…"
              translate="no"
              value={typePrefix}
              onChange={(e) => setTypePrefix(e.target.value.trim())}
              data-testid="record-type"
            />
          </label>
          <button
            type="button"
            disabled={!after}
            onClick={() => setAfter(Math.max(0, (after ?? 0) - PAGE))}
          >
            {t('record.earlier')}
          </button>
          <button
            type="button"
            disabled={after === null || after + PAGE >= total}
            onClick={() => setAfter((after ?? 0) + PAGE)}
          >
            {t('record.later')}
          </button>
          <span className="member-count">
            {t('record.count', {
              total: num(total, count),
              after: after === null ? '…' : num(after, count),
            })}
          </span>
          <ExportButtons
            rows={acts}
            columns={exportColumns}
            filename={`tahaluf-record-${acts.length ? `${acts[acts.length - 1].seq}-${acts[0].seq}` : 'empty'}`}
            testId="record-export"
          />
        </div>
      </section>
      <section className="panel">
        {page.error && <p className="error-text">{page.error.message}</p>}
        {acts.length === 0 && !page.loading && <p className="muted">{t('record.noMatch')}</p>}
        {acts.length > 0 && (
          <table data-testid="record-table">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('record.col.time')}</th>
                <th>{t('record.actor')}</th>
                <th>{t('record.col.signedWith')}</th>
                <th>{t('record.col.type')}</th>
                <th>{t('record.col.subject')}</th>
                <th>{t('record.col.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {acts.map((a, n) => (
                <Fragment key={a.id}>
                  <tr
                    {...rowAction(
                      () => setOpen(open === a.id ? null : a.id),
                      open === a.id,
                      n === 0,
                    )}
                    data-seq={a.seq}
                    data-testid="record-row"
                  >
                    <td className="code">{a.seq}</td>
                    <td className="code">{a.at.replace('T', ' ').replace('Z', '')}</td>
                    <td>
                      {a.depicts ? (
                        <>
                          {a.depicts} <span className="muted">{t('record.depicted')}</span>
                        </>
                      ) : (
                        a.actor
                      )}
                    </td>
                    <td>
                      <CustodyBadge act={a} />
                    </td>
                    <td className="code">{a.type}</td>
                    <td className="code">{a.subject ?? '—'}</td>
                    <td className="code" title={a.hash}>
                      {a.hash.slice(0, 12)}…
                    </td>
                  </tr>
                  {open === a.id && (
                    <tr className="act-detail">
                      <td colSpan={7}>
                        <dl className="facts">
                          <dt>{t('record.actId')}</dt>
                          <dd className="code">{a.id}</dd>
                          <dt>{t('record.prevHash')}</dt>
                          <dd className="code">{a.prevHash}</dd>
                          <dt>{t('record.col.hash')}</dt>
                          <dd className="code">{a.hash}</dd>
                          <dt>{t('record.signedBy')}</dt>
                          <dd>
                            {rich('record.withKey', {
                              actor: a.actor,
                              keyId: a.keyId,
                              code: (x) => <code>{x}</code>,
                            })}
                            {a.custody ? ` — ${t(custodyHelp(a.custody))}` : ''}
                          </dd>
                          {a.contentHash && (
                            <>
                              <dt>{t('record.contentHash')}</dt>
                              <dd className="code">{a.contentHash}</dd>
                            </>
                          )}
                          <dt>{t('record.signature')}</dt>
                          <dd className="code wrap">{a.signature}</dd>
                        </dl>
                        <pre className="payload">{JSON.stringify(a.payload, null, 2)}</pre>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
