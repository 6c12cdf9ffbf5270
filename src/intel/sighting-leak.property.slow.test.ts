import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { CLASSIFICATIONS, type Classification } from '../runtime/auth.js';
import { LABEL_POLICY, withLabel } from './labels.js';
import { GCC, indicator, postHeaders, ROOT, useIntelEnv } from './testing.js';
import { COUNT_TO_ORIGINATOR } from './analyst/sighting-refs.js';

/**
 * Property (#19.6 acceptance): a sighting never reveals the sighting member to members its label
 * excludes. Random indicators and sightings (random sighting members, labels, counts, anonymous or not,
 * posted through the console route or over TAXII, sometimes a new version of an earlier sighting), then
 * random readers: every path — TAXII objects (all versions), manifest, object, versions; the console feed,
 * search, object graph, correlation and sightings count; the record's views — is checked against an
 * oracle written from the registry alone: no hidden sighting's id or marker appears anywhere, the
 * sightings listed are exactly the visible ones, and the anonymous count reaches only the originator.
 */
const URL = `${ROOT}/collections/${GCC}`;
const MEMBERS = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
const COMMUNITIES = ['GCC', ...MEMBERS, 'PAK'];
const CLS: Classification[] = ['RESTRICTED', 'CONFIDENTIAL', 'SECRET'];
const GHOST = 'indicator--00000000-0000-4000-8000-000000000000';
const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);

interface Posted {
  id: string;
  version: string;
  originator: string;
  classification: Classification;
  rel: string[];
}
interface Sighting extends Posted {
  of: string;
  count: number;
  anonymous: boolean;
  marker: string;
}

