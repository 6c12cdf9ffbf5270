import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { badInput, messageOf } from '../../core/errors.js';
import type { Store } from '../../store/database.js';
import type { AnalystTables } from './migrations.js';

/**
 * The MITRE ATT&CK catalogue (#19.6), imported by the user from the ATT&CK STIX 2.1 bundle they
 * downloaded (nothing is bundled with Tahaluf). Techniques are the bundle's `attack-pattern` objects
 * whose `external_references` carry a `mitre-attack` `external_id` (T1059, T1059.001); their tactics are
 * the `kill_chain_phases` of `kill_chain_name` `mitre-attack`; tactic names come from `x-mitre-tactic`.
 */
export interface Technique {
  techniqueId: string;
  stixId: string;
  name: string;
  tactics: string[];
  url: string;
  deprecated: boolean;
  domain: string;
}
export interface Tactic {
  shortname: string;
  tacticId: string;
  name: string;
}
export interface Catalogue {
  techniques: Technique[];
  tactics: Tactic[];
}

const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;
const TACTIC_ID = /^TA\d{4}$/;
const STIX_ID = /^[a-z][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The `mitre-attack` external reference of an object (id and url), if any. */
function mitreRef(o: Record<string, unknown>): { id: string; url: string } | null {
  if (!Array.isArray(o.external_references)) return null;
  for (const r of o.external_references)
    if (isObj(r) && r.source_name === 'mitre-attack' && typeof r.external_id === 'string')
      return { id: r.external_id, url: typeof r.url === 'string' ? r.url : '' };
  return null;
}

/**
 * Reads an ATT&CK bundle: every problem is collected (up to 20 named, with the object's index and id),
 * and any problem refuses the whole file, so nothing is stored from a bad one.
 */
export function parseAttackBundle(bundle: unknown, file = 'the bundle'): Catalogue {
  if (!isObj(bundle) || bundle.type !== 'bundle' || !Array.isArray(bundle.objects))
    throw badInput(
      'bundle',
      `${file} is not a STIX bundle (an object with "type": "bundle" and an "objects" array)`,
    );
  const problems: string[] = [];
  const techniques = new Map<string, Technique>();
  const tactics = new Map<string, Tactic>();
  bundle.objects.forEach((o: unknown, i) => {
    if (!isObj(o)) return void problems.push(`object ${i}: not a JSON object`);
    const where = `object ${i} (${typeof o.id === 'string' ? o.id : 'no id'})`;
    if (o.type === 'x-mitre-tactic') {
      const ref = mitreRef(o);
      if (typeof o.x_mitre_shortname !== 'string' || !o.x_mitre_shortname)
        return void problems.push(`${where}: a tactic without x_mitre_shortname`);
      if (!ref || !TACTIC_ID.test(ref.id))
        return void problems.push(`${where}: a tactic without a mitre-attack id TA####`);
      tactics.set(o.x_mitre_shortname, {
        shortname: o.x_mitre_shortname,
        tacticId: ref.id,
        name: typeof o.name === 'string' ? o.name : o.x_mitre_shortname,
      });
      return;
    }
    if (o.type !== 'attack-pattern') return;
    const ref = mitreRef(o);
    if (!ref) return; // attack-patterns of other catalogues (CAPEC…) are not ATT&CK techniques
    if (!TECHNIQUE_ID.test(ref.id))
      return void problems.push(`${where}: mitre-attack id '${ref.id}' is not T#### or T####.###`);
    if (typeof o.id !== 'string' || !STIX_ID.test(o.id))
      return void problems.push(`${where}: no valid STIX id`);
    if (typeof o.name !== 'string' || !o.name.trim())
      return void problems.push(`${where}: technique ${ref.id} has no name`);
    const phases = Array.isArray(o.kill_chain_phases) ? o.kill_chain_phases : [];
    const tacticNames = phases
      .filter(
        (p): p is { kill_chain_name: string; phase_name: string } =>
          isObj(p) && p.kill_chain_name === 'mitre-attack' && typeof p.phase_name === 'string',
      )
      .map((p) => p.phase_name);
    const deprecated = o.revoked === true || o.x_mitre_deprecated === true;
    const domains = Array.isArray(o.x_mitre_domains) ? o.x_mitre_domains : [];
    const t: Technique = {
      techniqueId: ref.id,
      stixId: o.id,
      name: o.name.trim(),
      tactics: [...new Set(tacticNames)],
      url: ref.url,
      deprecated,
      domain: typeof domains[0] === 'string' ? domains[0] : 'enterprise-attack',
    };
    const prev = techniques.get(ref.id);
    // A revoked or deprecated copy gives way to the current one; two current ones are an error.
    if (prev && !prev.deprecated && !deprecated)
      return void problems.push(
        `${where}: technique ${ref.id} appears twice (also ${prev.stixId})`,
      );
    if (!prev || prev.deprecated) techniques.set(ref.id, t);
  });
  if (!techniques.size && !problems.length)
    problems.push('no ATT&CK technique (attack-pattern with a mitre-attack external id) found');
  for (const t of techniques.values())
    for (const s of t.tactics)
      if (tactics.size && !tactics.has(s) && !t.deprecated)
        problems.push(
          `technique ${t.techniqueId}: tactic '${s}' is not an x-mitre-tactic of the bundle`,
        );
  if (problems.length) {
    const more = problems.length > 20 ? `; … and ${problems.length - 20} more` : '';
    throw badInput(
      'bundle',
      `${file} is not a usable ATT&CK bundle (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${problems.slice(0, 20).join('; ')}${more}`,
    );
  }
  return {
    techniques: [...techniques.values()].sort((a, b) => a.techniqueId.localeCompare(b.techniqueId)),
    tactics: [...tactics.values()],
  };
}

/** Reads and parses an ATT&CK bundle file (a clear sentence for a missing file or bad JSON). */
export function readAttackFile(file: string): Catalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw badInput('file', `cannot read ${file}: ${messageOf(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw badInput('file', `${file} is not JSON: ${messageOf(e)}`);
  }
  return parseAttackBundle(json, file);
}

/** Replaces the stored catalogue with `c` in one transaction; `progress(done, total)` after each slice. */
export async function saveCatalogue(
  store: Store,
  c: Catalogue,
  now: string,
  progress: (done: number, total: number) => void = () => undefined,
): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const db = trx.withTables<AnalystTables>();
    await db.deleteFrom('intel_attack').execute();
    for (let i = 0; i < c.techniques.length; i += 200) {
      await db
        .insertInto('intel_attack')
        .values(
          c.techniques.slice(i, i + 200).map((t) => ({
            technique_id: t.techniqueId,
            stix_id: t.stixId,
            name: t.name,
            tactics: JSON.stringify(t.tactics),
            url: t.url,
            deprecated: t.deprecated ? 1 : 0,
            domain: t.domain,
            imported_at: now,
          })),
        )
        .execute();
      progress(Math.min(i + 200, c.techniques.length), c.techniques.length);
    }
  });
}

const toTechnique = (r: AnalystTables['intel_attack']): Technique => ({
  techniqueId: r.technique_id,
  stixId: r.stix_id,
  name: r.name,
  tactics: parseTactics(r.tactics),
  url: r.url,
  deprecated: r.deprecated === 1,
  domain: r.domain,
});
const parseTactics = (text: string): string[] => {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

/** Tactics (kill-chain phase short names of the imported techniques), each with its number of current techniques. */
export async function listTactics(
  db: Kysely<AnalystTables>,
): Promise<{ shortname: string; techniques: number }[]> {
  const rows = await db
    .selectFrom('intel_attack')
    .select('tactics')
    .where('deprecated', '=', 0)
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows)
    for (const s of parseTactics(r.tactics)) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([shortname, techniques]) => ({ shortname, techniques }));
}

/** Techniques by tactic and/or text (id prefix or name, case-insensitive); deprecated ones only when asked. */
export async function findTechniques(
  db: Kysely<AnalystTables>,
  q: { tactic?: string; q?: string; includeDeprecated?: boolean; limit: number },
): Promise<Technique[]> {
  let query = db.selectFrom('intel_attack').selectAll().orderBy('technique_id');
  if (!q.includeDeprecated) query = query.where('deprecated', '=', 0);
  const rows = (await query.execute()).map(toTechnique);
  const needle = q.q?.trim().toLowerCase();
  return rows
    .filter((t) => !q.tactic || t.tactics.includes(q.tactic))
    .filter(
      (t) =>
        !needle ||
        t.techniqueId.toLowerCase().startsWith(needle) ||
        t.name.toLowerCase().includes(needle),
    )
    .slice(0, q.limit);
}

/** One technique by ATT&CK id (T1059) or STIX id. */
export async function techniqueOf(
  db: Kysely<AnalystTables>,
  id: string,
): Promise<Technique | null> {
  const r = await db
    .selectFrom('intel_attack')
    .selectAll()
    .where(id.includes('--') ? 'stix_id' : 'technique_id', '=', id)
    .executeTakeFirst();
  return r ? toTechnique(r) : null;
}
