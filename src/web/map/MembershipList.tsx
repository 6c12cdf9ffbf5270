import type { Membership, State } from '../api.js';
import { Sources } from '../components/Sources.js';

interface Props {
  memberships: Membership[];
  states: Map<string, State>;
  /** ISO3s that are members on the chosen date. */
  activeOnDate: Set<string>;
  date: string;
  selected: string | null;
  onSelect: (iso3: string | null) => void;
}

const period = (from: string | null, to: string | null) =>
  `${from ?? 'founding'} – ${to ?? 'present'}`;

/** Every dated membership of the alliance: role, dates, suspensions, certainty and sources. */
export function MembershipList({
  memberships,
  states,
  activeOnDate,
  date,
  selected,
  onSelect,
}: Props) {
  const rows = [...memberships].sort(
    (a, b) =>
      nameOf(states, a.state).localeCompare(nameOf(states, b.state)) ||
      (a.from ?? '').localeCompare(b.from ?? ''),
  );
  if (rows.length === 0)
    return <p className="muted">No memberships are recorded for this alliance.</p>;
  return (
    <div className="membership-list">
      <table data-testid="membership-table">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Role</th>
            <th scope="col">Membership</th>
            <th scope="col">Sources</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m, i) => {
            const s = states.get(m.state);
            const active = activeOnDate.has(m.state);
            return (
              <tr
                key={`${m.state}-${i}`}
                className={`${active ? 'active' : 'inactive'}${selected === m.state ? ' selected' : ''}`}
                data-iso3={m.state}
                onClick={() => onSelect(selected === m.state ? null : m.state)}
                title={active ? `Member on ${date}` : `Not a member on ${date}`}
              >
                <td>
                  <span className="state-name">{s?.nameEn ?? m.state}</span>
                  <span className="state-ar" lang="ar" dir="rtl">
                    {s?.nameAr}
                  </span>
                  <span className="muted code">{m.state}</span>
                </td>
                <td>
                  <span className={`role role-${m.role}`}>{m.role}</span>
                  {m.certainty === 'unverified' && (
                    <span className="badge warn" title="Often listed; no reliable source found">
                      unverified
                    </span>
                  )}
                </td>
                <td>
                  <div>{period(m.from, m.to)}</div>
                  {m.suspensions.map((sp, j) => (
                    <div key={j} className="suspension">
                      suspended {period(sp.from, sp.to)}
                    </div>
                  ))}
                  {m.note && <div className="muted small">{m.note}</div>}
                </td>
                <td>
                  <details onClick={(e) => e.stopPropagation()}>
                    <summary>
                      {m.sources.length + m.suspensions.reduce((n, sp) => n + sp.sources.length, 0)}
                    </summary>
                    <Sources
                      sources={[...m.sources, ...m.suspensions.flatMap((sp) => sp.sources)]}
                      compact
                    />
                  </details>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const nameOf = (states: Map<string, State>, iso3: string) => states.get(iso3)?.nameEn ?? iso3;
