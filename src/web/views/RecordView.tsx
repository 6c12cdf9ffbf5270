import { Fragment, useMemo, useState } from 'react';
import { api, post, type Act, type Custody, type LogView } from '../api.js';
import { useSession } from '../session.js';
import { useI18n, type MessageId } from '../i18n/index.js';
import { useAsync, useHashRoute, useStateNames } from '../hooks.js';
import { problemText } from '../problem-text.js';
import { FederationPanel } from '../components/FederationPanel.js';
import { rowAction } from '../components/row-action.js';
import { ExportButtons, type Column } from '../components/table-tools.js';

const PAGE = 100;

/** Who held the key that signed an act, in words (messages record.custody.* and record.custodyHelp.*). */
const custodyText = (c: Custody): MessageId => `record.custody.${c}`;
const custodyHelp = (c: Custody): MessageId => `record.custodyHelp.${c}`;
/** An API refusal in the reader's language; the record's filters named as the view labels them. */
function useProblem() {
  const i18n = useI18n();
  const stateName = useStateNames();
  return (e: unknown) =>
    problemText(e, i18n, {
      stateName,
      labels: [
        [/^query\/actor$/, i18n.t('record.actor')],
        [/^query\/typePrefix$/, i18n.t('record.typeStarts')],
      ],
    }).text;
}
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

/**
 * The logs a user may switch between (#19.2): the secretariat the full record's (its default) and the
 * public view's; a member's user the public view's (its default) and its own view's; a signed-out
 * visitor is served the public view's log only, with no switch.
 */
const logsFor = (role: 'member' | 'secretariat' | undefined): readonly LogView[] =>
  role === 'secretariat' ? ['full', 'public'] : role === 'member' ? ['public', 'own'] : [];

/** Which log the checkpoint panel shows (aria-pressed buttons, like the console's other switches). */
function LogSwitch({
  logs,
  value,
  onChange,
}: {
  logs: readonly LogView[];
  value: LogView;
  onChange: (v: LogView) => void;
}) {
  const { t } = useI18n();
  return (
    <span
      className="segmented"
      role="group"
      aria-label={t('record.logSwitch')}
      data-testid="checkpoint-log-switch"
    >
      {logs.map((v) => (
        <button
          key={v}
          type="button"
          className={value === v ? 'on' : undefined}
          aria-pressed={value === v}
          data-log={v}
          onClick={() => onChange(v)}
        >
          {t(`record.log.${v}`)}
        </button>
      ))}
    </span>
  );
}

