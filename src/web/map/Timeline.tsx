import { useMemo, useState } from 'react';
import type { TimelineEvent } from '../api.js';
import { Sources } from '../components/Sources.js';
import { useStateNames } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

interface Props {
  events: TimelineEvent[];
  /** Ids of alliances to emphasise (the one on the map). */
  allianceId?: string;
  /** Clicking an event picks it (its date for the map, its states to outline); null when closed. */
  onPick?: (event: TimelineEvent | null) => void;
}

const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);

/** Dots on a linear time axis, stacked where they would overlap, numbered to the list below. */
export function Timeline({ events, allianceId, onPick }: Props) {
  const { t, intl, date: fmtDate, list } = useI18n();
  const stateName = useStateNames();
  const years = useMemo(() => [...new Set(events.map((e) => e.date.slice(0, 4)))].sort(), [events]);
  const latest = years[years.length - 1];
  const [range, setRange] = useState<'latest' | 'all'>('latest');
  const [open, setOpen] = useState<string | null>(null);

  const shown = useMemo(
    () => (range === 'all' ? events : events.filter((e) => e.date.startsWith(latest ?? ''))),
    [events, range, latest],
  );
  const layout = useMemo(() => {
    if (shown.length === 0)
      return { dots: [], ticks: Array.of<{ x: number; label: string }>(), rows: 1 };
    const t0 = ms(shown[0].date);
    const t1 = ms(shown[shown.length - 1].date);
    const pad = Math.max((t1 - t0) * 0.04, 3 * DAY);
    const lo = t0 - pad;
    const span = t1 + pad - lo;
    const x = (d: string) => ((ms(d) - lo) / span) * 100;
    const rowEnds: number[] = [];
    const dots = shown.map((e, i) => {
      const px = x(e.date);
      let row = rowEnds.findIndex((end) => px - end >= 2.2);
      if (row === -1) row = rowEnds.length;
      rowEnds[row] = px;
      return { e, n: i + 1, x: px, row };
    });
    const ticks = axisTicks(lo, lo + span, (d, months) =>
      months
        ? intl.formatDate(d, { timeZone: 'UTC', month: 'short', year: 'numeric' })
        : intl.formatDate(d, { timeZone: 'UTC', year: 'numeric' }),
    ).map((tick) => ({
      x: ((tick.ms - lo) / span) * 100,
      label: tick.label,
    }));
    return { dots, ticks, rows: Math.max(1, rowEnds.length) };
  }, [shown, intl]);
  const year = (y: string | undefined) =>
    y ? intl.formatDate(Date.UTC(Number(y), 0, 1), { timeZone: 'UTC', year: 'numeric' }) : '—';

  return (
    <section className="panel timeline" data-testid="timeline">
      <header className="timeline-head">
        <h2>{t('map.timeline')}</h2>
        <div className="segmented" role="group" aria-label={t('map.timeRange')}>
          <button
            type="button"
            className={range === 'latest' ? 'on' : ''}
            onClick={() => setRange('latest')}
          >
            {year(latest)}
          </button>
          <button
            type="button"
            className={range === 'all' ? 'on' : ''}
            onClick={() => setRange('all')}
          >
            {t('map.allYears', { from: year(years[0]), to: year(latest) })}
          </button>
        </div>
      </header>
      {/* Time runs left to right in both languages, as on the charts: the axis does not mirror. */}
      <div className="timeline-axis" dir="ltr" style={{ height: 26 + layout.rows * 22 }}>
        <div className="axis-line" />
        {layout.ticks.map((t) => (
          <span key={t.label} className="tick" style={{ left: `${t.x}%` }}>
            {t.label}
          </span>
        ))}
        {layout.dots.map(({ e, n, x, row }) => (
          <button
            key={e.id}
            type="button"
            className={`dot${allianceId && e.allianceIds.includes(allianceId) ? ' related' : ''}${open === e.id ? ' open' : ''}`}
            style={{ left: `${x}%`, bottom: 22 + row * 22 }}
            title={`${fmtDate(e.date)} — ${e.title}`}
            data-event={e.id}
            onClick={() => {
              setOpen(e.id);
              onPick?.(e);
            }}
          >
            {intl.formatNumber(n)}
          </button>
        ))}
      </div>
      <ol className="event-list">
        {layout.dots.map(({ e, n }) => (
          <li
            key={e.id}
            className={`${open === e.id ? 'open' : ''}${allianceId && e.allianceIds.includes(allianceId) ? ' related' : ''}`}
          >
            <span className="event-n">{intl.formatNumber(n)}.</span>
            <button
              type="button"
              className="event-title"
              onClick={() => {
                const closing = open === e.id;
                setOpen(closing ? null : e.id);
                onPick?.(closing ? null : e);
              }}
            >
              <time dateTime={e.date}>{fmtDate(e.date)}</time> {e.title}
            </button>
            {open === e.id && (
              <div className="event-body">
                <p>{e.description}</p>
                {e.states.length > 0 && (
                  <p className="muted small">
                    {t('map.eventStates', { states: list(e.states.map(stateName)) })}
                  </p>
                )}
                <Sources sources={e.sources} compact />
              </div>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Month ticks for spans under ~2 years, else decade/year ticks. */
function axisTicks(
  lo: number,
  hi: number,
  format: (ms: number, months: boolean) => string,
): { ms: number; label: string }[] {
  const out: { ms: number; label: string }[] = [];
  const start = new Date(lo);
  if (hi - lo < 730 * DAY) {
    for (let d = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1); d <= hi;) {
      const dt = new Date(d);
      out.push({ ms: d, label: format(d, true) });
      d = Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 1);
    }
    return out;
  }
  const years = (hi - lo) / (365.25 * DAY);
  const step = years > 40 ? 10 : years > 15 ? 5 : 1;
  for (
    let y = Math.ceil(start.getUTCFullYear() / step) * step;
    Date.UTC(y, 0, 1) <= hi;
    y += step
  ) {
    if (Date.UTC(y, 0, 1) >= lo)
      out.push({ ms: Date.UTC(y, 0, 1), label: format(Date.UTC(y, 0, 1), false) });
  }
  return out;
}
