import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { CLASSIFICATIONS, type Classification } from '../runtime/auth.js';
import { nameUuid } from './collections.js';
import { indicator, postHeaders, ROOT, useIntelEnv } from './testing.js';
import { LABEL_EXTENSION_ID, LABELS_PROPERTY } from './labels.js';
import type { Tlp } from './stix/marking.js';
import { objectLeaf, SIGNATURES_PROPERTY } from './signatures.js';
import { fromBase64, leafHash, toBase64, verifyInclusion } from '../core/merkle.js';
import { publicLeafData } from '../record/transparency-log.js';
import { contentHash, verifyViewEntries, type ViewAct } from '../record/views.js';

/**
 * Property: for any members, labels, objects, users and request sequences, every TAXII response
 * equals the full store filtered by the requester's rights — bodies, counts, more/next, date headers,
 * 404s and status resources. The oracle below re-states the rule independently of releasability.ts.
 */
const COLL = nameUuid('alliance:imctc');
const URL = `${ROOT}/collections/${COLL}`;
const MEMBERS = ['ARE', 'BHR', 'EGY', 'JOR', 'KWT', 'OMN', 'PAK', 'QAT', 'SAU', 'TUR'];
const OUTSIDERS = ['SYR', 'IRN'];
const COMMUNITIES = [
  'GCC',
  'gcc',
  'sau-pak-smda',
  'SMDA',
  'arab-league',
  'imctc',
  'no-such-community',
  ...MEMBERS,
  'SYR',
];
const TLPS: (Tlp | undefined)[] = [undefined, 'clear', 'green', 'amber', 'amber+strict', 'red'];

interface Posted {
  id: string;
  version: string;
  originator: string;
  classification: Classification;
  rel: string[];
  /** The object with its label inside (what the originator's signature covers). */
  object: Record<string, unknown>;
  /** The object as posted and served: without the label when the label was carried beside it (#19.5). */
  served: Record<string, unknown>;
  /** The label as served beside it (when `served` is not `object`). */
  besideLabel: unknown;
  /** Base64 of the leaf its originator's signature proves (the label beside written in). */
  leaf: string;
}

const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);

