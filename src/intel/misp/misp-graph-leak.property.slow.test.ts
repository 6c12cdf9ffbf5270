import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Classification } from '../../runtime/auth.js';
import { describeEachDialect } from '../../store/testing.js';
import { EVERYONE, LABEL_POLICY, withLabel } from '../labels.js';
import { postHeaders, ROOT, useIntelEnv } from '../testing.js';
import { eventsOfJson } from './import.js';
import { parseLabelMap } from './label-map.js';
import { collectionOf, SG } from './misp.test-support.js';
import { exportMisp, importMisp } from './service.js';

/**
 * Property (#19 acceptance, MISP): random MISP events with objects, object references, sightings and
 * ATT&CK galaxy tags, imported by random members under random (nested) label maps next to attack-patterns
 * posted by random members under random labels, then read by random members at random clearances through
 * TAXII (objects, every version; manifest; versions of hidden ids), the console (feed, object graph,
 * correlation, sightings count, ATT&CK map) and a MISP export. Checked without re-implementing the mapping: a reader
 * sees a relationship only when it sees both its ends, and a reference's relationship exactly then; it sees
 * a sighting exactly when it sees the sighted object (and it names its importer); no id of an object it
 * cannot see (indicators and observed-data included: an event's report never names one narrower than
 * itself), and no hidden sighting's uuid or source, appears in anything it is answered.
 */
const MEMBERS = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
const COMMUNITIES = ['GCC', ...MEMBERS, 'PAK'];
const CLS: Classification[] = ['RESTRICTED', 'CONFIDENTIAL', 'SECRET'];
const LEVELS = ['0', '1', '2', '3', '4', '5'] as const;
const EVENT_LEVELS = ['0', '1', '2', '3', '4'] as const;

interface Tracked {
  id: string;
  type: string;
  obj: Record<string, unknown>;
  importer: string;
}

