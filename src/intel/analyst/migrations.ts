import { sql } from 'kysely';
import type { Migrations } from '../../store/database.js';
import { observableKey, observablesOf, valueKey, type Observable } from './observables.js';
import { sightingRefs } from './sighting-refs.js';
import { parseJson, type JsonText } from '../../store/json-column.js';
import type { ListType } from './warninglists.js';

/** Object types that can name an observable value (observables.ts). */
export const INDEXED_TYPES = [
  'indicator',
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
  'mac-addr',
  'file',
  'artifact',
  'x509-certificate',
];

/** The correlation index rows of one stored object version (`observables`: its observables, when already read). */
export function observableRows(
  r: { collection_id: string; id: string; label_id: string },
  obj: Record<string, unknown>,
  observables: readonly Observable[] = observablesOf(obj),
): AnalystTables['intel_observables'][] {
  return observables.map((o) => ({
    value_key: valueKey(observableKey(o)),
    collection_id: r.collection_id,
    id: r.id,
    label_id: r.label_id,
  }));
}

/** Tables of the analyst's tools (correlation, warning lists, ATT&CK), kept apart from the sharing store's. */
export type AnalystTables = {
  /** One row per (stored object version, observable value): the correlation index (migration 1650). */
  intel_observables: {
    value_key: number;
    collection_id: string;
    id: string;
    label_id: string;
  };
  /** Warning lists (user-supplied or loaded from MISP's warninglists), migration 1651. */
  intel_warninglists: {
    name: string;
    type: ListType;
    entries: JsonText<string[]>;
    matching_attributes: JsonText<string[]>;
    description: string;
    version: string;
    source: string;
    loaded_at: string;
  };
  /** Objects flagged on ingest because a value matched a warning list (migration 1651). */
  intel_warning_hits: {
    collection_id: string;
    id: string;
    version: string;
    label_id: string;
    list_name: string;
    value: string;
    flagged_at: string;
  };
  /** The imported ATT&CK catalogue (migration 1652): public MITRE data, imported by the user from a file. */
  intel_attack: {
    technique_id: string;
    stix_id: string;
    name: string;
    tactics: string;
    url: string;
    deprecated: number;
    domain: string;
    imported_at: string;
  };
};

export const analystMigrations: Migrations = {
  '1650_intel_observables': {
    async up(db) {
      await db.schema
        .createTable('intel_observables')
        .addColumn('value_key', 'bigint', (c) => c.notNull())
        .addColumn('collection_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('label_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('intel_observables_value')
        .on('intel_observables')
        .columns(['value_key', 'label_id'])
        .execute();
      // Objects stored before this migration: indexed here, 500 at a time in seq order (new ones by the ingest hook).
      for (let after = 0; ;) {
        const rows = (
          await sql<{
            seq: number;
            collection_id: string;
            id: string;
            label_id: string;
            object: JsonText<Record<string, unknown>>;
          }>`SELECT seq, collection_id, id, label_id, object FROM intel_objects
          WHERE type IN (${sql.join(INDEXED_TYPES)}) AND seq > ${after} ORDER BY seq LIMIT 500`.execute(
            db,
          )
        ).rows;
        if (!rows.length) break;
        const values = rows.flatMap((r) => observableRows(r, parseJson(r.object)));
        for (let i = 0; i < values.length; i += 500)
          await db
            .insertInto('intel_observables')
            .values(values.slice(i, i + 500))
            .execute();
        after = Number(rows[rows.length - 1].seq);
      }
    },
  },
  '1651_intel_warninglists': {
    async up(db) {
      await db.schema
        .createTable('intel_warninglists')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('entries', 'text', (c) => c.notNull())
        .addColumn('matching_attributes', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('intel_warning_hits')
        .addColumn('collection_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('label_id', 'text', (c) => c.notNull())
        .addColumn('list_name', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('flagged_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('intel_warning_hits_id')
        .on('intel_warning_hits')
        .columns(['id', 'label_id'])
        .execute();
    },
  },
  '1653_intel_sighting_refs': {
    async up(db) {
      // Sightings stored before this migration: their sighted object into intel_refs (new ones by the ingest hook).
      for (let after = 0; ;) {
        const rows = (
          await sql<{
            seq: number;
            collection_id: string;
            object: JsonText<Record<string, unknown>>;
          }>`SELECT seq, collection_id, object
          FROM intel_objects WHERE type = 'sighting' AND seq > ${after} ORDER BY seq LIMIT 500`.execute(
            db,
          )
        ).rows;
        if (!rows.length) break;
        const refs = rows.flatMap((r) => sightingRefs(r.collection_id, parseJson(r.object)));
        if (refs.length)
          await db
            .insertInto('intel_refs')
            .values(refs)
            .onConflict((oc) => oc.doNothing())
            .execute();
        after = Number(rows[rows.length - 1].seq);
      }
    },
  },
  '1652_intel_attack': {
    async up(db) {
      await db.schema
        .createTable('intel_attack')
        .addColumn('technique_id', 'text', (c) => c.primaryKey())
        .addColumn('stix_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tactics', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('deprecated', 'integer', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
