/**
 * Build-time preparation of the console's world map (run by the Vite plugin in vite.config.ts, never
 * shipped): from Natural Earth 1:50m (world-atlas) keep the countries a region view can show, and make
 * two resolutions: `coarse` for a view of the whole region (960 px over ~115° of longitude, about 0.1°
 * a pixel) and `detail` for a view zoomed on a few states (the 1:50m shapes themselves).
 */
import { quantize } from 'topojson-client';
import { presimplify, simplify } from 'topojson-simplify';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';

export type Bounds = [[number, number], [number, number]];

/** Everything any region view can show (the region extent plus what the map's aspect adds). */
export const ATLAS_BOUNDS: Bounds = [
  [-50, -60],
  [150, 75],
];

type Arc = number[][];
type Countries = Topology<{ countries: GeometryCollection<{ name: string }> }>;

/** Absolute coordinates of every arc (undoing quantization and delta encoding). */
function decodeArcs(topo: Topology): Arc[] {
  const t = topo.transform;
  if (!t) return topo.arcs;
  const [sx, sy] = t.scale;
  const [tx, ty] = t.translate;
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
}

function arcIndices(g: GeometryObject): number[] {
  if (g.type === 'Polygon') return g.arcs.flat();
  if (g.type === 'MultiPolygon') return g.arcs.flat(2);
  return [];
}

/** Keeps the countries whose bounding box meets `bounds` and the arcs they use (renumbered). */
export function cropCountries(topo: Countries, [[w, s], [e, n]]: Bounds): Countries {
  const arcs = decodeArcs(topo);
  const kept = topo.objects.countries.geometries.filter((g) => {
    let [gw, gs, ge, gn] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const i of arcIndices(g))
      for (const [x, y] of arcs[i < 0 ? ~i : i]) {
        gw = Math.min(gw, x);
        ge = Math.max(ge, x);
        gs = Math.min(gs, y);
        gn = Math.max(gn, y);
      }
    return gw <= e && ge >= w && gs <= n && gn >= s;
  });
  const renumber = new Map<number, number>();
  const used: Arc[] = [];
  const map = (i: number): number => {
    const k = i < 0 ? ~i : i;
    let j = renumber.get(k);
    if (j === undefined) {
      j = used.length;
      renumber.set(k, j);
      used.push(arcs[k]);
    }
    return i < 0 ? ~j : j;
  };
  const geometries = kept.map((g): GeometryObject<{ name: string }> => {
    if (g.type === 'Polygon') return { ...g, arcs: g.arcs.map((r) => r.map(map)) };
    if (g.type === 'MultiPolygon')
      return { ...g, arcs: g.arcs.map((p) => p.map((r) => r.map(map))) };
    return g;
  });
  return {
    type: 'Topology',
    bbox: topo.bbox,
    objects: { countries: { type: 'GeometryCollection', geometries } },
    arcs: used,
  };
}

/**
 * Visvalingam simplification dropping points whose triangle is smaller than `minArea` (degrees²),
 * keeping every ring that is one closed arc (an island) at four points at least so that small states
 * (Bahrain, the Comoros) keep a shape; then quantized to `quantization` steps per axis.
 */
export function simplifyCountries(topo: Countries, minArea: number, quantization: number) {
  const weighted = presimplify(topo);
  for (const arc of weighted.arcs as number[][][]) {
    const n = arc.length;
    const closed = n > 4 && arc[0][0] === arc[n - 1][0] && arc[0][1] === arc[n - 1][1];
    if (!closed) continue;
    const kept = arc.filter((p) => p[2] >= minArea).length;
    if (kept >= 4) continue;
    const interior = arc.slice(1, -1).sort((a, b) => b[2] - a[2]);
    for (const p of interior.slice(0, 4 - kept)) p[2] = Infinity;
  }
  const simple = simplify(weighted, minArea);
  return quantize<Countries['objects']>(simple, quantization);
}

export interface AtlasFiles {
  coarse: string;
  detail: string;
}

/** The two map files the console loads, as JSON text. */
export function buildAtlas(world50m: Countries): AtlasFiles {
  const region = cropCountries(world50m, ATLAS_BOUNDS);
  // A pixel of the whole-region view is ~0.12°; points whose triangle is under about half a pixel² go.
  const coarse = simplifyCountries(region, 0.008, 1e4);
  const detail = quantize<Countries['objects']>(region, 1e5);
  return { coarse: JSON.stringify(coarse), detail: JSON.stringify(detail) };
}
