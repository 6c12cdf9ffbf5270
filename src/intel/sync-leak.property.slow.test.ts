import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLASSIFICATIONS, type Classification } from '../runtime/auth.js';
import { nameUuid } from './collections.js';
import { Federation } from './federation.js';
import { indicator, postHeaders, ROOT, useIntelEnv } from './testing.js';
import type { Tlp } from './stix/marking.js';
import { LABEL_EXTENSION_ID, LABELS_PROPERTY } from './labels.js';

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
    /** The label carried beside `obj` as it is served (#19.5), or null when `obj` carries it inside. */
    beside: Record<string, unknown> | null;
    originator: string;
    classification: Classification;
    rel: string[];
    tlp?: Tlp;
  }[] = [];
  let captured: Record<string, unknown>[] = [];
  let capturedLabels: unknown[] = [];

  const fakePeer: typeof fetch = async (_url, init) => {
    if ((init?.method ?? 'GET') === 'GET') return new Response('{}', { status: 200 });
    const body = JSON.parse(init?.body as string) as Record<string, unknown>;
    const objs = (body.objects ?? []) as Record<string, unknown>[];
    captured.push(...objs);
    const labels = body[LABELS_PROPERTY];
    capturedLabels.push(...(Array.isArray(labels) ? labels : objs.map(() => null)));
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
            // #19.5: posted without the label, which travels beside the object.
            beside: fc.boolean(),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.constantFrom(...MEMBERS),
        async (labels, peerMember) => {
          for (const l of labels) {
            const labelled = indicator(l);
            const { extensions, ...obj } = labelled;
            const ext = (extensions as Record<string, Record<string, unknown>>)[LABEL_EXTENSION_ID];
            const h = await env.auth(l.originator, { clearance: 'TOP SECRET', user: 'sharer' });
            const r = await env.app.inject({
              method: 'POST',
              url: `${ROOT}/collections/${nameUuid('alliance:imctc')}/objects/`,
              headers: postHeaders(h),
              payload: JSON.stringify(
                l.beside ? { objects: [obj], [LABELS_PROPERTY]: [ext] } : { objects: [labelled] },
              ),
            });
            expect(JSON.parse(r.body).success_count).toBe(1);
            const rel = ext.releasable_to as string[] | undefined;
            posted.push({
              ...l,
              obj: l.beside ? obj : labelled,
              // Served as the label reads it: `releasable_to` sorted.
              beside: l.beside ? (rel ? { ...ext, releasable_to: [...rel].sort() } : ext) : null,
            });
          }
          captured = [];
          capturedLabels = [];
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
          // Labels and content travel unchanged: the objects as posted, labels inside or beside them.
          expect(captured).toEqual(want.map((p) => p.obj));
          expect(capturedLabels).toEqual(want.map((p) => p.beside));
        },
      ),
      { numRuns: 30 },
    );
  });
});
