import type { Catalogue, StandardKind } from './catalogue.js';
import type { Channel, InteropFinding } from './model.js';

/** One unit as the matrix sees it: who, and which equipment families it brings. */
export interface MatrixUnit {
  key: string;
  label: string;
  member: string;
  families: string[];
}

/** How two units connect on one channel: the family pairs and the standard that links them. */
export interface Link {
  familyA: string;
  familyB: string;
  via: string;
}

export interface PairCell {
  a: string;
  b: string;
  /** 'link': a common tactical data link; 'voice': only a common radio waveform; 'unknown': a side lists no equipment. */
  data: 'link' | 'voice' | 'none' | 'unknown';
  ammunition: 'shared' | 'none' | 'unknown';
  fuel: 'shared' | 'none' | 'unknown';
  links: Record<Channel | 'voice', Link[]>;
  /** 0..1 for the heat map: data ½ (voice ¼), ammunition ¼, fuel ¼; null when unknown. */
  score: number | null;
}

export interface Gap {
  a: string;
  b: string;
  channel: Channel;
  reason: string;
}

export interface InteropMatrix {
  units: MatrixUnit[];
  cells: PairCell[];
  gaps: Gap[];
  /** Groups of units that can exchange data (directly or through others) on a common data link. */
  dataIslands: string[][];
  /** For each standard in use: how many units implement it, and which lack it. */
  adoption: { standard: string; kind: StandardKind; units: number; lacking: string[] }[];
}

const AAR: [string, string][] = [
  ['aar-boom-tanker', 'aar-boom-receiver'],
  ['aar-drogue-tanker', 'aar-probe-receiver'],
];

const samePair = (f: InteropFinding, x: string, y: string): boolean =>
  (f.familyA === x && f.familyB === y) || (f.familyA === y && f.familyB === x);

/** Family-pair links of one kind: standards both families implement. */
function commonLinks(cat: Catalogue, fa: string[], fb: string[], kinds: StandardKind[]): Link[] {
  const out: Link[] = [];
  for (const x of fa)
    for (const y of fb) {
      const ys = new Set(cat.family(y)?.standards ?? []);
      for (const s of cat.family(x)?.standards ?? [])
        if (ys.has(s) && kinds.includes(cat.standards.get(s)!.kind))
          out.push({ familyA: x, familyB: y, via: s });
    }
  return out;
}

function refuelLinks(cat: Catalogue, fa: string[], fb: string[]): Link[] {
  const out = commonLinks(cat, fa, fb, ['fuel']);
  for (const x of fa)
    for (const y of fb) {
      const xs = cat.family(x)?.standards ?? [],
        ys = cat.family(y)?.standards ?? [];
      for (const [tanker, receiver] of AAR)
        if (
          (xs.includes(tanker) && ys.includes(receiver)) ||
          (ys.includes(tanker) && xs.includes(receiver))
        )
          out.push({ familyA: x, familyB: y, via: tanker });
    }
  return out;
}

/** Applies after-action findings: 'blocked' removes a family pair's links on a channel, 'works' adds one. */
function applyFindings(
  links: Link[],
  channel: Channel,
  fa: string[],
  fb: string[],
  findings: InteropFinding[],
): Link[] {
  let out = links;
  for (const f of findings) {
    if (f.channel !== channel) continue;
    const hits = fa.flatMap((x) => fb.filter((y) => samePair(f, x, y)).map((y) => [x, y] as const));
    if (!hits.length) continue;
    if (f.result === 'blocked') out = out.filter((l) => !samePair(f, l.familyA, l.familyB));
    else
      for (const [x, y] of hits)
        if (!out.some((l) => l.familyA === x && l.familyB === y && l.via === 'exercise-finding'))
          out = [...out, { familyA: x, familyB: y, via: 'exercise-finding' }];
  }
  return out;
}

/** Whether two units (by equipment families) can exchange data: a common data link, findings applied. */
export function dataLinked(
  cat: Catalogue,
  fa: string[],
  fb: string[],
  findings: InteropFinding[] = [],
): boolean {
  return (
    applyFindings(commonLinks(cat, fa, fb, ['data_link']), 'data', fa, fb, findings).length > 0
  );
}

/**
 * For a set of units, which pairs can exchange data, share ammunition and refuel each other, and the gaps.
 * Pure: equipment comes from the catalogue, exercise findings override it family pair by family pair.
 */
