import { payloadFields } from '../record/act-catalogue.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../core/crypto.js';
import { isValidDay } from '../core/dates.js';
import type { RecordLog } from '../record/record-log.js';
import { SECRETARIAT } from '../record/model.js';
import type { SeedData } from './model.js';

const FILES = ['states', 'alliances', 'memberships', 'events'] as const;

/** Reads `states.json`, `alliances.json`, `memberships.json`, `events.json` from a folder and checks them. */
export function loadSeedData(dir: string): SeedData {
  const data = {} as Record<(typeof FILES)[number], unknown[]>;
  for (const f of FILES) {
    const path = join(dir, `${f}.json`);
    data[f] = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown[]) : [];
  }
  const seed = data as unknown as SeedData;
  const problems = checkSeedData(seed);
  if (problems.length)
    throw new Error(`seed data in ${dir} is invalid:\n- ${problems.slice(0, 20).join('\n- ')}`);
  return seed;
}

/** Structural checks every seeded fact must pass: known references, real dates, at least one source. */
export function checkSeedData(d: SeedData): string[] {
  const problems: string[] = [];
  const states = new Set(d.states.map((s) => s.iso3));
  const alliances = new Set(d.alliances.map((a) => a.id));
  const day = (v: string | null | undefined, where: string) => {
    if (v != null && !isValidDay(v)) problems.push(`${where}: '${v}' is not a date YYYY-MM-DD`);
  };
  const sourced = (o: { sources?: unknown[] }, where: string) => {
    if (!Array.isArray(o.sources) || o.sources.length === 0) problems.push(`${where}: no source`);
  };
  d.states.forEach((s, i) => {
    if (!/^[A-Z]{3}$/.test(s.iso3))
      problems.push(`states[${i}].iso3 '${s.iso3}' is not ISO alpha-3`);
    sourced(s, `states[${i}] ${s.iso3}`);
    (s.mergedInto ?? []).forEach((m, j) => {
      const where = `states[${i}] ${s.iso3}.mergedInto[${j}]`;
      if (!states.has(m.state)) problems.push(`${where}: unknown state ${m.state}`);
      day(m.from, `${where}.from`);
      day(m.to, `${where}.to`);
      sourced(m, where);
      // A merged state is no separate member: none of its memberships may cover a day of the union.
      for (const ms of d.memberships) {
        const start = ms.from ?? d.alliances.find((a) => a.id === ms.allianceId)?.founded ?? null;
        if (
          ms.state === s.iso3 &&
          (start === null || m.to === null || start < m.to) &&
          (ms.to === null || ms.to > m.from)
        )
          problems.push(
            `memberships ${ms.allianceId}/${ms.state}: covers ${m.from}..${m.to ?? 'now'}, when ${s.iso3} was merged into ${m.name}`,
          );
      }
    });
  });
  d.alliances.forEach((a, i) => {
    day(a.founded, `alliances[${i}].founded`);
    day(a.ended, `alliances[${i}].ended`);
    sourced(a, `alliances[${i}] ${a.id}`);
  });
  d.memberships.forEach((m, i) => {
    const where = `memberships[${i}] ${m.allianceId}/${m.state}`;
    if (!states.has(m.state)) problems.push(`${where}: unknown state`);
    if (!alliances.has(m.allianceId)) problems.push(`${where}: unknown alliance`);
    day(m.from, `${where}.from`);
    day(m.to, `${where}.to`);
    if (m.from && m.to && m.to <= m.from) problems.push(`${where}: exit is not after entry`);
    (m.suspensions ?? []).forEach((s, j) => {
      day(s.from, `${where}.suspensions[${j}].from`);
      day(s.to, `${where}.suspensions[${j}].to`);
    });
    sourced(m, where);
  });
  d.alliances.forEach((a, i) => {
    for (const r of a.renamed ?? []) {
      day(r.from, `alliances[${i}] ${a.id}.renamed.from`);
      sourced(r, `alliances[${i}] ${a.id}.renamed ${r.name}`);
    }
    for (const e of a.otherEndDates ?? []) {
      day(e.date, `alliances[${i}] ${a.id}.otherEndDates`);
      sourced(e, `alliances[${i}] ${a.id}.otherEndDates ${e.date}`);
    }
  });
  d.events.forEach((e, i) => {
    day(e.date, `events[${i}].date`);
    sourced(e, `events[${i}] ${e.id}`);
  });
  return problems;
}

export const seedHash = (d: SeedData): string => sha256Hex(canonicalJson(d));

/**
 * Records, signed by the secretariat, which reference data this node serves: the hash of the seed
 * set. A changed seed (a new release) is recorded again; an unchanged one adds nothing.
 */
export async function recordSeed(record: RecordLog, d: SeedData): Promise<void> {
  const hash = seedHash(d);
  const last = (await record.list({ type: 'registry.seeded', limit: 10_000 })).at(-1);
  if (last && payloadFields(last).hash === hash) return;
  await record.append({
    actor: SECRETARIAT,
    type: 'registry.seeded',
    subject: 'registry',
    payload: {
      hash,
      states: d.states.length,
      alliances: d.alliances.length,
      memberships: d.memberships.length,
      events: d.events.length,
    },
  });
}
