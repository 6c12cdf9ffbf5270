import { readFileSync } from 'node:fs';
import type { Source } from '../registry/model.js';

export const STANDARD_KINDS = [
  'data_link',
  'radio_waveform',
  'ammunition',
  'fuel',
  'air_refuelling',
  'iff',
  'datum',
] as const;
export type StandardKind = (typeof STANDARD_KINDS)[number];

export interface Standard {
  id: string;
  kind: StandardKind;
  name: string;
  sources: Source[];
}

export interface EquipmentFamily {
  id: string;
  name: string;
  category: string;
  maker: string;
  /** Ids of the standards the family implements. */
  standards: string[];
  sources: Source[];
}

/** The interoperability catalogue: equipment families and the standards they implement. */
/** The file `data/forces/equipment.json`; `checkCatalogue` says what is wrong with one. */
export interface CatalogueData {
  standards: Standard[];
  families: EquipmentFamily[];
}

export class Catalogue {
  readonly standards: Map<string, Standard>;
  readonly families: Map<string, EquipmentFamily>;

  constructor(data: CatalogueData) {
    this.standards = new Map(data.standards.map((s) => [s.id, s]));
    this.families = new Map(data.families.map((f) => [f.id, f]));
    const problems = checkCatalogue(data);
    if (problems.length)
      throw new Error(`equipment catalogue invalid:\n- ${problems.join('\n- ')}`);
  }

  family(id: string): EquipmentFamily | undefined {
    return this.families.get(id);
  }

  /** Standards of one kind a family implements. */
  standardsOf(familyId: string, kind: StandardKind): string[] {
    const f = this.families.get(familyId);
    if (!f) return [];
    return f.standards.filter((s) => this.standards.get(s)?.kind === kind);
  }
}

/** Every standard used exists, every entry has a source, ids are unique. */
export function checkCatalogue(data: {
  standards: Standard[];
  families: EquipmentFamily[];
}): string[] {
  const problems: string[] = [];
  const std = new Set<string>();
  for (const s of data.standards) {
    if (std.has(s.id)) problems.push(`standard ${s.id} listed twice`);
    std.add(s.id);
    if (!STANDARD_KINDS.includes(s.kind))
      problems.push(`standard ${s.id} has unknown kind ${s.kind}`);
    if (!s.sources?.length) problems.push(`standard ${s.id} has no source`);
  }
  const fam = new Set<string>();
  for (const f of data.families) {
    if (fam.has(f.id)) problems.push(`family ${f.id} listed twice`);
    fam.add(f.id);
    if (!f.sources?.length) problems.push(`family ${f.id} has no source`);
    for (const s of f.standards)
      if (!std.has(s)) problems.push(`family ${f.id} names unknown standard ${s}`);
  }
  return problems;
}

/** Path of the shipped catalogue (works from src/ under tsx/vitest and from dist/). */
export const CATALOGUE_URL = new URL('../../data/forces/equipment.json', import.meta.url);

let shipped: Catalogue | undefined;
export function shippedCatalogue(): Catalogue {
  shipped ??= new Catalogue(JSON.parse(readFileSync(CATALOGUE_URL, 'utf8')) as CatalogueData);
  return shipped;
}