describeEachDialect('releasability never leaks (property-based, TAXII end to end)', (dialect) => {
  const env = useIntelEnv(dialect);
  const posted: Posted[] = [];
  const statuses: { id: string; member: string; user: string; body: string }[] = [];
  const day = '2026-03-01';

  /** The oracle: who may see a posted version, from the registry alone. */
  const sees = (p: Posted, member: string, clearance: Classification): boolean => {
    if (rank(clearance) < rank(p.classification)) return false;
    if (p.originator === member) return true;
    return p.rel.some((r) => env.node.registry.resolveCommunity(r, day).has(member));
  };
  /** Expected objects for `match[version]=last`, in the order they were added. */
  const expectedLast = (member: string, clearance: Classification): Posted[] => {
    const visible = posted.filter((p) => sees(p, member, clearance));
    const latest = new Map<string, Posted>();
    for (const p of visible) {
      const cur = latest.get(p.id);
      if (!cur || p.version > cur.version) latest.set(p.id, p);
    }
    return visible.filter((p) => latest.get(p.id) === p);
  };

  const label = fc.record({
    originator: fc.constantFrom(...MEMBERS),
    classification: fc.constantFrom(...CLASSIFICATIONS),
    rel: fc.uniqueArray(fc.constantFrom(...COMMUNITIES), { maxLength: 3 }),
    tlp: fc.constantFrom(...TLPS),
    newVersionOf: fc.option(fc.nat(), { nil: undefined }),
    // #19.5: the label carried beside the object (x_tahaluf_labels), the object's bytes left as posted.
    beside: fc.boolean(),
  });
  const user = fc.record({
    member: fc.constantFrom(...MEMBERS, ...OUTSIDERS),
    clearance: fc.constantFrom(...CLASSIFICATIONS),
  });
  const request = fc.oneof(
    fc.record({ kind: fc.constant('objects' as const), limit: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('manifest' as const), limit: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('object' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('versions' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('status' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('record' as const), pick: fc.nat() }),
  );

  /**
   * The last entry of the reader's `view`, as served, is proved in the tree of that view's `checkpoint`
   * (when the view has entries): the proof's path leads from the entry's leaf to the root.
   */
  const expectLastEntryProved = async (
    view: 'public' | 'own',
    h: Record<string, string>,
    checkpoint: { size: number; rootHash: string },
  ) => {
    const entries = (
      await env.app.inject({ url: `/api/record?view=${view}&limit=1000`, headers: h })
    ).json<{ acts: ViewAct[] }>().acts;
    const last = entries.at(-1);
    if (!last) return undefined;
    const inView = view === 'own' ? 'view=own&' : '';
    const pr = await env.app.inject({
      url: `/api/record/proof/inclusion?${inView}actId=${last.id}&treeSize=${checkpoint.size}`,
      headers: h,
    });
    expect(pr.statusCode).toBe(200);
    const proof = pr.json<{ leafIndex: number; treeSize: number; proof: string[] }>();
    expect(
      verifyInclusion(
        proof.leafIndex,
        proof.treeSize,
        leafHash(publicLeafData(last)),
        proof.proof.map(fromBase64),
        fromBase64(checkpoint.rootHash),
      ),
    ).toBe(true);
    return { seq: last.seq, leafIndex: proof.leafIndex };
  };

  /**
   * #19.2 record numbering: what a reader gets of the record depends on no act it may not see. The
   * public view and its own view each verify from their first entry with contiguous numbers, by the
   * reader's means alone (acts + /api/identities), so no number, link or hash is derived from a hidden
   * act; and no hidden act's id, full-record hash or content hash appears anywhere in the answer.
   */
  const checkRecord = async (member: string | null, h: Record<string, string>) => {
    const keys = new Map(
      (await env.app.inject({ url: '/api/identities' }))
        .json<{ keyId: string; actor: string; publicKey: string }[]>()
        .map((k) => [k.keyId, { actor: k.actor, pem: k.publicKey }]),
    );
    const all = await env.node.record.list({ limit: 10_000 });
    for (const view of member ? ['public', 'own'] : ['public']) {
      const r = await env.app.inject({ url: `/api/record?view=${view}&limit=1000`, headers: h });
      expect(r.statusCode).toBe(200);
      const body = r.json<{ acts: ViewAct[]; total: number }>();
      const report = verifyViewEntries(body.acts, keys);
      expect(report.firstBroken).toBeNull();
      expect(report.unsigned).toBe(0);
      expect(body.total).toBe(body.acts.length);
      const shown = new Set(body.acts.map((a) => a.id));
      const expected = all.filter((a) =>
        view === 'public'
          ? !a.type.startsWith('intel.')
          : a.type.startsWith('intel.') && a.actor === member,
      );
      expect([...shown]).toEqual(expected.map((a) => a.id));
      for (const hidden of all.filter((a) => !shown.has(a.id))) {
        expect(r.body).not.toContain(hidden.id);
        expect(r.body).not.toContain(hidden.hash);
        expect(r.body).not.toContain(contentHash(hidden));
      }
      // The full record's hashes are not served in a view at all.
      for (const a of all) expect(r.body).not.toContain(a.hash);
    }
    // The transparency log the reader receives is the public view's: its size counts the public
    // entries, its latest entry is proved at its view position from what /api/record serves, and the
    // full record's log is refused (#19.2).
    const publicActs = all.filter((a) => !a.type.startsWith('intel.'));
    const cpRes = await env.app.inject({ url: '/api/record/checkpoint', headers: h });
    expect(cpRes.statusCode).toBe(200);
    const cp = cpRes.json<{ size: number; rootHash: string }>();
    expect(cp.size).toBe(publicActs.length);
    const lastPublic = await expectLastEntryProved('public', h, cp);
    if (lastPublic) expect(lastPublic.leafIndex).toBe(lastPublic.seq - 1);
    for (const a of all) expect(cpRes.body).not.toContain(a.hash);
    if (member) {
      const full = await env.app.inject({ url: '/api/record?view=full', headers: h });
      expect(full.statusCode).toBe(400);
      const fullLog = await env.app.inject({
        url: '/api/record/checkpoint?view=full',
        headers: h,
      });
      expect(fullLog.statusCode).toBe(400);
      // The member's own log counts its own private acts only; each is proved there, and another
      // actor's private act answers as a missing one (#19.2).
      const mine = all.filter((a) => a.type.startsWith('intel.') && a.actor === member);
      const ownRes = await env.app.inject({ url: '/api/record/checkpoint?view=own', headers: h });
      expect(ownRes.statusCode).toBe(200);
      const own = ownRes.json<{ size: number; rootHash: string }>();
      expect(own.size).toBe(mine.length);
      for (const a of all) expect(ownRes.body).not.toContain(a.hash);
      await expectLastEntryProved('own', h, own);
      const theirs = all.find((a) => a.type.startsWith('intel.') && a.actor !== member);
      if (theirs) {
        const missing = `${theirs.id.slice(0, -1)}${theirs.id.endsWith('0') ? '1' : '0'}`;
        const ask = async (id: string) => {
          const r = await env.app.inject({
            url: `/api/record/proof/inclusion?view=own&actId=${id}`,
            headers: h,
          });
          return { status: r.statusCode, body: r.body.replaceAll(id, '<id>') };
        };
        const hiddenAnswer = await ask(theirs.id);
        expect(hiddenAnswer.status).toBe(404);
        expect(hiddenAnswer).toEqual(await ask(missing));
      }
    }
  };

  const strip = (h: Record<string, unknown>) => {
    const { date: _d, connection: _c, ...rest } = h;
    return rest;
  };

  it("every response equals the full result filtered by the requester's rights", async () => {
    const missingObject = `${URL}/objects/indicator--00000000-0000-4000-8000-000000000000/`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(label, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(user, request), { minLength: 1, maxLength: 8 }),
        async (labels, requests) => {
          // Share: each label's originator posts an object (sometimes a new version of an earlier one of its own).
          for (const l of labels) {
            env.clock.advance(1000);
            const own = posted.filter((p) => p.originator === l.originator);
            const prev =
              l.newVersionOf !== undefined && own.length
                ? own[l.newVersionOf % own.length]
                : undefined;
            const obj = indicator(
              {
                originator: l.originator,
                classification: l.classification,
                rel: l.rel,
                tlp: l.tlp,
              },
              prev ? { id: prev.id } : {},
            );
            const h = await env.auth(l.originator, { clearance: 'TOP SECRET', user: 'sharer' });
            const { [LABEL_EXTENSION_ID]: ext, ...others } = obj.extensions as Record<
              string,
              unknown
            >;
            // Served beside as the label reads: `releasable_to` sorted (the form the signature covers).
            const rel = (ext as { releasable_to?: string[] }).releasable_to;
            const besideLabel = rel
              ? { ...(ext as object), releasable_to: [...new Set(rel)].sort() }
              : ext;
            const signedForm = l.beside
              ? { ...obj, extensions: { ...others, [LABEL_EXTENSION_ID]: besideLabel } }
              : obj;
            const bare: Record<string, unknown> = { ...obj };
            if (Object.keys(others).length) bare.extensions = others;
            else delete bare.extensions;
            const r = await env.app.inject({
              method: 'POST',
              url: `${URL}/objects/`,
              headers: postHeaders(h),
              payload: JSON.stringify(
                l.beside ? { objects: [bare], [LABELS_PROPERTY]: [ext] } : { objects: [obj] },
              ),
            });
            expect(r.statusCode).toBe(202);
            const st = JSON.parse(r.body);
            expect(st.failure_count).toBe(0);
            statuses.push({ id: st.id, member: l.originator, user: 'sharer', body: r.body });
            posted.push({
              id: obj.id as string,
              version: obj.modified as string,
              originator: l.originator,
              classification: l.classification,
              rel: l.rel,
              object: obj,
              served: l.beside ? bare : obj,
              besideLabel,
              leaf: toBase64(objectLeaf(signedForm)),
            });
          }
          for (const [u, req] of requests) {
            const h = await env.auth(u.member, {
              clearance: u.clearance,
              user: `u-${u.clearance}`,
            });
            const get = (url: string) => env.app.inject({ method: 'GET', url, headers: h });
            if (req.kind === 'record') {
              await checkRecord(u.member, h);
              if (req.pick % 3 === 0) await checkRecord(null, {});
              continue;
            }
            if (OUTSIDERS.includes(u.member)) {
              // Outside the community: the collection itself is indistinguishable from a missing one.
              const r = await get(`${URL}/objects/`);
              const none = await get(
                `${ROOT}/collections/00000000-0000-4000-8000-000000000000/objects/`,
              );
              expect(r.statusCode).toBe(404);
              expect(r.body).toBe(none.body);
              continue;
            }
            const want = expectedLast(u.member, u.clearance);
            if (req.kind === 'objects' || req.kind === 'manifest') {
              const got: { id: string; version: string }[] = [];
              let next: string | undefined;
              let pages = 0;
              do {
                const r = await get(
                  `${URL}/${req.kind}/?limit=${req.limit}${next ? `&next=${next}` : ''}`,
                );
                expect(r.statusCode).toBe(200);
                const body = JSON.parse(r.body);
                const items = (body.objects ?? []) as {
                  id: string;
                  modified?: string;
                  version?: string;
                  date_added?: string;
                }[];
                const slice = want.slice(pages * req.limit, pages * req.limit + req.limit);
                expect(items.map((o) => o.id)).toEqual(slice.map((p) => p.id));
                // `more` is true exactly when visible objects remain; no count or hint beyond the page.
                const remaining = want.length > (pages + 1) * req.limit;
                if (items.length) expect(body.more).toBe(remaining);
                else expect(body).toEqual({});
                expect(
                  Object.keys(body).every((k) =>
                    ['more', 'next', 'objects', SIGNATURES_PROPERTY, LABELS_PROPERTY].includes(k),
                  ),
                ).toBe(true);
                // #19.3: each signature beside an object is its originator's, and no signature material
                // (leaf hash) of an object the reader may not see is in the answer.
                const sigs = (body[SIGNATURES_PROPERTY] ?? []) as ({ signer: string } | null)[];
                if (req.kind === 'objects' && items.length) expect(sigs).toHaveLength(items.length);
                sigs.forEach((sg, i) => {
                  const p = posted.find((x) => x.id === items[i].id);
                  if (sg && p) expect(sg.signer).toBe(p.originator);
                });
                for (const hidden of posted.filter((x) => !sees(x, u.member, u.clearance)))
                  expect(r.body).not.toContain(hidden.leaf);
                // #19.5: each object is served as posted, and a label beside it is its own.
                const besides = (body[LABELS_PROPERTY] ?? []) as ({ originator: string } | null)[];
                if (req.kind === 'objects' && besides.length)
                  expect(besides).toHaveLength(items.length);
                if (req.kind === 'objects')
                  items.forEach((o, i) => {
                    const p = posted.find((x) => x.id === o.id && x.version === o.modified);
                    expect(o).toEqual(p?.served);
                    if (p && p.served !== p.object) expect(besides[i]).toEqual(p.besideLabel);
                    else expect(besides[i] ?? null).toBeNull();
                  });
                if (items.length) {
                  expect(r.headers['x-taxii-date-added-first']).toBeTruthy();
                  expect(r.headers['x-taxii-date-added-last']).toBeTruthy();
                } else {
                  expect(r.headers['x-taxii-date-added-first']).toBeUndefined();
                }
                got.push(
                  ...items.map((o) => ({ id: o.id, version: (o.modified ?? o.version) as string })),
                );
                next = body.more ? body.next : undefined;
                // #19.2: the cursor is opaque (no store position) and only this reader may use it.
                if (next) {
                  expect(next).toMatch(/^[A-Za-z0-9_-]{48}$/);
                  const other = await env.auth(u.member === 'QAT' ? 'SAU' : 'QAT', {
                    clearance: u.clearance,
                    user: `u-${u.clearance}`,
                  });
                  const stolen = await env.app.inject({
                    method: 'GET',
                    url: `${URL}/${req.kind}/?limit=${req.limit}&next=${next}`,
                    headers: other,
                  });
                  expect(stolen.statusCode).toBe(400);
                }
                pages++;
                // Bounded: a cursor that never ends would fail here instead of hanging the run.
                expect(pages).toBeLessThanOrEqual(want.length + 1);
              } while (next);
              expect(got).toEqual(want.map((p) => ({ id: p.id, version: p.version })));
            } else if (req.kind === 'object' || req.kind === 'versions') {
              if (!posted.length) continue;
              const target = posted[req.pick % posted.length];
              const suffix = req.kind === 'versions' ? 'versions/' : '';
              const r = await get(`${URL}/objects/${target.id}/${suffix}`);
              const visibleVersions = posted
                .filter((p) => p.id === target.id && sees(p, u.member, u.clearance))
                .map((p) => p.version)
                .sort();
              if (!visibleVersions.length) {
                // Indistinguishable from an object that never existed: status, body and headers.
                const ghost = await get(missingObject + suffix);
                expect(r.statusCode).toBe(404);
                expect(r.body).toBe(ghost.body);
                expect(strip(r.headers)).toEqual(strip(ghost.headers));
              } else if (req.kind === 'versions') {
                expect(JSON.parse(r.body)).toEqual({ more: false, versions: visibleVersions });
              } else {
                const objs = JSON.parse(r.body).objects as { modified: string }[];
                expect(objs.map((o) => o.modified)).toEqual([
                  visibleVersions[visibleVersions.length - 1],
                ]);
              }
            } else if (statuses.length) {
              const s = statuses[req.pick % statuses.length];
              const r = await get(`${ROOT}/status/${s.id}/`);
              const mine = s.member === u.member && s.user === `u-${u.clearance}`;
              if (!mine) {
                const ghost = await get(`${ROOT}/status/5f0c2b1e-0000-4000-8000-000000000000/`);
                expect(r.statusCode).toBe(404);
                expect(r.body).toBe(ghost.body);
              }
            }
          }
        },
      ),
      { numRuns: dialect === 'sqlite' ? 60 : 25 },
    );
  });
});