/** The latest checkpoint and its cosigners; a warning when this node's witness saw a contradiction. */
function CheckpointPanel() {
  const { t, rich, num, locale } = useI18n();
  const problem = useProblem();
  const session = useSession();
  const logs = logsFor(session?.role);
  const [asked, setAsked] = useState<LogView | null>(null);
  // The log shown: the one asked if this user may switch to it, else the user's default.
  const view = asked !== null && logs.includes(asked) ? asked : logs[0];
  const shown: LogView = view ?? 'public';
  // The answer keeps the log it is of, so what is shown while the next one loads stays labelled right.
  const cp = useAsync(
    async () => ({ log: shown, checkpoint: await api.checkpoint(view) }),
    [view, session?.member, session?.role],
  );
  const switcher = logs.length > 1 && <LogSwitch logs={logs} value={shown} onChange={setAsked} />;
  if (cp.error)
    return (
      <>
        {switcher}
        <p className="error-text">{problem(cp.error)}</p>
      </>
    );
  if (!cp.data) return <p className="muted">{t('record.loadingCheckpoint')}</p>;
  const c = cp.data.checkpoint;
  return (
    <div data-testid="record-checkpoint" data-log={cp.data.log} aria-busy={cp.loading}>
      {switcher}
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
        <dt>{t('record.logOrigin')}</dt>
        <dd>
          <code data-testid="checkpoint-origin">{c.origin}</code>{' '}
          <span className="muted small">{t(`record.logHelp.${cp.data.log}`)}</span>
        </dd>
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
  const problem = useProblem();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await post<VerifyReport>('/api/record/verify', {}));
    } catch (e) {
      setError(problem(e));
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

type SortKey = 'seq' | 'actor' | 'type';

/** An act's id, hashes, key, signature and payload (under its row, or alone when opened by its address). */
function ActFacts({ act: a }: { act: Act }) {
  const { t, rich } = useI18n();
  return (
    <>
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
    </>
  );
}

/**
 * The signed, hash-chained record: every act with its actor, type, subject, hash and signature.
 * Newest first; the filters, the order (time, actor or type) and the pages are the API's, so they
 * apply to the whole record, not only to the acts loaded (#13.11). `#/record/<act id>` opens an act.
 */
export function RecordView() {
  const { t, rich, num } = useI18n();
  const problem = useProblem();
  const route = useHashRoute();
  const openId = route[0] === 'record' ? (route[1] ?? null) : null;
  const [actor, setActor] = useState('');
  const [typePrefix, setTypePrefix] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({
    key: 'seq',
    dir: 'desc',
  });
  const [offset, setOffset] = useState(0);

  const page = useAsync(
    () =>
      api.record({
        limit: PAGE,
        offset,
        sort: sort.key,
        order: sort.dir,
        actor: actor || undefined,
        typePrefix: typePrefix || undefined,
      }),
    [offset, sort, actor, typePrefix],
  );
  const total = page.data?.total ?? 0;
  const acts: Act[] = useMemo(() => page.data?.acts ?? [], [page.data]);
  // An act opened by its address that is not on the page shown is fetched on its own.
  const openOnPage = openId ? acts.find((a) => a.id === openId) : undefined;
  const alone = useAsync(
    () => (openId && !openOnPage && page.data ? api.act(openId) : Promise.resolve(null)),
    [openId, !openOnPage && page.data !== undefined],
  );
  const openRow = (id: string) => {
    window.location.hash = openId === id ? '#/record' : `#/record/${encodeURIComponent(id)}`;
  };
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
  /** A sortable column head: the API orders the whole filtered record by it. */
  const head = (key: SortKey, label: string) => {
    const on = sort.key === key;
    return (
      <th
        aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
        data-sort-key={key}
      >
        <button
          type="button"
          className="sort-button"
          title={t('table.sortBy', { column: label })}
          onClick={() => {
            setSort((s) =>
              s.key === key
                ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
                : { key, dir: key === 'seq' ? 'desc' : 'asc' },
            );
            setOffset(0);
          }}
        >
          {label}
          <span aria-hidden="true">{on ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
        </button>
      </th>
    );
  };
  const first = acts.length ? acts[0].seq : 0;
  const last = acts.length ? acts[acts.length - 1].seq : 0;

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
              onChange={(e) => {
                setActor(e.target.value.toUpperCase().trim());
                setOffset(0);
              }}
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
              onChange={(e) => {
                setTypePrefix(e.target.value.trim());
                setOffset(0);
              }}
              data-testid="record-type"
            />
          </label>
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
            data-testid="record-prev"
          >
            {t('table.prev')}
          </button>
          <button
            type="button"
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
            data-testid="record-next"
          >
            {t('table.next')}
          </button>
          <span className="member-count" data-testid="record-count">
            {t('record.count', {
              total: num(total, count),
              from: num(acts.length ? offset + 1 : 0, count),
              to: num(offset + acts.length, count),
            })}
          </span>
          <ExportButtons
            rows={acts}
            columns={exportColumns}
            filename={`tahaluf-record-${acts.length ? `${Math.min(first, last)}-${Math.max(first, last)}` : 'empty'}`}
            testId="record-export"
            jsonLines={(a) => a}
          />
        </div>
      </section>
      {openId && page.data && !openOnPage && (
        <section className="panel" data-testid="record-act" data-act-id={openId}>
          {alone.error && <p className="error-text">{problem(alone.error)}</p>}
          {alone.data && (
            <>
              <h3>
                {t('record.actHeading', { seq: num(alone.data.seq, count), type: alone.data.type })}
              </h3>
              <ActFacts act={alone.data} />
            </>
          )}
          <p>
            <a href="#/record">{t('record.closeAct')}</a>
          </p>
        </section>
      )}
      <section className="panel">
        {page.error && <p className="error-text">{problem(page.error)}</p>}
        {acts.length === 0 && !page.loading && <p className="muted">{t('record.noMatch')}</p>}
        {acts.length > 0 && (
          <table data-testid="record-table">
            <thead>
              <tr>
                <th>#</th>
                {head('seq', t('record.col.time'))}
                {head('actor', t('record.actor'))}
                <th>{t('record.col.signedWith')}</th>
                {head('type', t('record.col.type'))}
                <th>{t('record.col.subject')}</th>
                <th>{t('record.col.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {acts.map((a, n) => (
                <Fragment key={a.id}>
                  <tr
                    {...rowAction(() => openRow(a.id), openId === a.id, n === 0)}
                    data-seq={a.seq}
                    data-act-id={a.id}
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
                  {openId === a.id && (
                    <tr className="act-detail" data-testid="record-act" data-act-id={a.id}>
                      <td colSpan={7}>
                        <ActFacts act={a} />
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
