import { useState } from 'react';
import { get } from '../api.js';
import { useAsync } from '../hooks.js';
import { useI18n, type I18n } from '../i18n/index.js';
import {
  INDEX_NAMES,
  type CohesionPoint,
  type IndexName,
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
/** An index's name in the reader's language (messages cohesion.index.*). */
const label = (t: I18n['t'], index: IndexName) => t(`cohesion.index.${index}`);

interface IllustrativeProgramme {
  id: string;
  title: string;
  note: string | null;
  sources: { title: string; url?: string; date?: string }[];
}

const pct = (v: IndexValue, num: I18n['num']) =>
  v.value === null ? '—' : num(v.value, { style: 'percent', maximumFractionDigits: 0 });

/** Route: #/cohesion. Cohesion indices per alliance across time; GCC and the proposed joint Arab force side by side. */
export function CohesionView() {
  const { t, num, date } = useI18n();
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
          {t('cohesion.from')}{' '}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('cohesion.to')}{' '}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        {data.loading && <span className="muted">{t('cohesion.loading')}</span>}
        {data.error && <span className="error-text">{data.error.message}</span>}
      </section>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '1rem' }}>
        {Object.entries(data.data?.alliances ?? {}).map(([id, points]) => (
          <section className="panel" key={id} data-testid={`cohesion-${id}`}>
            <h2>
              {id === 'gcc'
                ? t('cohesion.gcc')
                : id === 'joint-arab-force'
                  ? t('cohesion.jointArabForce')
                  : id}
            </h2>
            <Chart points={points} />
            <Legend />
            <table>
              <thead>
                <tr>
                  <th>
                    {t('cohesion.col.index', {
                      day: points.at(-1) ? date(points.at(-1)?.day ?? '') : '',
                    })}
                  </th>
                  <th>{t('cohesion.col.value')}</th>
                  <th>{t('cohesion.col.of')}</th>
                </tr>
              </thead>
              <tbody>
                {INDEX_NAMES.map((n) => {
                  const v = points.at(-1)?.indices[n];
                  return (
                    <tr key={n} data-testid={`cohesion-${id}-${n}`}>
                      <td>{label(t, n)}</td>
                      <td>{v ? pct(v, num) : '—'}</td>
                      <td>{v ? `${num(+v.num.toFixed(3))} / ${num(v.den)}` : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <Illustrative items={data.data?.illustrative?.[id] ?? []} alliance={id} />
          </section>
        ))}
      </div>
      <p className="muted">{t('cohesion.formulas')}</p>
    </div>
  );
}

function Chart({ points }: { points: CohesionPoint[] }) {
  const { t, num } = useI18n();
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
      aria-label={t('cohesion.chart')}
      direction="ltr"
    >
      <line x1={P} y1={y(0)} x2={W - P} y2={y(0)} stroke="#999" />
      <line x1={P} y1={y(1)} x2={W - P} y2={y(1)} stroke="#ddd" />
      <text x={2} y={y(1) + 4} fontSize={9}>
        {num(1, { style: 'percent' })}
      </text>
      <text x={2} y={y(0) + 4} fontSize={9}>
        {num(0)}
      </text>
      {INDEX_NAMES.map((n, k) => {
        const pts = points
          .map((p, i) => (p.indices[n].value === null ? null : `${x(i)},${y(p.indices[n].value)}`))
          .filter((s): s is string => s !== null);
        return (
          <polyline key={n} points={pts.join(' ')} fill="none" stroke={COLOURS[k]} strokeWidth={2}>
            <title>{label(t, n)}</title>
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
  const { t } = useI18n();
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
          {label(t, n)}
        </li>
      ))}
    </ul>
  );
}

/** The programmes counted that are illustrative (seeded examples), with what they rest on. */
function Illustrative({ items, alliance }: { items: IllustrativeProgramme[]; alliance: string }) {
  const { t, rich } = useI18n();
  if (!items.length) return null;
  return (
    <div className="muted" data-testid={`cohesion-illustrative-${alliance}`}>
      <p>{rich('cohesion.illustrative', { b: (c) => <strong>{c}</strong> })}</p>
      <ul>
        {items.map((p) => (
          <li key={p.id}>
            {p.title}
            {p.note ? ` — ${p.note}` : ''}
            {p.sources.length > 0 && t('cohesion.sources')}
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
