import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';

/**
 * Charts where a person would rather look than read (#13.11): counts over time as bars, and shares of a
 * total as horizontal bars. No chart library: plain SVG and HTML the browser lays out, so right to left,
 * the reader's digits and the dark theme come from the console itself. Every chart carries its own
 * text alternative: an SVG `<title>`/`<desc>` (role img) that says what it shows, and the same numbers
 * as a table under "Show as a table".
 */

/** One series of a bar chart: its key in `TimeBar.values`, its name, its colour (a CSS colour or var). */
export interface ChartSeries {
  key: string;
  label: string;
  color: string;
}

/** One bucket on the time axis: its first day (YYYY-MM-DD) and a value per series. */
export interface TimeBar {
  start: string;
  values: Record<string, number>;
}

const HEIGHT = 200;
const TOP = 12;
const BOTTOM = 26;
const AXIS = 44;
const END = 8;

/** The width of an element, followed as it changes (a phone turned, a panel stacking). */
function useWidth<T extends HTMLElement>(fallback: number) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

/** A round top for the value axis (1, 2 or 5 times a power of ten) and its three ticks. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const pow = 10 ** Math.floor(Math.log10(max));
  const top = [1, 2, 5, 10].map((m) => m * pow).find((x) => x >= max) ?? 10 * pow;
  const step = top / 2;
  return Number.isInteger(step) ? [0, step, top] : [0, top];
}

/**
 * Bars over time, stacked when there are several series. Time runs in the reader's direction: left to
 * right in English, right to left in Arabic (the value axis stands at the start of the line).
 */
