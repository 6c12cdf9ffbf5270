import type { Alliance } from '../api.js';
import { Sources } from '../components/Sources.js';

const KIND: Record<string, string> = {
  organisation: 'Organisation',
  treaty: 'Treaty',
  coalition: 'Coalition',
  unilateral_guarantee: 'Unilateral guarantee',
  proposal: 'Proposal',
};
const STATUS: Record<string, string> = {
  in_force: 'In force',
  proposed: 'Proposed',
  ended: 'Ended',
};

/** Name, status, dates and sources of the selected alliance. */
export function AllianceSummary({ alliance }: { alliance: Alliance }) {
  return (
    <section className="panel alliance-summary" data-testid="alliance-summary">
      <header className="summary-head">
        <div>
          <h2>
            {alliance.name} <span className="muted">({alliance.short})</span>
          </h2>
          <div className="ar-title" lang="ar" dir="rtl">
            {alliance.nameAr}
          </div>
        </div>
        <div className="badges">
          <span className={`badge status-${alliance.status}`}>
            {STATUS[alliance.status] ?? alliance.status}
          </span>
          <span className="badge">{KIND[alliance.kind] ?? alliance.kind}</span>
        </div>
      </header>
      <dl className="facts">
        <dt>Founded</dt>
        <dd>{alliance.founded ?? 'not stated'}</dd>
        {alliance.ended && (
          <>
            <dt>Ended</dt>
            <dd>{alliance.ended}</dd>
          </>
        )}
        {alliance.headquarters && (
          <>
            <dt>Headquarters</dt>
            <dd>{alliance.headquarters}</dd>
          </>
        )}
        {alliance.statedMemberCount && (
          <>
            <dt>Stated members</dt>
            <dd>
              {alliance.statedMemberCount.count} —{' '}
              <span className="muted">{alliance.statedMemberCount.note}</span>
            </dd>
          </>
        )}
      </dl>
      <p className="description">{alliance.description}</p>
      <details>
        <summary>Sources ({alliance.sources.length})</summary>
        <Sources sources={alliance.sources} />
      </details>
    </section>
  );
}
