import { cellToParent, latLngToCell, polygonToCells } from 'h3-js';
import { loadTerritories, territoryContains, type Territory } from '../geo/countries.js';
import { ringAreaKm2 } from './impact-predictor.js';

/** H3 resolution of warning zones: res 5 cells are about 250 km² (edge ≈ 9 km). */
export const ZONE_RES = 5;

/**
 * Each member's warning zones: the H3 cells whose centre lies in its territory, plus the cells under
 * every coastline vertex so small islands are not lost. Very large threatened areas (early, while the
 * missile is still under power) are intersected on coarser parent cells to bound the work.
 */
export class WarningZones {
  readonly cells = new Map<string, Set<string>>();
  private readonly coarse = new Map<number, Map<string, Set<string>>>();
  readonly territories = new Map<string, Territory>();
  constructor(
    readonly members: string[],
    readonly res = ZONE_RES,
  ) {
    const all = loadTerritories();
    for (const m of members) {
      const t = all.get(m);
      if (!t) continue;
      this.territories.set(m, t);
      const set = new Set<string>();
      for (const poly of t.polygons) {
        for (const c of polygonToCells(poly, res, true)) set.add(c);
        for (const [lon, lat] of poly[0]) set.add(latLngToCell(lat, lon, res));
      }
      this.cells.set(m, set);
    }
    for (const r of [res - 1, res - 2]) {
      const byM = new Map<string, Set<string>>();
      for (const [m, set] of this.cells)
        byM.set(m, new Set([...set].map((c) => cellToParent(c, r))));
      this.coarse.set(r, byM);
    }
  }

  /** Cells of a threatened [lat, lon] ring, and per member the cells that are its warning zones. */
  intersect(
    ring: [number, number][],
    impact: { lat: number; lon: number },
  ): { res: number; cells: string[]; byMember: Map<string, string[]> } {
    const area = ringAreaKm2(ring);
    const res = area > 300_000 ? this.res - 2 : area > 40_000 ? this.res - 1 : this.res;
    const sets = res === this.res ? this.cells : this.coarse.get(res)!;
    const cells = new Set(polygonToCells(ring, res, false));
    for (const [lat, lon] of ring) cells.add(latLngToCell(lat, lon, res));
    cells.add(latLngToCell(impact.lat, impact.lon, res));
    const byMember = new Map<string, string[]>();
    for (const [m, set] of sets) {
      const hit: string[] = [];
      for (const c of cells) if (set.has(c)) hit.push(c);
      if (hit.length === 0 && territoryContains(this.territories.get(m)!, impact.lat, impact.lon))
        hit.push(latLngToCell(impact.lat, impact.lon, res));
      if (hit.length) byMember.set(m, hit);
    }
    return { res, cells: [...cells], byMember };
  }
}
