import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CLASSIFICATIONS, type Classification } from '../../runtime/auth.js';
import { describeEachDialect } from '../../store/testing.js';
import { nameUuid } from '../collections.js';
import { indicator, postHeaders, ROOT, useIntelEnv } from '../testing.js';
import type { Tlp } from '../stix/marking.js';
import { randomUUID } from 'node:crypto';
import { findCollection } from '../collections.js';
import { hubFor } from '../hub-registry.js';
import { eventsOfJson } from './import.js';
import { parseLabelMap } from './label-map.js';
import { exportMisp, importMisp } from './service.js';

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

/**
 * Property (#19 MISP objects): a MISP object imported with attributes of random distributions and to_ids
 * flags is exported to a reader with exactly the attributes of the parts (indicator, observed-data) whose
 * every attribute releases to it, by an oracle of reaches (a part's label is the intersection of its
 * attributes', each the intersection of attribute, object and event); no other value of the object appears.
 */
describeEachDialect('a MISP object is exported only in the parts its reader may see', (dialect) => {
  const env = useIntelEnv(dialect);
  const GCC = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
  const SG = '5a1f0c3e-9b2d-4e6f-8a7b-1c2d3e4f5a6b';
  const MAP = {
    distribution: { '0': [], '1': ['GCC'], '2': ['GCC'], '3': ['GCC', 'PAK'] },
    sharingGroups: { [SG]: ['QAT'] },
  };
  const LEVELS = ['0', '1', '3', '4', '5'] as const;
  let n = 0;

  it('exported object attributes equal the oracle; hidden values never appear', async () => {
    const coll = findCollection(env.node.registry, 'gcc');
    if (!coll) throw new Error('no gcc');
    const map = parseLabelMap(MAP, env.node.registry);
    const day = hubFor(env.node).today();
    const reach = (level: string, originator: string): Set<string> => {
      const list =
        level === '4'
          ? MAP.sharingGroups[SG]
          : MAP.distribution[level === '5' ? '1' : (level as '0' | '1' | '3')];
      const s = new Set([originator]);
      for (const e of list) for (const m of env.node.registry.resolveCommunity(e, day)) s.add(m);
      return s;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...GCC),
        fc.constantFrom('1', '3', '4', '0'),
        fc.constantFrom(...LEVELS),
        fc.array(fc.record({ level: fc.constantFrom(...LEVELS), toIds: fc.boolean() }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom(...GCC, 'PAK', 'TUR'),
        async (originator, evLevel, objLevel, attrs, reader) => {
          const run = n++;
          const sg = (l: string) => (l === '4' ? { SharingGroup: { uuid: SG } } : {});
          const attributes = attrs.map((a, k) => ({
            uuid: randomUUID(),
            type: 'domain',
            category: 'Network activity',
            object_relation: 'domain',
            value: `o${run}-a${k}-${randomUUID().slice(0, 8)}.example`,
            to_ids: a.toIds,
            distribution: a.level,
            ...sg(a.level),
            timestamp: '1767225600',
          }));
          const event = {
            Event: {
              uuid: randomUUID(),
              info: `object run ${run}`,
              date: '2026-01-01',
              timestamp: '1767229200',
              distribution: evLevel,
              ...sg(evLevel),
              Object: [
                {
                  uuid: randomUUID(),
                  name: 'domain-ip',
                  distribution: objLevel,
                  ...sg(objLevel),
                  Attribute: attributes,
                },
              ],
            },
          };
          await importMisp(
            env.node,
            eventsOfJson(event, 'event.json'),
            {
              role: 'member',
              member: originator,
              user: 'importer',
              clearance: 'SECRET',
              tokenId: null,
            },
            coll,
            map,
          );
          // The oracle: an attribute's reach is the intersection of its event's, object's and own levels
          // (5 inherits); a part is seen when the reader is in every one of its attributes' reaches.
          const within = (a: (typeof attrs)[number]) => {
            const levels = [evLevel, ...(objLevel === '5' ? [] : [objLevel])];
            if (a.level !== '5') levels.push(a.level);
            // And the reader must read the collection (gcc: GCC's members).
            return GCC.includes(reader) && levels.every((l) => reach(l, originator).has(reader));
          };
          const expected: string[] = [];
          for (const toIds of [true, false]) {
            const part = attrs.map((a, k) => ({ a, k })).filter((x) => x.a.toIds === toIds);
            if (part.length && part.every((x) => within(x.a)))
              expected.push(...part.map((x) => attributes[x.k].value));
          }
          const feed = await exportMisp(env.node, {
            role: 'member',
            member: reader,
            user: 'reader',
            clearance: 'SECRET',
            tokenId: null,
          });
          const ev = feed.events.find((e) => e.uuid === event.Event.uuid);
          const got = (ev?.Object ?? []).flatMap((o) => o.Attribute.map((a) => a.value)).sort();
          expect(got).toEqual(expected.sort());
          const text = JSON.stringify(feed);
          for (const a of attributes)
            if (!expected.includes(a.value)) {
              expect(text).not.toContain(a.value);
              expect(text).not.toContain(a.uuid);
            }
        },
      ),
      { numRuns: 20 },
    );
  });
});
