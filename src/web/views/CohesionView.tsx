import { useState } from 'react';
import { get } from '../api.js';
import { useAsync } from '../hooks.js';
import {
  INDEX_NAMES,
  type CohesionPoint,
  type IndexValue,
} from '../../programmes/cohesion-indices.js';

const COLOURS = [
  '#1565c0',
  '#c62828',
  '#2e7d32',
  '#6a1b9a',
  '#ef6c00',
  '#00838f',
  '#6d4c41',
  '#ad1457',
];
const LABEL: Record<string, string> = {
  treatyOverlap: 'treaty overlap',
  councilAgreement: 'council agreement',
  exerciseParticipation: 'exercise participation',
  intelligenceShared: 'intelligence shared',
  intelligencePairs: 'intelligence between pairs',
  interoperability: 'interoperability (data)',
  programmeParticipation: 'programme participation',
  milestonesMet: 'milestones met',
};

interface IllustrativeProgramme {
  id: string;
  title: string;
  note: string | null;
  sources: { title: string; url?: string; date?: string }[];
}

const pct = (v: IndexValue) => (v.value === null ? '—' : `${Math.round(v.value * 100)} %`);

/** Route: #/cohesion. Cohesion indices per alliance across time; GCC and the proposed joint Arab force side by side. */
export function CohesionView() {
  const year = new Date().getUTCFullYear();
  const [from, setFrom] = useState(`${year - 1}-01-01`);
  const [to, setTo] = useState(`${year}-12-01`);
  const data = useAsync(
    () =>
      get<{
        days: string[];
        alliances: Record<string, CohesionPoint[]>;
        illustrative?: Record<string, IllustrativeProgramme[]>;
      }>('/api/cohesion/compare', {
        alliances: 'gcc,joint-arab-force',
        from,
        to,
        step: 'quarter',
      }),
    [from, to],
  );
  return (
    <div>
      <section className="panel map-controls">
        <label>
          From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        {data.loading && <span className="muted">loading…</span>}
        {data.error && <span className="error-text">{data.error.message}</span>}
      </section>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '1rem' }}>
        {Object.entries(data.data?.alliances ?? {}).map(([id, points]) => (
          <section className="panel" key={id} data-testid={`cohesion-${id}`}>
            <h2>
              {id === 'gcc'
                ? 'GCC'
                : id === 'joint-arab-force'
                  ? 'Joint Arab force (proposed)'
                  : id}
            </h2>
            <Chart points={points} />
            <Legend />
            <table>
              <thead>
                <tr>
                  <th>index ({points.at(-1)?.day})</th>
                  <th>value</th>
                  <th>of</th>
                </tr>
              </thead>
              <tbody>
                {INDEX_NAMES.map((n) => {
                  const v = points.at(-1)?.indices[n];
                  return (
                    <tr key={n} data-testid={`cohesion-${id}-${n}`}>
                      <td>{LABEL[n]}</td>
                      <td>{v ? pct(v) : '—'}</td>
                      <td>{v ? `${+v.num.toFixed(3)} / ${v.den}` : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <Illustrative items={data.data?.illustrative?.[id] ?? []} alliance={id} />
          </section>
        ))}
      </div>
      <p className="muted">
        Formulas and the acts each index reads: docs/programmes.md, “Cohesion over time”.
      </p>
    </div>
  );
}

function Chart({ points }: { points: CohesionPoint[] }) {
  const W = 420,
    H = 180,
    P = 24;
  const x = (i: number) => P + (points.length > 1 ? (i / (points.length - 1)) * (W - 2 * P) : 0);
  const y = (v: number) => H - P - v * (H - 2 * P);
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label="cohesion indices across time"
    >
      <line x1={P} y1={y(0)} x2={W - P} y2={y(0)} stroke="#999" />
      <line x1={P} y1={y(1)} x2={W - P} y2={y(1)} stroke="#ddd" />
      <text x={2} y={y(1) + 4} fontSize={9}>
        100%
      </text>
      <text x={2} y={y(0) + 4} fontSize={9}>
        0
      </text>
      {INDEX_NAMES.map((n, k) => {
        const pts = points
          .map((p, i) => (p.indices[n].value === null ? null : `${x(i)},${y(p.indices[n].value)}`))
          .filter((s): s is string => s !== null);
        return (
          <polyline key={n} points={pts.join(' ')} fill="none" stroke={COLOURS[k]} strokeWidth={2}>
            <title>{LABEL[n]}</title>
          </polyline>
        );
      })}
      {points.map((p, i) => (
        <text key={p.day} x={x(i)} y={H - 6} fontSize={8} textAnchor="middle">
          {i % 2 === 0 ? p.day.slice(0, 7) : ''}
        </text>
      ))}
    </svg>
  );
}

/** The legend sits under the plot, never over its lines (it was drawn inside the plot area). */
function Legend() {
  return (
    <ul
      data-testid="cohesion-legend"
      style={{
        listStyle: 'none',
        padding: 0,
        margin: '.25rem 0 .75rem',
        display: 'flex',
        flexWrap: 'wrap',
        gap: '.25rem .9rem',
        fontSize: '.8rem',
      }}
    >
      {INDEX_NAMES.map((n, k) => (
        <li key={n} style={{ display: 'flex', alignItems: 'center', gap: '.3rem' }}>
          <span
            aria-hidden
            style={{ width: 14, height: 3, background: COLOURS[k], display: 'inline-block' }}
          />
          {LABEL[n]}
        </li>
      ))}
    </ul>
  );
}

/** The programmes counted that are illustrative (seeded examples), with what they rest on. */
function Illustrative({ items, alliance }: { items: IllustrativeProgramme[]; alliance: string }) {
  if (!items.length) return null;
  return (
    <div className="muted" data-testid={`cohesion-illustrative-${alliance}`}>
      <p>
        Programme indices count these <strong>illustrative</strong> programmes (seeded examples, not
        the members&apos; acts):
      </p>
      <ul>
        {items.map((p) => (
          <li key={p.id}>
            {p.title}
            {p.note ? ` — ${p.note}` : ''}
            {p.sources.length > 0 && ' Sources: '}
            {p.sources.map((s, i) => (
              <span key={i}>
                {i > 0 && '; '}
                {s.url ? (
                  <a href={s.url} target="_blank" rel="noreferrer">
                    {s.title}
                  </a>
                ) : (
                  s.title
                )}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
