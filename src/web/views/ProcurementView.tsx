import { useState } from 'react';
import { get, request } from '../api.js';
import { useAllianceNames, useAsync, useStateNames } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import { problemText, type FieldLabels } from '../problem-text.js';
import { useSession } from '../session.js';
import type { ProcurementProposal, ProposalFigures } from '../../programmes/procurement-rules.js';

/** The form's labels for the API's fields. */
const labels = (t: I18n['t']): FieldLabels => [
  [/(^|\/)budget$/, t('procurement.budget')],
  [/(^|\/)(alliance|allianceId)$/, t('procurement.alliance')],
];

/**
 * Route: #/procurement. Defence-industrial proposal tied to the gaps: the common data-link standard and
 * the units to equip, who gains, what changes, the brute-force optimum on small instances; recorded
 * proposals and the members' signed commitments.
 */
export function ProcurementView() {
  const i18n = useI18n();
  const { t, date } = i18n;
  const stateName = useStateNames();
  const allianceName = useAllianceNames();
  /** An API refusal in the reader's language, the field as the form labels it. */
  const problem = (e: unknown) =>
    problemText(e, i18n, { labels: labels(t), stateName, allianceName }).text;
  const sep = t('procurement.sep');
  const session = useSession();
  const member = session?.member && session.member !== 'SECRETARIAT' ? session.member : null;
  const [alliance, setAlliance] = useState('joint-arab-force');
  const [budget, setBudget] = useState(4);
  const [error, setError] = useState<string | null>(null);
  const figures = useAsync(
    () =>
      get<ProposalFigures & { allianceId: string }>('/api/procurement/proposal', {
        alliance,
        budget,
      }),
    [alliance, budget],
  );
  const recorded = useAsync(
    () => get<ProcurementProposal[]>('/api/procurement/proposals', { alliance }),
    [alliance],
  );
  const act = async (path: string, body: unknown) => {
    setError(null);
    try {
      await request(path, { method: 'POST', body });
      recorded.reload();
    } catch (e) {
      setError(problem(e));
    }
  };
  return (
    <div className="procurement-view">
      <section className="panel map-controls">
        <label>
          {t('procurement.alliance')}
          <select
            data-testid="procurement-alliance"
            value={alliance}
            onChange={(e) => setAlliance(e.target.value)}
          >
            <option value="gcc">{t('procurement.gcc')}</option>
            <option value="joint-arab-force">{t('procurement.jointArabForce')}</option>
            <option value="arab-league">{t('procurement.arabLeague')}</option>
          </select>
        </label>
        <label>
          {t('procurement.budget')}{' '}
          <input
            type="number"
            min={1}
            max={50}
            value={budget}
            data-testid="procurement-budget"
            onChange={(e) => setBudget(Math.max(1, Math.min(50, Number(e.target.value) || 1)))}
          />
        </label>
        {figures.loading && <span className="muted">{t('procurement.computing')}</span>}
      </section>
      {figures.error && <p className="panel error-text">{problem(figures.error)}</p>}
      {figures.data && (
        <section className="panel" data-testid="procurement-proposal">
          <h2>{t('procurement.proposal')}</h2>
          <Figures p={figures.data} />
          {member ? (
            <button
              data-testid="procurement-record"
              disabled={!figures.data.closed}
              onClick={() =>
                void act('/api/procurement/proposals', { allianceId: alliance, budget })
              }
            >
              {t('procurement.recordAs', { member })}
            </button>
          ) : (
            <p className="muted">{t('procurement.actAs')}</p>
          )}
        </section>
      )}
      {error && (
        <p className="panel error-text" data-testid="procurement-error">
          {error}
        </p>
      )}
      <section className="panel" data-testid="procurement-recorded">
        <h2>{t('procurement.recorded')}</h2>
        {recorded.data?.length === 0 && (
          <p className="muted">{t('procurement.noneRecorded', { alliance })}</p>
        )}
        {(recorded.data ?? []).map((p) => {
          const mine = member ? p.equip.filter((e) => e.member === member) : [];
          const committed = p.commitments.some((c) => c.member === member);
          return (
            <article
              key={p.id}
              data-testid={`procurement-${p.id}`}
              style={{ marginBottom: '1rem' }}
            >
              <h3>
                {t('procurement.heading', {
                  standard: p.standardName ?? p.standard,
                  by: p.proposedBy,
                  date: date(p.proposedAt.slice(0, 10)),
                })}
                <span data-testid={`procurement-status-${p.id}`}>
                  {t(`procurement.status.${p.status}`)}
                </span>
              </h3>
              <Figures p={p} />
              <p data-testid={`procurement-commitments-${p.id}`}>
                {t('procurement.commitments', {
                  list: p.commitments.length
                    ? p.commitments
                        .map(
                          (c) =>
                            `${c.member} (${t('procurement.units', { count: c.units.length })})${c.note ? ` — ${c.note}` : ''}`,
                        )
                        .join(sep)
                    : t('procurement.noneYet'),
                })}
              </p>
              {mine.length > 0 && !committed && (
                <button
                  data-testid={`procurement-commit-${p.id}`}
                  onClick={() =>
                    void act(`/api/procurement/proposals/${encodeURIComponent(p.id)}/commitments`, {
                      note: t('procurement.commitNote', { member, count: mine.length }),
                    })
                  }
                >
                  {t('procurement.commit', { member, count: mine.length })}
                </button>
              )}
            </article>
          );
        })}
      </section>
    </div>
  );
}

function Figures({ p }: { p: ProposalFigures }) {
  const { t, rich, num, list } = useI18n();
  if (!p.closed)
    return (
      <p className="muted" data-testid="procurement-none">
        {t('procurement.none', { units: num(p.units), gaps: num(p.gaps), budget: num(p.budget) })}
      </p>
    );
  return (
    <div>
      <p data-testid="procurement-standard">
        {rich('procurement.standard', {
          standard: p.standardName ?? p.standard,
          b: (c) => <strong>{c}</strong>,
        })}
      </p>
      <p data-testid="procurement-closed">
        {t('procurement.closed', { closed: num(p.closed), gaps: num(p.gaps), units: num(p.units) })}
        {p.optimumClosed !== null && t('procurement.optimum', { optimum: num(p.optimumClosed) })}
      </p>
      <p data-testid="procurement-changes">
        {t('procurement.changes', {
          list: list(
            p.changes.map((c) => `${c.member} ${t('procurement.units', { count: c.units })}`),
          ),
        })}
      </p>
      <ul>
        {p.equip.map((e) => (
          <li key={e.key}>
            {e.member}: {e.key.split('/').at(-1)}
          </li>
        ))}
      </ul>
      <p data-testid="procurement-gainers">{t('procurement.gainers', { list: list(p.gainers) })}</p>
      {p.shortfalls.length > 0 && (
        <p className="muted">
          {t('procurement.shortfalls', {
            list: list(p.shortfalls.map((s) => `${s.capability} ${num(s.short)}`)),
          })}
        </p>
      )}
    </div>
  );
}
