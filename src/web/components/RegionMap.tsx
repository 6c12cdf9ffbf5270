import { geoCentroid, geoMercator, geoPath } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import {
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react';
import type { State } from '../api.js';
import { useStates } from '../hooks.js';
import { useI18n } from '../i18n/index.js';
import {
  DETAIL_BELOW_DEGREES,
  isoNames,
  loadCountries,
  type AtlasResolution,
  type CountryFeature,
} from './atlas.js';
import { dataAttrs, extentAround, inExtent, normaliseWinding } from './map-geometry.js';

/** A state to shade. */
export interface ShadedState {
  iso3: string;
  /** Any CSS colour. */
  fill: string;
  /** Diagonal hatching over the fill (the console uses it for suspended members). */
  hatch?: boolean;
  /** Extra line in the tooltip, e.g. "member since 1945-03-22". */
  note?: string;
  /** Extra data-* attributes on the shape, e.g. { role: 'observer' } → data-role="observer". */
  data?: Record<string, string>;
}

/** A labelled point (a base, a sensor, a city). */
export interface MapPoint {
  id?: string;
  lon: number;
  lat: number;
  label?: string;
  color?: string;
  /** Radius in map pixels (default 5). */
  radius?: number;
  note?: string;
  data?: Record<string, string>;
}

/** A GeoJSON area to overlay (a threatened area, a zone). Any winding order is accepted. */
export interface MapPolygon {
  id?: string;
  geometry: Geometry | Feature;
  fill?: string;
  stroke?: string;
  /** Fill opacity (default 0.25). */
  opacity?: number;
  label?: string;
  data?: Record<string, string>;
}

/** [[west, south], [east, north]] in degrees. */
export type Extent = [[number, number], [number, number]];

/** Africa, the Middle East and South Asia. */
export const REGION_EXTENT: Extent = [
  [-19, -36],
  [96, 42],
];

export interface RegionMapProps {
  states?: ShadedState[];
  points?: MapPoint[];
  polygons?: MapPolygon[];
  extent?: Extent;
  /** Frame these states (ISO3) instead: their padded bounds, inside `extent`. Empty or absent: `extent`. */
  fitTo?: string[];
  /** ISO3 of a state to outline (e.g. the one selected in a list), or several. */
  selected?: string | string[] | null;
  /** Clicked a country shape (iso3 null for shapes without an ISO code, e.g. Somaliland). */
  onStateClick?: (iso3: string | null, name: string) => void;
  onPointClick?: (point: MapPoint) => void;
  /** Rendered under the map (a legend). */
  children?: ReactNode;
  ariaLabel?: string;
  /** data-testid of the <svg>; default "region-map". */
  testId?: string;
}

const WIDTH = 960;
const HEIGHT = 620;
/** Shaded shapes smaller than this (px²) also get a dot, so Bahrain or the Comoros stay visible. */
const SMALL_AREA = 40;

/**
 * The region map: Natural Earth 1:50m countries in a Mercator projection fitted to `extent`, with
 * states shaded, points and areas overlaid, and a tooltip giving English and Arabic names.
 * Every country shape carries data-iso3; shaded ones also carry their `data` attributes. Shaded
 * states too small to see also get a dot. States outside the extent are not drawn: list them beside
 * the map.
 */
export function RegionMap(props: RegionMapProps) {
  const { t, locale } = useI18n();
  const {
    states = [],
    points = [],
    polygons = [],
    extent: limit = REGION_EXTENT,
    selected,
    onStateClick,
    onPointClick,
  } = props;
  const uid = useId().replace(/[^\w-]/g, '');
  const registry = useStates();
  const [atlas, setAtlas] = useState<Partial<Record<AtlasResolution, CountryFeature[]>>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [tip, setTip] = useState<{ x: number; y: number; lines: string[]; ar?: string } | null>(
    null,
  );
  const boxRef = useRef<HTMLDivElement>(null);
  const span = (e: Extent) => e[1][0] - e[0][0];

  const fitKey = (props.fitTo ?? []).join(',');
  const limitKey = JSON.stringify(limit);
  // Framing states needs their shapes first: the coarse ones will do. A fixed extent picks its resolution at once.
  const base: AtlasResolution = !fitKey && span(limit) < DETAIL_BELOW_DEGREES ? 'detail' : 'coarse';
  const fitShapes = atlas[base] ?? atlas.detail ?? null;
  const extent = useMemo(() => {
    if (!fitKey || !fitShapes) return limit;
    const wanted = new Set(fitKey.split(','));
    return extentAround(
      fitShapes.filter((f) => f.iso3 && wanted.has(f.iso3)),
      limit,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the extent's value (limitKey), not on a new array each render
  }, [fitShapes, fitKey, limitKey]);
  /** The resolution this view needs: the 1:50m shapes only when zoomed in on part of the region. */
  const resolution: AtlasResolution =
    fitKey && !fitShapes ? base : span(extent) < DETAIL_BELOW_DEGREES ? 'detail' : 'coarse';
  const countries = atlas[resolution] ?? null;

  useEffect(() => {
    let live = true;
    for (const r of new Set([base, resolution]))
      loadCountries(r).then(
        (c) => live && setAtlas((a) => (a[r] ? a : { ...a, [r]: c })),
        (e: Error) => live && setLoadError(e.message),
      );
    return () => {
      live = false;
    };
  }, [base, resolution]);

  const extentKey = JSON.stringify(extent);
  const { path, projection, shapes } = useMemo(() => {
    const [[w, s], [e, n]] = extent;
    const frame: Feature = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'MultiPoint',
        coordinates: [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
        ],
      },
    };
    const projection = geoMercator().fitExtent(
      [
        [4, 4],
        [WIDTH - 4, HEIGHT - 4],
      ],
      frame,
    );
    const path = geoPath(projection);
    // The frame keeps the map's aspect, so it shows more than the extent on one axis: draw what it shows.
    const [[x0, y0], [x1, y1]] = [
      projection.invert!([0, HEIGHT])!,
      projection.invert!([WIDTH, 0])!,
    ];
    const shown: Extent = [
      [Math.min(w, x0), Math.min(s, y0)],
      [Math.max(e, x1), Math.max(n, y1)],
    ];
    const shapes = (countries ?? [])
      .filter((f) => inExtent(f, shown))
      .map((f) => ({
        f,
        d: path(f) ?? '',
        area: path.area(f),
        centroid: projection(geoCentroid(f)),
      }));
    return { path, projection, shapes };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the extent's value (extentKey), not on a new array each render
  }, [countries, extentKey]);

  const drawn = useMemo(() => new Set(shapes.map(({ f }) => f.iso3).filter(Boolean)), [shapes]);
  const byIso = useMemo(
    () => new Map((registry.data ?? []).map((s: State) => [s.iso3, s])),
    [registry.data],
  );
  const outlinedKey = [selected ?? []].flat().join(',');
  const outlined = useMemo(() => new Set(outlinedKey ? outlinedKey.split(',') : []), [outlinedKey]);
  const shadeByIso = useMemo(() => new Map(states.map((s) => [s.iso3, s])), [states]);
  const hatchColours = useMemo(
    () => [...new Set(states.filter((s) => s.hatch).map((s) => s.fill))],
    [states],
  );
  const paint = (s: ShadedState) =>
    s.hatch ? `url(#hatch-${uid}-${hatchColours.indexOf(s.fill)})` : s.fill;
  useEffect(() => setTip(null), [states]); // a tooltip must not outlive the shading it describes
  const clickRef = useRef(onStateClick);
  clickRef.current = onStateClick;

  function names(iso3: string | null, fallback: string): { en: string; ar?: string } {
    const s = iso3 ? byIso.get(iso3) : undefined;
    if (s) return { en: s.nameEn, ar: s.nameAr };
    const iso = iso3 ? isoNames(iso3) : null;
    return iso ? { en: iso.en, ar: iso.ar } : { en: fallback };
  }

  function showTip(ev: MouseEvent, lines: string[], ar?: string) {
    const box = boxRef.current?.getBoundingClientRect();
    if (!box) return;
    const x = ev.clientX - box.left;
    // Keep the tooltip inside the map near the right edge.
    setTip({ x: x > box.width - 240 ? x - 250 : x + 14, y: ev.clientY - box.top + 10, lines, ar });
  }

  /** The shape under the pointer: one handler for all countries (event delegation). */
  function shapeAt(
    ev: MouseEvent,
  ): { iso3: string | null; name: string; shade?: ShadedState } | null {
    const i = ev.target instanceof Element ? ev.target.getAttribute('data-shape') : null;
    const hit = i === null ? undefined : shapes[Number(i)];
    if (!hit) return null;
    return {
      iso3: hit.f.iso3,
      name: hit.f.properties.name,
      shade: hit.f.iso3 ? shadeByIso.get(hit.f.iso3) : undefined,
    };
  }
  function hoverCountry(ev: MouseEvent) {
    const hit = shapeAt(ev);
    if (!hit) return setTip(null);
    const n = names(hit.iso3, hit.name);
    showTip(ev, [n.en, ...(hit.shade?.note ? [hit.shade.note] : [])], n.ar);
  }
  function clickCountry(ev: MouseEvent) {
    const hit = shapeAt(ev);
    if (hit && clickRef.current) clickRef.current(hit.iso3, names(hit.iso3, hit.name).en);
  }

  // The country layer is rebuilt only when shapes or shading change, not on every tooltip move.
  const countryLayer = useMemo(
    () => (
      <>
        {shapes.map(({ f, d }, i) => {
          const shade = f.iso3 ? shadeByIso.get(f.iso3) : undefined;
          return (
            <path
              key={f.id ?? `x${i}`}
              d={d}
              className={`country${shade ? ' shaded' : ''}${f.iso3 && outlined.has(f.iso3) ? ' selected' : ''}`}
              style={shade ? { fill: paint(shade) } : undefined}
              data-shape={i}
              data-iso3={f.iso3 ?? undefined}
              {...(shade ? dataAttrs(shade.data) : {})}
            />
          );
        })}
        {shapes
          .filter(
            ({ f, area, centroid }) =>
              f.iso3 && shadeByIso.has(f.iso3) && area < SMALL_AREA && centroid,
          )
          .map(({ f, centroid }) => (
            <circle
              key={`dot-${f.iso3}`}
              className="small-state"
              cx={centroid![0]}
              cy={centroid![1]}
              r={4.5}
              style={{ fill: paint(shadeByIso.get(f.iso3!)!) }}
              data-shape={shapes.findIndex((x) => x.f === f)}
              data-marker-for={f.iso3!}
            />
          ))}
      </>
    ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the outline's value (outlinedKey), not on a new Set each render
    [shapes, shadeByIso, outlinedKey, hatchColours],
  );

  const polygonPaths = useMemo(
    () => polygons.map((p) => ({ p, d: path(normaliseWinding(p.geometry)) ?? '' })),
    [polygons, path],
  );

  return (
    <div className={`region-map${onStateClick ? ' clickable' : ''}`} ref={boxRef}>
      {loadError && (
        <p className="map-error">{t('regionMap.unavailable', { message: loadError })}</p>
      )}
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={props.ariaLabel ?? t('regionMap.aria')}
        data-testid={props.testId ?? 'region-map'}
        data-ready={countries ? '1' : '0'}
        data-resolution={resolution}
        onMouseLeave={() => setTip(null)}
      >
        <defs>
          {hatchColours.map((c, i) => (
            <pattern
              key={c}
              id={`hatch-${uid}-${i}`}
              patternUnits="userSpaceOnUse"
              width="6"
              height="6"
              patternTransform="rotate(45)"
            >
              <rect width="6" height="6" fill={c} />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="2.5" />
            </pattern>
          ))}
        </defs>
        <rect className="map-sea" width={WIDTH} height={HEIGHT} />
        <g className="map-countries" onMouseMove={hoverCountry} onClick={clickCountry}>
          {countryLayer}
        </g>
        <g className="map-polygons">
          {polygonPaths.map(({ p, d }, i) => (
            <path
              key={p.id ?? i}
              d={d}
              className="overlay-area"
              style={{
                fill: p.fill ?? '#b45309',
                fillOpacity: p.opacity ?? 0.25,
                stroke: p.stroke ?? p.fill ?? '#b45309',
              }}
              {...dataAttrs(p.data)}
              onMouseMove={p.label ? (ev) => showTip(ev, [p.label!]) : undefined}
            />
          ))}
        </g>
        <g className="map-points">
          {points.map((pt, i) => {
            const xy = projection([pt.lon, pt.lat]);
            if (!xy) return null;
            return (
              <g
                key={pt.id ?? i}
                className="map-point"
                transform={`translate(${xy[0]},${xy[1]})`}
                {...dataAttrs(pt.data)}
              >
                <circle
                  r={pt.radius ?? 5}
                  style={{ fill: pt.color ?? '#1e3a8a' }}
                  onMouseMove={(ev) =>
                    showTip(ev, [
                      pt.label ?? `${pt.lat.toFixed(2)}, ${pt.lon.toFixed(2)}`,
                      ...(pt.note ? [pt.note] : []),
                    ])
                  }
                  onClick={onPointClick ? () => onPointClick(pt) : undefined}
                />
                {pt.label && (
                  <text x={(pt.radius ?? 5) + 3} y={4}>
                    {pt.label}
                  </text>
                )}
              </g>
            );
          })}
        </g>
      </svg>
      {countries && (
        <OffMapNote
          iso3s={states.map((s) => s.iso3).filter((c) => !drawn.has(c))}
          name={(c) => {
            const n = names(c, c);
            return (locale === 'ar' && n.ar) || n.en;
          }}
        />
      )}
      {tip && (
        <div
          className="map-tooltip"
          style={{ left: tip.x, top: tip.y }}
          role="tooltip"
          data-testid="map-tooltip"
        >
          <strong>{tip.lines[0]}</strong>
          {tip.ar && (
            <span className="ar" lang="ar" dir="rtl">
              {tip.ar}
            </span>
          )}
          {tip.lines.slice(1).map((l) => (
            <span key={l}>{l}</span>
          ))}
        </div>
      )}
      {props.children}
    </div>
  );
}

function OffMapNote({ iso3s, name }: { iso3s: string[]; name: (iso3: string) => string }) {
  const { t, num, locale } = useI18n();
  if (iso3s.length === 0) return null;
  return (
    <p className="map-offmap" data-testid="map-offmap">
      {t('regionMap.offMap', {
        count: num(iso3s.length),
        names: iso3s
          .map(name)
          .sort((a, b) => a.localeCompare(b, locale))
          .join(locale === 'ar' ? '، ' : ', '),
      })}
    </p>
  );
}
