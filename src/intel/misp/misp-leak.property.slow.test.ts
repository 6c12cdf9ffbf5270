import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CLASSIFICATIONS, type Classification } from '../../runtime/auth.js';
import { describeEachDialect } from '../../store/testing.js';
import { nameUuid } from '../collections.js';
import { indicator, postHeaders, ROOT, useIntelEnv } from '../testing.js';
import type { Tlp } from '../stix/marking.js';
import { exportMisp } from './service.js';

/**
 * Property: a MISP export for a reader holds exactly the indicators the reader may see (an independent
 * oracle from the registry), and nothing of any other: no value, no id. Random members, communities,
 * classifications and TLP, new versions under other labels included.
 */
const COLL = nameUuid('alliance:imctc');
const URL = `${ROOT}/collections/${COLL}`;
const MEMBERS = ['ARE', 'BHR', 'EGY', 'JOR', 'KWT', 'OMN', 'PAK', 'QAT', 'SAU', 'TUR'];
const COMMUNITIES = ['GCC', 'sau-pak-smda', 'arab-league', 'imctc', ...MEMBERS, 'SYR'];
const TLPS: (Tlp | undefined)[] = [undefined, 'clear', 'green', 'amber', 'amber+strict', 'red'];
const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);

interface Posted {
  id: string;
  version: string;
  value: string;
  originator: string;
  classification: Classification;
  rel: string[];
}

describeEachDialect('a MISP export never holds what its reader may not see', (dialect) => {
  const env = useIntelEnv(dialect);
  const posted: Posted[] = [];
  const day = '2026-03-01';
  let n = 0;
  const sees = (p: Posted, member: string, clearance: Classification) =>
    // The reader must read the collection (imctc's community) and the label must release to it.
    env.node.registry.resolveCommunity('imctc', day).has(member) &&
    rank(clearance) >= rank(p.classification) &&
    (p.originator === member ||
      p.rel.some((r) => env.node.registry.resolveCommunity(r, day).has(member)));

  it('exported values equal the visible latest versions; hidden values and ids never appear', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            originator: fc.constantFrom(...MEMBERS),
            classification: fc.constantFrom(...CLASSIFICATIONS),
            rel: fc.uniqueArray(fc.constantFrom(...COMMUNITIES), { maxLength: 3 }),
            tlp: fc.constantFrom(...TLPS),
            newVersionOf: fc.option(fc.nat(), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.constantFrom(...MEMBERS, 'SYR'),
        fc.constantFrom(...CLASSIFICATIONS),
        async (labels, member, clearance) => {
          for (const l of labels) {
            env.clock.advance(1000);
            const own = posted.filter((p) => p.originator === l.originator);
            const prev =
              l.newVersionOf !== undefined && own.length
                ? own[l.newVersionOf % own.length]
                : undefined;
            const value = `v${n++}-${Math.random().toString(36).slice(2, 8)}.example`;
            const obj: Record<string, unknown> = {
              ...indicator(
                {
                  originator: l.originator,
                  classification: l.classification,
                  rel: l.rel,
                  tlp: l.tlp,
                },
                prev ? { id: prev.id } : {},
              ),
              pattern: `[domain-name:value = '${value}']`,
            };
            const h = await env.auth(l.originator, { clearance: 'TOP SECRET', user: 'sharer' });
            const r = await env.app.inject({
              method: 'POST',
              url: `${URL}/objects/`,
              headers: postHeaders(h),
              payload: JSON.stringify({ objects: [obj] }),
            });
            expect(r.statusCode).toBe(202);
            expect(JSON.parse(r.body).failure_count).toBe(0);
            posted.push({
              id: String(obj.id),
              version: String(obj.modified),
              value,
              originator: l.originator,
              classification: l.classification,
              rel: l.rel,
            });
          }
          const feed = await exportMisp(env.node, {
            role: 'member',
            member,
            user: 'reader',
            clearance,
            tokenId: null,
          });
          // The oracle: per id, the latest version the reader may see.
          const latest = new Map<string, Posted>();
          for (const p of posted)
            if (sees(p, member, clearance)) {
              const cur = latest.get(p.id);
              if (!cur || p.version > cur.version) latest.set(p.id, p);
            }
          const got = feed.events.flatMap((e) => e.Attribute.map((a) => a.value)).sort();
          expect(got).toEqual([...latest.values()].map((p) => p.value).sort());
          const text = JSON.stringify(feed);
          const shown = new Set(got);
          for (const p of posted) {
            if (shown.has(p.value)) continue;
            expect(text).not.toContain(p.value);
            if (![...latest.values()].some((q) => q.id === p.id))
              expect(text).not.toContain(p.id.slice('indicator--'.length));
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