export function interopMatrix(
  units: MatrixUnit[],
  cat: Catalogue,
  findings: InteropFinding[] = [],
): InteropMatrix {
  const cells: PairCell[] = [];
  const gaps: Gap[] = [];
  for (let i = 0; i < units.length; i++)
    for (let j = i + 1; j < units.length; j++) {
      const A = units[i],
        B = units[j];
      const unknown = A.families.length === 0 || B.families.length === 0;
      const data = applyFindings(
        commonLinks(cat, A.families, B.families, ['data_link']),
        'data',
        A.families,
        B.families,
        findings,
      );
      const voice = commonLinks(cat, A.families, B.families, ['radio_waveform']);
      const ammunition = applyFindings(
        commonLinks(cat, A.families, B.families, ['ammunition']),
        'ammunition',
        A.families,
        B.families,
        findings,
      );
      const fuel = applyFindings(
        refuelLinks(cat, A.families, B.families),
        'fuel',
        A.families,
        B.families,
        findings,
      );
      const cell: PairCell = {
        a: A.key,
        b: B.key,
        data: data.length ? 'link' : unknown ? 'unknown' : voice.length ? 'voice' : 'none',
        ammunition: ammunition.length ? 'shared' : unknown ? 'unknown' : 'none',
        fuel: fuel.length ? 'shared' : unknown ? 'unknown' : 'none',
        links: { data, voice, ammunition, fuel },
        score: null,
      };
      if (!unknown)
        cell.score =
          (cell.data === 'link' ? 0.5 : cell.data === 'voice' ? 0.25 : 0) +
          (ammunition.length ? 0.25 : 0) +
          (fuel.length ? 0.25 : 0);
      cells.push(cell);
      if (!unknown) {
        const blocked = (ch: Channel) =>
          findings.find(
            (f) =>
              f.channel === ch &&
              f.result === 'blocked' &&
              A.families.some((x) => B.families.some((y) => samePair(f, x, y))),
          );
        if (!data.length) {
          const f = blocked('data');
          gaps.push({
            a: A.key,
            b: B.key,
            channel: 'data',
            reason: f
              ? `exercise finding: ${f.note}`
              : voice.length
                ? 'no common data link (voice only)'
                : 'no common data link or radio waveform',
          });
        }
        if (
          !ammunition.length &&
          hasKind(cat, A.families, 'ammunition') &&
          hasKind(cat, B.families, 'ammunition')
        ) {
          const f = blocked('ammunition');
          gaps.push({
            a: A.key,
            b: B.key,
            channel: 'ammunition',
            reason: f ? `exercise finding: ${f.note}` : 'no common calibre',
          });
        }
        if (!fuel.length) {
          const f = blocked('fuel');
          gaps.push({
            a: A.key,
            b: B.key,
            channel: 'fuel',
            reason: f ? `exercise finding: ${f.note}` : 'no common fuel or refuelling method',
          });
        }
      }
    }
  return { units, cells, gaps, dataIslands: islands(units, cells), adoption: adoption(units, cat) };
}

const hasKind = (cat: Catalogue, fams: string[], kind: StandardKind): boolean =>
  fams.some((f) => cat.standardsOf(f, kind).length > 0);

function islands(units: MatrixUnit[], cells: PairCell[]): string[][] {
  const parent = new Map(units.map((u) => [u.key, u.key]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const c of cells) if (c.data === 'link') parent.set(find(c.a), find(c.b));
  const groups = new Map<string, string[]>();
  for (const u of units) {
    const r = find(u.key);
    groups.set(r, [...(groups.get(r) ?? []), u.key]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

function adoption(units: MatrixUnit[], cat: Catalogue): InteropMatrix['adoption'] {
  const used = new Map<string, Set<string>>();
  for (const u of units)
    for (const f of u.families)
      for (const s of cat.family(f)?.standards ?? []) {
        if (!used.has(s)) used.set(s, new Set());
        used.get(s)!.add(u.key);
      }
  return [...used.entries()]
    .map(([s, set]) => ({
      standard: s,
      kind: cat.standards.get(s)!.kind,
      units: set.size,
      lacking: units.filter((u) => !set.has(u.key)).map((u) => u.key),
    }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.units - a.units);
}