export function TimeBars({
  title,
  description,
  series,
  bars,
  testId,
}: {
  title: string;
  /** What the chart shows, in a sentence or two (the SVG's desc, read by screen readers). */
  description: string;
  series: ChartSeries[];
  bars: TimeBar[];
  testId: string;
}) {
  const { t, num, date, dir } = useI18n();
  const id = useId();
  const { ref, width } = useWidth<HTMLDivElement>(600);
  const rtl = dir === 'rtl';
  const totals = bars.map((b) => series.reduce((a, s) => a + (b.values[s.key] ?? 0), 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const top = ticks[ticks.length - 1];
  const plotW = Math.max(40, width - AXIS - END);
  const plotH = HEIGHT - TOP - BOTTOM;
  const band = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, Math.min(40, band * 0.72));
  /** The inline-start edge of bucket i's band, in SVG x (mirrored in Arabic). */
  const bandX = (i: number) => (rtl ? END + plotW - (i + 1) * band : AXIS + i * band);
  const axisX = rtl ? END + plotW : AXIS;
  const y = (v: number) => TOP + plotH - (plotH * v) / top;
  const labelEvery = Math.max(1, Math.ceil((bars.length * 64) / plotW));
  const day = (d: string) => date(d, { month: 'short', day: 'numeric' });
  return (
    <div className="chart" data-testid={testId} ref={ref}>
      {series.length > 1 && (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: s.color }} /> {s.label}
            </li>
          ))}
        </ul>
      )}
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        data-testid={`${testId}-svg`}
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks.map((v) => (
          <g key={v} className="chart-tick">
            <line x1={rtl ? END : AXIS} x2={rtl ? END + plotW : AXIS + plotW} y1={y(v)} y2={y(v)} />
            {/* "end" in either direction: the label's end touches the axis (in right-to-left text
                the end is the left side, so the label stands right of the axis). */}
            <text x={rtl ? axisX + 4 : axisX - 4} y={y(v)} dy="0.32em" textAnchor="end">
              {num(v)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = bandX(i) + (band - barW) / 2;
          let base = 0;
          return (
            <g
              key={b.start}
              className="chart-bar"
              data-start={b.start}
              data-total={totals[i]}
              data-testid={`${testId}-bar`}
            >
              <title>
                {t('chart.barTitle', {
                  start: date(b.start),
                  values: series.map((s) => `${s.label}: ${num(b.values[s.key] ?? 0)}`).join(' · '),
                })}
              </title>
              {series.map((s) => {
                const v = b.values[s.key] ?? 0;
                if (!v) return null;
                const y0 = y(base);
                base += v;
                return (
                  <rect
                    key={s.key}
                    x={x}
                    width={barW}
                    y={y(base)}
                    height={Math.max(1, y0 - y(base))}
                    style={{ fill: s.color }}
                    data-series={s.key}
                    data-value={v}
                  />
                );
              })}
              {i % labelEvery === 0 && (
                <text
                  className="chart-label"
                  x={bandX(i) + band / 2}
                  y={HEIGHT - 8}
                  textAnchor="middle"
                >
                  {day(b.start)}
                </text>
              )}
            </g>
          );
        })}
        <line className="chart-axis" x1={axisX} x2={axisX} y1={TOP} y2={TOP + plotH} />
      </svg>
      <ChartTable>
        <table data-testid={`${testId}-table`}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart.col.period')}</th>
              {series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.label}
                </th>
              ))}
              {series.length > 1 && <th scope="col">{t('chart.col.total')}</th>}
            </tr>
          </thead>
          <tbody>
            {bars.map((b, i) => (
              <tr key={b.start} data-start={b.start}>
                <th scope="row">{date(b.start)}</th>
                {series.map((s) => (
                  <td key={s.key}>{num(b.values[s.key] ?? 0)}</td>
                ))}
                {series.length > 1 && <td>{num(totals[i])}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </ChartTable>
    </div>
  );
}

/** The chart's numbers as a table, folded under the chart. */
function ChartTable({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <details className="chart-table">
      <summary>{t('chart.showTable')}</summary>
      <div className="table-scroll">{children}</div>
    </details>
  );
}

/** One row of a share chart: a name, a value, and its share of the total (0..1). */
export interface ShareRow {
  key: string;
  label: string;
  value: number;
  share: number;
}

/**
 * Shares of a total, largest first, as horizontal bars growing from the start of the line (from the
 * right in Arabic). Each row says its value and share in words, so the chart reads as a list too.
 */
export function ShareBars({
  title,
  description,
  rows,
  valueLabel,
  testId,
}: {
  title: string;
  description: string;
  rows: ShareRow[];
  /** The value column's head in the table (e.g. "Troops pledged"). */
  valueLabel: string;
  testId: string;
}) {
  const { t, num } = useI18n();
  const id = useId();
  const pct = (x: number) =>
    num(x, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const max = Math.max(0, ...rows.map((r) => r.share));
  return (
    <figure className="chart share-chart" data-testid={testId} aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>
        <strong>{title}</strong> <span className="muted small">{description}</span>
      </figcaption>
      <ul className="share-rows">
        {rows.map((r) => (
          <li
            key={r.key}
            data-key={r.key}
            data-value={r.value}
            data-share={r.share.toFixed(6)}
            data-testid={`${testId}-row`}
          >
            <span className="share-name">{r.label}</span>
            <span className="share-track" aria-hidden="true">
              <span
                className="share-bar"
                style={{ inlineSize: `${max > 0 ? (100 * r.share) / max : 0}%` }}
              />
            </span>
            <span className="share-value">
              {t('chart.shareValue', { value: num(r.value), share: pct(r.share) })}
            </span>
          </li>
        ))}
      </ul>
      <ChartTable>
        <table data-testid={`${testId}-table`}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart.col.member')}</th>
              <th scope="col">{valueLabel}</th>
              <th scope="col">{t('chart.col.share')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td>{num(r.value)}</td>
                <td>{pct(r.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartTable>
    </figure>
  );
}

/** Day / week switch of a time chart (aria-pressed buttons, like the console's other toggles). */
export function IntervalSwitch({
  value,
  onChange,
  testId,
}: {
  value: 'day' | 'week';
  onChange: (v: 'day' | 'week') => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <span className="segmented" role="group" aria-label={t('chart.interval')} data-testid={testId}>
      {(['day', 'week'] as const).map((v) => (
        <button
          key={v}
          type="button"
          className={value === v ? 'on' : undefined}
          aria-pressed={value === v}
          data-interval={v}
          onClick={() => onChange(v)}
        >
          {t(`chart.interval.${v}`)}
        </button>
      ))}
    </span>
  );
}