describeEachDialect(
  'MISP references, sightings and galaxies never leak (property-based)',
  (dialect) => {
    const env = useIntelEnv(dialect);
    const tracked = new Map<string, Tracked>();
    const attackPatterns = new Set<string>();
    /** Per imported sighting id: its MISP uuid and source marker. */
    const sightingMarks = new Map<string, { uuid: string; source: string }>();
    let run = 0;

    const subset = fc.uniqueArray(fc.constantFrom(...COMMUNITIES), { maxLength: 3 });
    // An attack-pattern may also be released to everyone (ALL), as a public ATT&CK bundle is.
    const apSubset = fc.uniqueArray(fc.constantFrom(...COMMUNITIES, EVERYONE), { maxLength: 3 });
    const attribute = fc.record({
      level: fc.constantFrom(...LEVELS),
      toIds: fc.boolean(),
      galaxy: fc.option(fc.nat(), { nil: undefined }),
      sightings: fc.integer({ min: 0, max: 2 }),
    });
    const event = fc.record({
      level: fc.constantFrom(...EVENT_LEVELS),
      galaxy: fc.option(fc.nat(), { nil: undefined }),
      attributes: fc.array(attribute, { maxLength: 2 }),
      objects: fc.array(
        fc.record({
          level: fc.constantFrom(...LEVELS),
          galaxy: fc.option(fc.nat(), { nil: undefined }),
          attributes: fc.array(attribute, { minLength: 1, maxLength: 3 }),
          refs: fc.array(fc.nat(), { maxLength: 2 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    });

    it('relationships, sightings and galaxy relationships reach only readers of both ends', async () => {
      const coll = collectionOf(env, 'gcc');
      const URL = `${ROOT}/collections/${coll.id}`;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              by: fc.constantFrom(...MEMBERS),
              classification: fc.constantFrom(...CLS),
              rel: apSubset,
            }),
            { minLength: 1, maxLength: 2 },
          ),
          fc.record({
            d1: subset,
            d2: subset,
            d3: subset,
            sg: fc.array(fc.nat(), { maxLength: 2 }),
          }),
          fc.record({ importer: fc.constantFrom(...MEMBERS), mapClass: fc.constantFrom(...CLS) }),
          event,
          fc.array(
            fc.record({
              member: fc.constantFrom(...MEMBERS, 'PAK'),
              clearance: fc.constantFrom(...CLS),
            }),
            { minLength: 1, maxLength: 2 },
          ),
          async (aps, m, who, ev, readers) => {
            const r = run++;
            env.clock.advance(1000);
            // Attack-patterns of this run's techniques, each posted by a random member under a random label.
            const techniques: string[] = [];
            for (const [k, a] of aps.entries()) {
              const t = `T${1000 + r * 2 + k}`;
              techniques.push(t);
              const now = env.clock.now().toISOString();
              const ap = withLabel(
                {
                  type: 'attack-pattern',
                  spec_version: '2.1',
                  id: `attack-pattern--${randomUUID()}`,
                  created: now,
                  modified: now,
                  name: `Technique ${t}`,
                  external_references: [{ source_name: 'mitre-attack', external_id: t }],
                },
                {
                  policy: LABEL_POLICY,
                  classification: a.classification,
                  releasableTo: a.rel,
                  originator: a.by,
                  createdAt: now,
                  tlp: null,
                },
              );
              const h = await env.auth(a.by, { clearance: 'TOP SECRET', user: 'sharer' });
              const res = await env.app.inject({
                method: 'POST',
                url: `${URL}/objects/`,
                headers: postHeaders(h),
                payload: JSON.stringify({ objects: [ap] }),
              });
              expect(res.json().failure_count).toBe(0);
              const id = String(ap.id);
              attackPatterns.add(id);
              tracked.set(id, { id, type: 'attack-pattern', obj: ap, importer: a.by });
            }
            // A random label map, nested as the map requires (0 within 1 within 2 within 3, groups within 3).
            const d2 = [...new Set([...m.d1, ...m.d2])];
            const d3 = [...new Set([...d2, ...m.d3])];
            const map = parseLabelMap(
              {
                classification: who.mapClass,
                distribution: { '0': [], '1': m.d1, '2': d2, '3': d3 },
                sharingGroups: { [SG]: d3.filter((_, k) => m.sg.includes(k)) },
              },
              env.node.registry,
            );
            // The event.
            const tag = (g: number | undefined) =>
              g === undefined
                ? {}
                : {
                    Tag: [
                      {
                        name: `misp-galaxy:mitre-attack-pattern="Technique ${techniques[g % techniques.length]} - ${techniques[g % techniques.length]}"`,
                      },
                    ],
                  };
            const sg = (l: string) => (l === '4' ? { SharingGroup: { uuid: SG } } : {});
            const mkAttr = (a: (typeof ev.attributes)[number], k: string) => {
              const u = randomUUID();
              return {
                uuid: u,
                type: 'domain',
                category: 'Network activity',
                object_relation: 'domain',
                value: `r${r}-${k}-${u.slice(0, 8)}.example`,
                to_ids: a.toIds,
                distribution: a.level,
                ...sg(a.level),
                timestamp: '1767225600',
                ...tag(a.galaxy),
                Sighting: Array.from({ length: a.sightings }, () => ({
                  uuid: randomUUID(),
                  attribute_uuid: u,
                  date_sighting: '1767229200',
                  type: '0',
                  source: `src-${randomUUID()}`,
                })),
              };
            };
            const attributes = ev.attributes.map((a, k) => mkAttr(a, `a${k}`));
            const objects = ev.objects.map((o, i) => ({
              uuid: randomUUID(),
              name: 'domain-ip',
              distribution: o.level,
              ...sg(o.level),
              timestamp: '1767225600',
              ...tag(o.galaxy),
              Attribute: o.attributes.map((a, k) => mkAttr(a, `o${i}a${k}`)),
            }));
            const targets = [
              ...attributes.map((a) => a.uuid),
              ...objects.flatMap((o) => [o.uuid, ...o.Attribute.map((a) => a.uuid)]),
            ];
            const withRefs = objects.map((o, i) => ({
              ...o,
              ObjectReference: ev.objects[i].refs.map((k) => ({
                uuid: randomUUID(),
                object_uuid: o.uuid,
                referenced_uuid: targets[k % targets.length],
                relationship_type: 'related-to',
                timestamp: '1767225600',
              })),
            }));
            const doc = {
              Event: {
                uuid: randomUUID(),
                info: `graph run ${r}`,
                date: '2026-01-01',
                timestamp: '1767229200',
                distribution: ev.level,
                ...sg(ev.level),
                ...tag(ev.galaxy),
                Attribute: attributes,
                Object: withRefs,
              },
            };
            for (const a of [...attributes, ...objects.flatMap((o) => o.Attribute)])
              for (const s of a.Sighting)
                sightingMarks.set(s.uuid, { uuid: s.uuid, source: s.source });
            const importer = {
              role: 'member' as const,
              member: who.importer,
              user: 'importer',
              clearance: 'SECRET' as const,
              tokenId: null,
            };
            const result = await importMisp(
              env.node,
              eventsOfJson(doc, 'event.json'),
              importer,
              coll,
              map,
            );
            for (const o of result.objects) {
              const id = String(o.id);
              tracked.set(id, { id, type: String(o.type), obj: o, importer: who.importer });
            }

            for (const u of readers) {
              const h = await env.auth(u.member, {
                clearance: u.clearance,
                user: `u-${u.clearance}`,
              });
              const get = (url: string) => env.app.inject({ method: 'GET', url, headers: h });
              const bodies: string[] = [];
              // TAXII, every version of everything (paged, bounded), and the manifest.
              const seen = new Map<string, Record<string, unknown>>();
              let next: string | undefined;
              for (let p = 0; p < 50; p++) {
                const res = await get(
                  `${URL}/objects/?match[version]=all&limit=500${next ? `&next=${encodeURIComponent(next)}` : ''}`,
                );
                bodies.push(res.body);
                // A reader outside the collection's community is answered as for a missing collection.
                if (res.statusCode === 404 && u.member === 'PAK') break;
                expect(res.statusCode).toBe(200);
                const env2 = res.json<{
                  objects?: Record<string, unknown>[];
                  more?: boolean;
                  next?: string;
                }>();
                for (const o of env2.objects ?? []) seen.set(String(o.id), o);
                if (!env2.more || !env2.next) break;
                next = env2.next;
              }
              bodies.push((await get(`${URL}/manifest/?limit=1000`)).body);
              const sees = (id: unknown) => seen.has(String(id));
              const hidden = [...tracked.values()].filter((t) => !sees(t.id));
              for (const t of tracked.values()) {
                if (!sees(t.id)) continue;
                const o = seen.get(t.id) ?? {};
                if (t.type === 'relationship') {
                  // A relationship is seen only with both its ends.
                  expect(sees(o.source_ref) && sees(o.target_ref)).toBe(true);
                }
                if (t.type === 'sighting') expect(sees(o.sighting_of_ref)).toBe(true);
              }
              for (const t of tracked.values()) {
                // A reference's relationship and a sighting: labelled so that they are seen exactly with their ends.
                if (t.type === 'relationship' && typeof t.obj.x_misp_reference_uuid === 'string')
                  expect(sees(t.id)).toBe(sees(t.obj.source_ref) && sees(t.obj.target_ref));
                if (t.type === 'sighting') expect(sees(t.id)).toBe(sees(t.obj.sighting_of_ref));
                // A galaxy relationship: seen by every reader of both ends.
                if (t.type === 'relationship' && typeof t.obj.x_misp_galaxy_tag === 'string')
                  expect(sees(t.id)).toBe(sees(t.obj.source_ref) && sees(t.obj.target_ref));
              }
              // Hidden relationships and sightings by id: 404 for the object and its versions.
              for (const t of hidden
                .filter((x) => ['relationship', 'sighting'].includes(x.type))
                .slice(0, 4))
                for (const suffix of ['', 'versions/']) {
                  const res = await get(`${URL}/objects/${t.id}/${suffix}`);
                  expect(res.statusCode).toBe(404);
                  bodies.push(res.body);
                }
              // The console: feed; graph, correlation and sightings count of this run's indicators it sees.
              bodies.push((await get('/api/intel/feed?limit=500&include=inactive')).body);
              // The ATT&CK map: this run's techniques and the index (it lists what is mapped by relationships).
              for (const t of techniques) {
                const res = await get(`/api/intel/attack/techniques/${t}/objects`);
                expect(res.statusCode).toBe(200);
                bodies.push(res.body);
              }
              bodies.push((await get('/api/intel/attack/index')).body);
              for (const o of result.objects.filter((x) => sees(x.id) && x.type !== 'sighting')) {
                const graph = await get(`/api/intel/objects/${String(o.id)}`);
                const corr = await get(`/api/intel/correlate?id=${String(o.id)}&include=inactive`);
                bodies.push(graph.body, corr.body);
                if (o.type !== 'indicator' && o.type !== 'observed-data') continue;
                const count = await get(`/api/intel/objects/${String(o.id)}/sightings`);
                expect(count.statusCode).toBe(200);
                bodies.push(count.body);
                const got = count.json<{ sightings: { id: string; originator: string }[] }>();
                for (const s of got.sightings) {
                  expect(sees(s.id)).toBe(true);
                  expect(s.originator).toBe(tracked.get(s.id)?.importer ?? s.originator);
                }
              }
              // A MISP export for the reader: every sighting it carries is one it sees, naming its importer.
              const feed = await exportMisp(
                env.node,
                {
                  role: 'member',
                  member: u.member,
                  user: 'reader',
                  clearance: u.clearance,
                  tokenId: null,
                },
                map,
              );
              bodies.push(JSON.stringify(feed));
              const bySightingUuid = new Map(
                [...tracked.values()]
                  .filter(
                    (t) => t.type === 'sighting' && typeof t.obj.x_misp_sighting_uuid === 'string',
                  )
                  .map((t) => [String(t.obj.x_misp_sighting_uuid), t]),
              );
              for (const e of feed.events)
                for (const a of [...e.Attribute, ...(e.Object ?? []).flatMap((o) => o.Attribute)])
                  for (const s of a.Sighting ?? []) {
                    const t = bySightingUuid.get(s.uuid);
                    if (!t) continue;
                    expect(sees(t.id)).toBe(true);
                    expect(s.Organisation.name).toBe(t.importer);
                  }
              const all = bodies.join('\n');
              const exported = JSON.stringify(feed);
              for (const t of hidden) {
                // A hidden indicator or observed-data: its uuid nowhere (TAXII, console, MISP export; an
                // event's report names only what is at least as wide as it), unless a part of the same MISP
                // object (the same uuid: indicator-- and observed-data--) is seen.
                if (t.type === 'indicator' || t.type === 'observed-data') {
                  const tail = t.id.slice(t.id.indexOf('--') + 2);
                  if (![...seen.keys()].some((id) => id.endsWith(tail))) {
                    expect(all).not.toContain(tail);
                    expect(exported).not.toContain(tail);
                  }
                  continue;
                }
                // Ids are compared by their uuid part (MISP export writes uuids without the type).
                const tail = t.id.slice(t.id.indexOf('--') + 2);
                expect(all).not.toContain(tail);
                if (t.type === 'sighting') {
                  const mark = sightingMarks.get(String(t.obj.x_misp_sighting_uuid));
                  if (mark) {
                    expect(all).not.toContain(mark.uuid);
                    expect(all).not.toContain(mark.source);
                  }
                }
              }
            }
          },
        ),
        { numRuns: dialect === 'sqlite' ? 40 : 20, endOnFailure: true },
      );
    }, 600_000);
  },
);
