import type { IntelTables } from './migrations.js';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import type { Principal } from '../runtime/auth.js';
import { findCollection } from './collections.js';
import { hubFor } from './hub-registry.js';
import type { StoredRow } from './repository.js';
import { indicator, useIntelEnv } from './testing.js';

/**
 * Property: the shadow hints (which let the read path skip the "newer visible version?" probe) never
 * change an answer. Random versions and copies of a few ids, with random labels, arrive over several
 * envelopes (and within one), some are deleted; every member's 'last', 'first' and 'all' pages equal
 * the same selection computed here from the raw rows and the member's visible labels.
 */
const MEMBERS = ['BHR', 'KWT', 'OMN', 'QAT', 'SAU', 'ARE'];
const IDS = [
  'indicator--6f1c3a52-1b7e-4c8a-9d3e-2a4b5c6d7e01',
  'indicator--6f1c3a52-1b7e-4c8a-9d3e-2a4b5c6d7e02',
  'indicator--6f1c3a52-1b7e-4c8a-9d3e-2a4b5c6d7e03',
];

function expected(
  rows: StoredRow[],
  visible: Set<string>,
  mode: 'last' | 'first' | 'all',
): number[] {
  const vis = rows.filter((r) => visible.has(r.label_id));
  // Same version: only an SCO (version '') is served once; two originators' SDO copies are both served (I2).
  const dup = (o: StoredRow, r: StoredRow) =>
    o.version === r.version && o.seq < r.seq && r.version === '';
  const hides = (o: StoredRow, r: StoredRow) =>
    o.id === r.id &&
    o.seq !== r.seq &&
    (mode === 'last'
      ? o.version > r.version || dup(o, r)
      : mode === 'first'
        ? o.version < r.version || dup(o, r)
        : dup(o, r));
  return vis
    .filter((r) => !vis.some((o) => hides(o, r)))
    .map((r) => r.seq)
    .sort((a, b) => a - b);
}

describeEachDialect('intel shadow hints never change a page', (dialect) => {
  const env = useIntelEnv(dialect);

  it('pages with hints equal pages computed from the raw rows', async () => {
    const hub = hubFor(env.node);
    const coll = findCollection(env.node.registry, 'gcc')!;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(
            fc.record({
              id: fc.constantFrom(...IDS),
              day: fc.integer({ min: 1, max: 4 }),
              originator: fc.constantFrom(...MEMBERS),
              rel: fc.subarray(['GCC', ...MEMBERS], { maxLength: 2 }),
            }),
            { minLength: 1, maxLength: 5 },
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.nat(), { maxLength: 2 }),
        async (envelopes, deletions) => {
          run++;
          // Ids are fixed so versions collide; each run uses its own collection rows (cleared first).
          await env.node.store.db.withTables<IntelTables>().deleteFrom('intel_objects').execute();
          for (const batch of envelopes) {
            for (const poster of new Set(batch.map((b) => b.originator))) {
              const objs = batch
                .filter((b) => b.originator === poster)
                .map((b) =>
                  indicator(
                    { originator: b.originator, rel: b.rel },
                    { id: b.id, modified: `2026-01-0${b.day}T00:00:00.000Z`, name: `r${run}` },
                  ),
                );
              const p: Principal = {
                role: 'member',
                member: poster,
                user: 'u',
                clearance: 'SECRET',
                tokenId: null,
              };
              await hub.ingest(coll, objs, p, 'test');
            }
          }
          let rows = await env.node.store.db
            .withTables<IntelTables>()
            .selectFrom('intel_objects')
            .selectAll()
            .orderBy('seq')
            .execute();
          for (const d of deletions)
            if (rows.length) await hub.repo.deleteRows([rows[d % rows.length].seq]);
          rows = await env.node.store.db
            .withTables<IntelTables>()
            .selectFrom('intel_objects')
            .selectAll()
            .orderBy('seq')
            .execute();
          for (const member of MEMBERS) {
            const visible = await hub.visibleLabels({ member, clearance: 'SECRET' });
            for (const mode of ['last', 'first', 'all'] as const) {
              const got = (
                await hub.repo.query({
                  collectionId: coll.id,
                  visible,
                  versions: [mode],
                  limit: 1000,
                })
              ).map((r) => r.seq);
              expect(got).toEqual(expected(rows, new Set(visible), mode));
              // The console's newest-first read returns the same rows in reverse, paged by a before-cursor.
              const first = await hub.repo.query({
                collectionId: coll.id,
                visible,
                versions: [mode],
                newestFirst: true,
                limit: 3,
              });
              const rest =
                first.length > 3
                  ? await hub.repo.query({
                      collectionId: coll.id,
                      visible,
                      versions: [mode],
                      newestFirst: true,
                      beforeSeq: first[2].seq,
                      limit: 1000,
                    })
                  : [];
              expect([...first.slice(0, 3), ...rest].map((r) => r.seq)).toEqual([...got].reverse());
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
