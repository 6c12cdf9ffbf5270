import type { Kysely } from 'kysely';
import type { RawSqlite, SharedTransaction } from '../../store/database.js';
import { parseJson } from '../../store/json-column.js';
import type { IntelTables } from '../migrations.js';
import type { NewRow } from '../repository.js';
import { INDEXED_TYPES, observableRows, type AnalystTables } from './migrations.js';
import { observablesOf } from './observables.js';
import { sightingRefs } from './sighting-refs.js';
import type { WarningMatcher } from './warninglists.js';

const INDEXED = new Set(INDEXED_TYPES);

/** The correlation index's insert, prepared once per SQLite connection (run inside the ingest's transaction). */
const observableInserts = new WeakMap<RawSqlite, ReturnType<RawSqlite['prepare']>>();

export interface AfterStoreOptions {
  /** The rows' objects, already parsed (parallel to `rows`): their stored text is then not parsed again. */
  objects?: readonly Record<string, unknown>[];
  /** SQLite: the store's connection, for a cached prepared insert instead of building SQL per envelope. */
  sqlite?: RawSqlite;
}

/**
 * Called by the hub inside an ingest's transaction (with the warning-list matcher it read before opening it), after the new object versions are inserted: adds
 * them to the correlation index and flags those naming a value of a warning list. Returns, per index
 * in `rows`, a note for the poster's status ("matches warning list …").
 */
export async function afterStore(
  trx: SharedTransaction,
  rows: NewRow[],
  now: string,
  matcher: WarningMatcher,
  { objects, sqlite }: AfterStoreOptions = {},
): Promise<Map<number, string>> {
  const db: Kysely<AnalystTables> = trx.withTables<AnalystTables>();
  const notes = new Map<number, string>();
  const values: AnalystTables['intel_observables'][] = [];
  const hits: AnalystTables['intel_warning_hits'][] = [];
  // Sightings are found from the object they sight like relationships are (intel_refs), then read through the hub.
  const objectOf = (i: number) => objects?.[i] ?? parseJson(rows[i].object);
  const refs = rows.flatMap((r, i) =>
    r.type === 'sighting' ? sightingRefs(r.collection_id, objectOf(i)) : [],
  );
  for (let i = 0; i < refs.length; i += 500)
    await trx
      .withTables<IntelTables>()
      .insertInto('intel_refs')
      .values(refs.slice(i, i + 500))
      .onConflict((oc) => oc.doNothing())
      .execute();
  rows.forEach((r, i) => {
    if (!INDEXED.has(r.type)) return;
    const obj = objectOf(i);
    // Read once: the index rows and the warning-list matches are both of these.
    const observables = observablesOf(obj);
    for (const row of observableRows(r, obj, observables)) values.push(row);
    if (!matcher.size) return;
    const found: string[] = [];
    for (const o of observables)
      for (const name of matcher.match(o)) {
        found.push(`'${name}' (${o.value})`);
        hits.push({
          collection_id: r.collection_id,
          id: r.id,
          version: r.version,
          label_id: r.label_id,
          list_name: name,
          value: o.value,
          flagged_at: now,
        });
      }
    if (found.length) notes.set(i, `matches warning list ${found.join(', ')}`);
  });
  if (sqlite && values.length) {
    let stmt = observableInserts.get(sqlite);
    if (!stmt)
      observableInserts.set(
        sqlite,
        (stmt = sqlite.prepare(
          'INSERT INTO intel_observables (value_key, collection_id, id, label_id) VALUES (?, ?, ?, ?)',
        )),
      );
    for (const v of values) stmt.run([v.value_key, v.collection_id, v.id, v.label_id]);
  } else
    for (let i = 0; i < values.length; i += 500)
      await db
        .insertInto('intel_observables')
        .values(values.slice(i, i + 500))
        .execute();
  for (let i = 0; i < hits.length; i += 500)
    await db
      .insertInto('intel_warning_hits')
      .values(hits.slice(i, i + 500))
      .execute();
  return notes;
}
