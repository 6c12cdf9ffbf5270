import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASSIFICATIONS, type Classification } from '../runtime/auth.js';
import { nameUuid } from './collections.js';
import { Federation } from './federation.js';
import { indicator, postHeaders, ROOT, useIntelEnv } from './testing.js';
import type { Tlp } from './stix/marking.js';

/**
 * Property: what a node pushes to a peer is exactly what the peer's member may have — releasable to it,
 * within the link's accreditation (SECRET by default),
 * not its own, never TLP:RED or AMBER+STRICT relayed by a node that is not the originator's — with
 * labels byte-for-byte unchanged.
 */
const MEMBERS = ['ARE', 'BHR', 'EGY', 'JOR', 'KWT', 'OMN', 'PAK', 'QAT', 'SAU', 'TUR'];
const COMMUNITIES = ['GCC', 'sau-pak-smda', 'arab-league', 'imctc', ...MEMBERS];
const TLPS: (Tlp | undefined)[] = [undefined, 'green', 'amber', 'amber+strict', 'red'];

describe('federation pushes never leak (property-based)', () => {
  const env = useIntelEnv('sqlite');
  const posted: {
    obj: Record<string, unknown>;
    originator: string;
    classification: Classification;
    rel: string[];
    tlp?: Tlp;
  }[] = [];
  let captured: Record<string, unknown>[] = [];

  const fakePeer: typeof fetch = async (_url, init) => {
    if ((init?.method ?? 'GET') === 'GET') return new Response('{}', { status: 200 });
    const objs = (JSON.parse(init?.body as string).objects ?? []) as Record<string, unknown>[];
    captured.push(...objs);
    return new Response(JSON.stringify({ success_count: objs.length }), { status: 202 });
  };

  it("sync payloads equal the store filtered by the peer member's rights", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            originator: fc.constantFrom(...MEMBERS),
            classification: fc.constantFrom(...CLASSIFICATIONS),
            rel: fc.uniqueArray(fc.constantFrom(...COMMUNITIES), { maxLength: 3 }),
            tlp: fc.constantFrom(...TLPS),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.constantFrom(...MEMBERS),
        async (labels, peerMember) => {
          for (const l of labels) {
            const obj = indicator(l);
            const h = await env.auth(l.originator, { clearance: 'TOP SECRET', user: 'sharer' });
            const r = await env.app.inject({
              method: 'POST',
              url: `${ROOT}/collections/${nameUuid('alliance:imctc')}/objects/`,
              headers: postHeaders(h),
              payload: JSON.stringify({ objects: [obj] }),
            });
            expect(JSON.parse(r.body).success_count).toBe(1);
            posted.push({ obj, ...l });
          }
          captured = [];
          const fed = new Federation(env.node, fakePeer);
          const name = `peer-${run++}`;
          await fed.addPeer({
            name,
            apiRoot: 'http://peer.invalid/taxii2/api1/',
            collection: 'imctc',
            token: 't',
            peerMember,
            localCollection: 'imctc',
          });
          await fed.syncPeer(name);
          const day = '2026-03-01';
          const want = posted.filter(
            (p) =>
              p.originator !== peerMember &&
              p.tlp !== 'red' &&
              p.tlp !== 'amber+strict' &&
              CLASSIFICATIONS.indexOf(p.classification) <= CLASSIFICATIONS.indexOf('SECRET') &&
              p.rel.some((c) => env.node.registry.resolveCommunity(c, day).has(peerMember)),
          );
          expect(captured.map((o) => o.id)).toEqual(want.map((p) => p.obj.id));
          // Labels and content travel unchanged.
          expect(captured).toEqual(want.map((p) => p.obj));
        },
      ),
      { numRuns: 30 },
    );
  });
});