describeEachDialect('sightings never reveal the sighting member (property-based)', (dialect) => {
  const env = useIntelEnv(dialect);
  const indicators: Posted[] = [];
  const sightings: Sighting[] = [];
  const day = '2026-03-01';

  const sees = (p: Posted, member: string, clearance: Classification): boolean => {
    if (rank(clearance) < rank(p.classification)) return false;
    if (p.originator === member) return true;
    return p.rel.some((r) => env.node.registry.resolveCommunity(r, day).has(member));
  };
  /** Latest visible version per (id, originator) of a list of posted versions. */
  const latestVisible = <T extends Posted>(all: T[], member: string, c: Classification): T[] => {
    const out = new Map<string, T>();
    for (const p of all.filter((x) => sees(x, member, c))) {
      const cur = out.get(p.id);
      if (!cur || p.version > cur.version) out.set(p.id, p);
    }
    return [...out.values()];
  };
  const latestOf = (id: string): Sighting => {
    const vs = sightings.filter((s) => s.id === id);
    return vs.reduce((a, b) => (b.version > a.version ? b : a));
  };

  const label = {
    classification: fc.constantFrom(...CLS),
    rel: fc.uniqueArray(fc.constantFrom(...COMMUNITIES), { maxLength: 2 }),
  };
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('indicator' as const),
      by: fc.constantFrom(...MEMBERS),
      ...label,
    }),
    fc.record({
      kind: fc.constant('sighting' as const),
      by: fc.constantFrom(...MEMBERS),
      of: fc.nat(),
      count: fc.integer({ min: 0, max: 50 }),
      anonymous: fc.boolean(),
      viaTaxii: fc.boolean(),
      newVersionOf: fc.option(fc.nat(), { nil: undefined }),
      ...label,
    }),
  );
  const reader = fc.record({
    member: fc.constantFrom(...MEMBERS),
    clearance: fc.constantFrom(...CLS),
    pick: fc.nat(),
  });

  it('every path shows a sighting only to readers its label admits; counts match the oracle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 6 }),
        fc.array(reader, { minLength: 1, maxLength: 4 }),
        async (steps, readers) => {
          for (const s of steps) {
            env.clock.advance(1000);
            const h = await env.auth(s.by, { clearance: 'TOP SECRET', user: 'sharer' });
            if (s.kind === 'indicator') {
              const obj = indicator({
                originator: s.by,
                classification: s.classification,
                rel: s.rel,
              });
              const r = await env.app.inject({
                method: 'POST',
                url: `${URL}/objects/`,
                headers: postHeaders(h),
                payload: JSON.stringify({ objects: [obj] }),
              });
              expect(r.json().failure_count).toBe(0);
              indicators.push({
                id: obj.id as string,
                version: obj.modified as string,
                originator: s.by,
                classification: s.classification,
                rel: s.rel,
              });
              continue;
            }
            if (!indicators.length) continue;
            const target = indicators[s.of % indicators.length];
            const marker = `marker-${randomUUID()}`;
            const mayPost = latestVisible(indicators, s.by, 'TOP SECRET').some(
              (i) => i.id === target.id,
            );
            const own = sightings.filter((x) => x.originator === s.by && x.of === target.id);
            const prev =
              s.newVersionOf !== undefined && own.length && s.viaTaxii
                ? own[s.newVersionOf % own.length]
                : undefined;
            let id: string;
            let version: string;
            if (s.viaTaxii) {
              // Over TAXII: any member may post a sighting of an id (even one it cannot see); the label decides.
              const now = env.clock.now().toISOString();
              id = prev?.id ?? `sighting--${randomUUID()}`;
              version = now;
              const obj = withLabel(
                {
                  type: 'sighting',
                  spec_version: '2.1',
                  id,
                  created: prev?.version ?? now,
                  modified: now,
                  sighting_of_ref: target.id,
                  count: s.count,
                  description: marker,
                  ...(s.anonymous ? { [COUNT_TO_ORIGINATOR]: true } : {}),
                },
                {
                  policy: LABEL_POLICY,
                  classification: s.classification,
                  releasableTo: s.rel,
                  originator: s.by,
                  createdAt: now,
                  tlp: null,
                },
              );
              const r = await env.app.inject({
                method: 'POST',
                url: `${URL}/objects/`,
                headers: postHeaders(h),
                payload: JSON.stringify({ objects: [obj] }),
              });
              expect(r.json().failure_count).toBe(0);
            } else {
              const r = await env.app.inject({
                method: 'POST',
                url: `/api/intel/objects/${target.id}/sightings`,
                headers: h,
                payload: {
                  count: s.count,
                  classification: s.classification,
                  releasableTo: s.rel,
                  countToOriginator: s.anonymous,
                  description: marker,
                },
              });
              if (!mayPost) {
                // Not visible to the sighting member: answered like a missing object, nothing stored.
                const ghost = await env.app.inject({
                  method: 'POST',
                  url: `/api/intel/objects/${GHOST}/sightings`,
                  headers: h,
                  payload: { classification: 'RESTRICTED', releasableTo: [] },
                });
                expect(r.statusCode).toBe(404);
                // Every occurrence: the problem names the requested id in `detail` and in `detailParams`.
                expect(r.body.replaceAll(target.id, 'ID')).toBe(ghost.body.replaceAll(GHOST, 'ID'));
                continue;
              }
              expect(r.statusCode).toBe(201);
              id = r.json<{ id: string }>().id;
              version = env.clock.now().toISOString();
            }
            sightings.push({
              id,
              version,
              originator: s.by,
              classification: s.classification,
              rel: s.rel,
              of: target.id,
              count: s.count,
              anonymous: s.anonymous,
              marker,
            });
          }

          for (const u of readers) {
            const h = await env.auth(u.member, {
              clearance: u.clearance,
              user: `u-${u.clearance}`,
            });
            const get = (url: string) => env.app.inject({ method: 'GET', url, headers: h });
            const visible = latestVisible(sightings, u.member, u.clearance);
            const visibleVersions = new Set(
              sightings.filter((s) => sees(s, u.member, u.clearance)).map((s) => s.marker),
            );
            // Its own sightings are no secret to a member (its own record view lists them at any clearance).
            const hiddenIds = [
              ...new Set(sightings.filter((s) => s.originator !== u.member).map((s) => s.id)),
            ].filter((id) => !visible.some((v) => v.id === id));
            const hiddenMarkers = sightings
              .filter((s) => !visibleVersions.has(s.marker))
              .map((s) => s.marker);
            const bodies: string[] = [];
            // TAXII: every version of everything, paged; the manifest.
            for (const path of ['objects/?match[version]=all&limit=1000', 'manifest/?limit=1000'])
              bodies.push((await get(`${URL}/${path}`)).body);
            // Console: feed, search by a hidden id's tail, correlation and graph of the indicators.
            bodies.push((await get('/api/intel/feed?limit=500&include=inactive')).body);
            if (hiddenIds.length) {
              const hid = hiddenIds[u.pick % hiddenIds.length];
              const search = await get(`/api/intel/search?q=${hid.slice(-12)}`);
              expect(search.json<{ items: unknown[] }>().items).toEqual([]);
              // One hidden sighting by id: the same 404 as an id that never existed.
              for (const suffix of ['', 'versions/']) {
                const r = await get(`${URL}/objects/${hid}/${suffix}`);
                const ghost = await get(
                  `${URL}/objects/sighting--00000000-0000-4000-8000-000000000000/${suffix}`,
                );
                expect(r.statusCode).toBe(404);
                expect(r.body).toBe(ghost.body);
              }
            }
            for (const ind of indicators) {
              const canSee = latestVisible(indicators, u.member, u.clearance).some(
                (i) => i.id === ind.id,
              );
              const graph = await get(`/api/intel/objects/${ind.id}`);
              const corr = await get(`/api/intel/correlate?id=${ind.id}&include=inactive`);
              const count = await get(`/api/intel/objects/${ind.id}/sightings`);
              bodies.push(graph.body, corr.body, count.body);
              if (!canSee) {
                expect(count.statusCode).toBe(404);
                continue;
              }
              expect(count.statusCode).toBe(200);
              const got = count.json<{
                total: number;
                sightings: { id: string; originator: string; count: number }[];
                anonymous: { reports: number; total: number };
              }>();
              const want = visible.filter((s) => s.of === ind.id);
              expect(got.sightings.map((s) => [s.id, s.originator, s.count]).sort()).toEqual(
                want.map((s) => [s.id, s.originator, s.count]).sort(),
              );
              // Anonymous: only the indicator's originator, only sightings it cannot see, latest version's flag.
              const anon =
                ind.originator === u.member
                  ? [...new Set(sightings.filter((s) => s.of === ind.id).map((s) => s.id))]
                      .filter((id) => !want.some((w) => w.id === id))
                      .map(latestOf)
                      .filter((s) => s.anonymous)
                  : [];
              expect(got.anonymous).toEqual({
                reports: anon.length,
                total: anon.reduce((a, s) => a + s.count, 0),
              });
              expect(got.total).toBe(
                want.reduce((a, s) => a + s.count, 0) + anon.reduce((a, s) => a + s.count, 0),
              );
            }
            // The record: the reader's views (intel acts are private to their actor).
            for (const view of ['public', 'own'])
              bodies.push((await get(`/api/record?view=${view}&limit=1000`)).body);
            const all = bodies.join('\n');
            for (const id of hiddenIds) expect(all).not.toContain(id);
            for (const m of hiddenMarkers) expect(all).not.toContain(m);
          }
        },
      ),
      { numRuns: dialect === 'sqlite' ? 25 : 10 },
    );
  });
});
