import { useState } from 'react';
import { ApiError, get, request } from '../api.js';
import { useAsync } from '../hooks.js';
import { useSession } from '../session.js';
import type { ProcurementProposal, ProposalFigures } from '../../programmes/procurement-rules.js';

const problem = (e: unknown): string =>
  e instanceof ApiError ? `${e.detail}${e.code ? ` (${e.code})` : ''}` : String(e);

/**
 * Route: #/procurement. Defence-industrial proposal tied to the gaps: the common data-link standard and
 * the units to equip, who gains, what changes, the brute-force optimum on small instances; recorded
 * proposals and the members' signed commitments.
 */
export function ProcurementView() {
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
          Alliance
          <select
            data-testid="procurement-alliance"
            value={alliance}
            onChange={(e) => setAlliance(e.target.value)}
          >
            <option value="gcc">GCC</option>
            <option value="joint-arab-force">Joint Arab force (proposed)</option>
            <option value="arab-league">Arab League</option>
          </select>
        </label>
        <label>
          Units that may be re-equipped{' '}
          <input
            type="number"
            min={1}
            max={50}
            value={budget}
            data-testid="procurement-budget"
            onChange={(e) => setBudget(Math.max(1, Math.min(50, Number(e.target.value) || 1)))}
          />
        </label>
        {figures.loading && <span className="muted">computing…</span>}
      </section>
      {figures.error && <p className="panel error-text">{figures.error.message}</p>}
      {figures.data && (
        <section className="panel" data-testid="procurement-proposal">
          <h2>Proposal</h2>
          <Figures p={figures.data} />
          {member ? (
            <button
              data-testid="procurement-record"
              disabled={!figures.data.closed}
              onClick={() =>
                void act('/api/procurement/proposals', { allianceId: alliance, budget })
              }
            >
              Record this proposal as {member}
            </button>
          ) : (
            <p className="muted">Act as a member state to record the proposal.</p>
          )}
        </section>
      )}
      {error && (
        <p className="panel error-text" data-testid="procurement-error">
          {error}
        </p>
      )}
      <section className="panel" data-testid="procurement-recorded">
        <h2>Recorded proposals</h2>
        {recorded.data?.length === 0 && <p className="muted">None recorded for {alliance}.</p>}
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
                {p.standardName ?? p.standard} · proposed by {p.proposedBy} on{' '}
                {p.proposedAt.slice(0, 10)} ·{' '}
                <span data-testid={`procurement-status-${p.id}`}>{p.status}</span>
              </h3>
              <Figures p={p} />
              <p data-testid={`procurement-commitments-${p.id}`}>
                Commitments:{' '}
                {p.commitments.length
                  ? p.commitments
                      .map(
                        (c) =>
                          `${c.member} (${c.units.length} unit(s))${c.note ? ` — ${c.note}` : ''}`,
                      )
                      .join('; ')
                  : 'none yet'}
              </p>
              {mine.length > 0 && !committed && (
                <button
                  data-testid={`procurement-commit-${p.id}`}
                  onClick={() =>
                    void act(`/api/procurement/proposals/${encodeURIComponent(p.id)}/commitments`, {
                      note: `${member} commits to re-equip ${mine.length} unit(s)`,
                    })
                  }
                >
                  Commit as {member} to re-equip {mine.length} unit(s)
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
  if (!p.closed)
    return (
      <p className="muted" data-testid="procurement-none">
        {p.units} units, {p.gaps} data gaps: none closes within a budget of {p.budget}.
      </p>
    );
  return (
    <div>
      <p data-testid="procurement-standard">
        Common standard: <strong>{p.standardName ?? p.standard}</strong>
      </p>
      <p data-testid="procurement-closed">
        Data gaps closed: {p.closed} of {p.gaps} among {p.units} units
        {p.optimumClosed !== null && ` (brute-force optimum: ${p.optimumClosed})`}
      </p>
      <p data-testid="procurement-changes">
        Equipment changes: {p.changes.map((c) => `${c.member} ${c.units} unit(s)`).join(', ')}
      </p>
      <ul>
        {p.equip.map((e) => (
          <li key={e.key}>
            {e.member}: {e.key.split('/').at(-1)}
          </li>
        ))}
      </ul>
      <p data-testid="procurement-gainers">Who gains a data link: {p.gainers.join(', ')}</p>
      {p.shortfalls.length > 0 && (
        <p className="muted">
          Force-generation shortfalls:{' '}
          {p.shortfalls.map((s) => `${s.capability} ${s.short}`).join(', ')}
        </p>
      )}
    </div>
  );
}
