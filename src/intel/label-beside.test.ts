import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { intelCli } from './cli.js';
import { describeEachDialect } from '../store/testing.js';
import type { Dialect } from '../store/database.js';
import { LABEL_EXTENSION_ID, labelExtension, LABELS_PROPERTY, withLabel } from './labels.js';
import type { IntelTables } from './migrations.js';
import { SIGNATURES_PROPERTY } from './signatures.js';
import { openSignedNodes, type SignedNodes } from './signed-nodes.test-support.js';
import { collUrl, openIntelEnv, postHeaders, type IntelTestEnv } from './testing.js';
import { verifyIntel } from './verify.js';

/**
 * #19.5: an object posted without Tahaluf's label extension is stored and served with its originator's bytes;
 * its label is kept beside it (the label row, `x_tahaluf_labels` in TAXII envelopes) and decides visibility as
 * before, travels beside it between nodes, and is covered by the originator's signature, so a relay that
 * widens it is refused.
 */

/** An ATT&CK-like technique as MITRE publishes it: its key order, custom `x_mitre_` properties, no Tahaluf label. */
const technique = (): Record<string, unknown> => ({
  type: 'attack-pattern',
  id: 'attack-pattern--7385dfaf-6886-4229-9ecd-6fd678040830',
  created: '2017-05-31T21:32:29.203Z',
  created_by_ref: 'identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5',
  revoked: false,
  external_references: [
    {
      source_name: 'mitre-attack',
      url: 'https://attack.mitre.org/techniques/T1059',
      external_id: 'T1059',
    },
  ],
  object_marking_refs: ['marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168'],
  modified: '2024-04-15T14:20:55.135Z',
  name: 'Command and Scripting Interpreter',
  description: 'Adversaries may abuse command and script interpreters to execute commands.',
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
  x_mitre_attack_spec_version: '3.2.0',
  x_mitre_deprecated: false,
  x_mitre_domains: ['enterprise-attack'],
  x_mitre_is_subtechnique: false,
  x_mitre_platforms: ['Linux', 'macOS', 'Windows'],
  x_mitre_version: '2.5',
  spec_version: '2.1',
});

/** The one object a GET of `id` answers, the envelope's text, and the label carried beside it. */
async function getOne(env: IntelTestEnv, member: string, id: string) {
  const r = await env.app.inject({
    url: `${collUrl()}/objects/${id}/`,
    headers: await env.auth(member),
  });
  const body = r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {};
  const objects = Array.isArray(body.objects) ? body.objects : [];
  const labels = Array.isArray(body[LABELS_PROPERTY]) ? body[LABELS_PROPERTY] : [];
  return { status: r.statusCode, text: r.body, object: objects[0], label: labels[0], body };
}

async function post(
  env: IntelTestEnv,
  member: string,
  objects: Record<string, unknown>[],
  beside?: unknown[],
  signatures?: unknown[],
) {
  const r = await env.app.inject({
    method: 'POST',
    url: `${collUrl()}/objects/`,
    headers: postHeaders(await env.auth(member, { clearance: 'SECRET', user: 'sharer' })),
    payload: JSON.stringify({
      objects,
      ...(beside ? { [LABELS_PROPERTY]: beside } : {}),
      ...(signatures ? { [SIGNATURES_PROPERTY]: signatures } : {}),
    }),
  });
  return r.json<{
    success_count: number;
    failures?: { message: string }[];
    successes?: { message?: string }[];
  }>();
}

describeEachDialect(
  "labels beside objects keep the originator's bytes (#19.5)",
  (dialect: Dialect) => {
    let env: IntelTestEnv;
    beforeAll(async () => {
      env = await openIntelEnv(dialect);
    });
    afterAll(() => env.close());

    it('an unlabelled ATT&CK object is served exactly as posted to a member inside its label, 404 outside', async () => {
      const posted = technique();
      expect((await post(env, 'QAT', [posted])).success_count).toBe(1);
      const got = await getOne(env, 'SAU', String(posted.id));
      expect(got.status).toBe(200);
      expect(got.object).toEqual(posted);
      // Not only the same JSON value: the originator's text, key order included.
      expect(got.text).toContain(JSON.stringify(posted));
      expect(JSON.stringify(got.object)).not.toContain(LABEL_EXTENSION_ID);
      // The label travels beside it and is the default one: RESTRICTED, REL TO the collection's community.
      expect(got.label).toEqual({
        extension_type: 'property-extension',
        policy: 'TAHALUF',
        classification: 'RESTRICTED',
        releasable_to: ['gcc'],
        originator: 'QAT',
        creation_time: posted.modified,
      });
      // It still decides: a member outside the GCC, and a GCC user below RESTRICTED, get the 404 of a missing id.
      const missingId = 'attack-pattern--00000000-0000-4000-8000-000000000000';
      for (const headers of [
        await env.auth('EGY'),
        await env.auth('SAU', { clearance: 'PUBLIC', user: 'low' }),
      ]) {
        const [hidden, missing] = await Promise.all(
          [String(posted.id), missingId].map((id) =>
            env.app.inject({ url: `${collUrl()}/objects/${id}/`, headers }),
          ),
        );
        expect(hidden.statusCode).toBe(404);
        expect(hidden.body).toBe(missing.body);
      }
      // The manifest names the label beside its record; a re-post of the same bytes is the same object.
      const manifest = await env.app.inject({
        url: `${collUrl()}/manifest/?match[id]=${String(posted.id)}`,
        headers: await env.auth('SAU'),
      });
      expect(manifest.json<{ objects: Record<string, unknown>[] }>().objects[0]).toMatchObject({
        x_tahaluf_label: got.label,
      });
      const again = await post(env, 'QAT', [technique()]);
      expect(again.successes?.[0]?.message).toBe('already stored');
      expect(await verifyIntel(env.node)).toEqual([expect.objectContaining({ ok: true })]);
      // The label's creation time kept beside the object is under the share act and the signature: altered, it is reported.
      const rows = () =>
        env.node.store.db
          .withTables<IntelTables>()
          .updateTable('intel_objects')
          .where('id', '=', String(posted.id));
      await rows().set({ label_created: '2020-01-01T00:00:00.000Z' }).execute();
      const findings = await verifyIntel(env.node);
      expect(findings.map((f) => f.message).join('\n')).toMatch(
        /differs from the content its poster signed/,
      );
      expect(findings.map((f) => f.message).join('\n')).toMatch(/signature no longer proves it/);
      await rows()
        .set({ label_created: String(posted.modified) })
        .execute();
      expect(await verifyIntel(env.node)).toEqual([expect.objectContaining({ ok: true })]);
    });

    it('a version stored before 1611 with the default label written in is served as stored; a bare re-post is that object', async () => {
      const bare: Record<string, unknown> = {
        ...technique(),
        id: 'attack-pattern--9d1f0c52-3f63-4b7e-8e4a-51c2e7a0b6d3',
      };
      // What ingest stored before migration 1611 for an unlabelled post: the default label written in.
      const old = withLabel(bare, {
        policy: 'TAHALUF',
        classification: 'RESTRICTED',
        releasableTo: ['gcc'],
        originator: 'QAT',
        createdAt: String(bare.modified),
        tlp: null,
      });
      expect((await post(env, 'QAT', [old])).success_count).toBe(1);
      const again = await post(env, 'QAT', [bare]);
      expect(again.successes?.[0]?.message).toBe('already stored');
      const got = await getOne(env, 'SAU', String(bare.id));
      expect(got.object).toEqual(old);
      expect(got.body[LABELS_PROPERTY]).toBeUndefined();
      // The same object under another label beside it is another object: refused as a clash.
      const wider = await post(
        env,
        'QAT',
        [bare],
        [
          {
            ...labelExtension({
              policy: 'TAHALUF',
              classification: 'RESTRICTED',
              releasableTo: ['GCC', 'PAK'],
              originator: 'QAT',
              createdAt: String(bare.modified),
              tlp: null,
            }),
          },
        ],
      );
      expect(wider.failures?.[0]?.message).toBe(
        'a different object with this id and version is already stored',
      );
    });

    it('CLI export writes the labels beside the objects, and import on another node keeps bytes and labels', async () => {
      const posted = { ...technique(), id: 'attack-pattern--c4e5f0a1-7b2d-4e8f-9a6c-3d1b2e4f5a60' };
      const toSau = {
        policy: 'TAHALUF',
        classification: 'RESTRICTED',
        releasable_to: ['SAU'],
        originator: 'QAT',
        creation_time: '2026-02-02T00:00:00.000Z',
      };
      expect((await post(env, 'QAT', [posted], [toSau])).success_count).toBe(1);
      const out: string[] = [];
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const std = vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
        out.push(String(text));
        return true;
      });
      const other = await openIntelEnv(dialect);
      try {
        const run = async (node: IntelTestEnv, ...args: string[]) => {
          const program = new Command().exitOverride();
          intelCli(program, { open: async () => ({ ...node.node, close: async () => undefined }) });
          await program.parseAsync(['node', 'tahaluf', 'intel', ...args]);
        };
        await run(env, 'export', 'gcc', '--member', 'SAU');
        const bundle = JSON.parse(out.join('')) as Record<string, unknown[]>;
        const at = bundle.objects.findIndex((o) => (o as { id: string }).id === posted.id);
        expect(bundle.objects[at]).toEqual(posted);
        expect(bundle[LABELS_PROPERTY][at]).toEqual({
          extension_type: 'property-extension',
          ...toSau,
        });
        const file = join(mkdtempSync(join(tmpdir(), 'intel-labels-')), 'bundle.json');
        writeFileSync(file, JSON.stringify(bundle));
        process.exitCode = 0;
        await run(other, 'import', file, '--member', 'SAU', '--collection', 'gcc');
        expect(process.exitCode).toBe(0);
        const got = await getOne(other, 'SAU', String(posted.id));
        expect(got.object).toEqual(posted);
        expect(got.label).toEqual({ extension_type: 'property-extension', ...toSau });
        expect((await getOne(other, 'KWT', String(posted.id))).status).toBe(404);
      } finally {
        err.mockRestore();
        std.mockRestore();
        await other.close();
      }
    });

    it('a label posted beside an object decides its visibility; one inside and beside is refused', async () => {
      const posted = { ...technique(), id: 'attack-pattern--0f20e3cb-245b-4a61-8a91-2d93f7cb0e9b' };
      const toSau = {
        policy: 'TAHALUF',
        classification: 'CONFIDENTIAL',
        releasable_to: ['SAU'],
        originator: 'QAT',
        creation_time: '2026-02-01T00:00:00.000Z',
      };
      expect((await post(env, 'QAT', [posted], [toSau])).success_count).toBe(1);
      const sau = await getOne(env, 'SAU', String(posted.id));
      expect(sau.object).toEqual(posted);
      expect(sau.label).toEqual({ extension_type: 'property-extension', ...toSau });
      expect((await getOne(env, 'KWT', String(posted.id))).status).toBe(404);
      const both = {
        ...posted,
        id: 'attack-pattern--5b0ad6f8-6a16-4966-a4ef-d09ea6e2a9f5',
        extensions: { [LABEL_EXTENSION_ID]: { extension_type: 'property-extension', ...toSau } },
      };
      const refused = await post(env, 'QAT', [both], [toSau]);
      expect(refused.success_count).toBe(0);
      expect(refused.failures?.[0]?.message).toMatch(/inside and beside/);
    });

    it('labels beside the objects that are not a list as long as them are a 400 naming the list; nothing is stored', async () => {
      const posted = { ...technique(), id: 'attack-pattern--3c8e1f52-7d4a-4b9e-9f0c-6a2d5e8b1c47' };
      for (const beside of [[], 'GCC']) {
        const r = await env.app.inject({
          method: 'POST',
          url: `${collUrl()}/objects/`,
          headers: postHeaders(await env.auth('QAT', { clearance: 'SECRET', user: 'sharer' })),
          payload: JSON.stringify({ objects: [posted], [LABELS_PROPERTY]: beside }),
        });
        expect(r.statusCode).toBe(400);
        expect(r.body).toContain(`${LABELS_PROPERTY} must be a list as long as objects`);
      }
      expect((await getOne(env, 'QAT', String(posted.id))).status).toBe(404);
    });
  },
);

describeEachDialect('labels beside objects across nodes (#19.5)', (dialect: Dialect) => {
  let net: SignedNodes;
  beforeAll(async () => {
    net = await openSignedNodes(dialect);
  });
  afterAll(() => net.close());

  const provenanceAt = async (env: IntelTestEnv, id: string) =>
    (
      await env.node.store.db
        .withTables<IntelTables>()
        .selectFrom('intel_objects')
        .select('provenance')
        .where('id', '=', id)
        .execute()
    ).map((r) => r.provenance);

  it('A → B → C keeps the bytes and the label, and the originator signature proves both', async () => {
    const { A, B, C } = net.nodes;
    const posted = technique();
    expect((await post(A, 'QAT', [posted])).success_count).toBe(1);
    const atA = await getOne(A, 'SAU', String(posted.id));
    expect(atA.body[SIGNATURES_PROPERTY]).toHaveLength(1);
    expect((await net.bFromA.syncPeer('peer-QAT')).refused).toEqual([]);
    expect((await net.cFromB.syncPeer('peer-SAU')).refused).toEqual([]);
    for (const env of [B, C]) {
      const got = await getOne(env, 'KWT', String(posted.id));
      expect(got.status).toBe(200);
      expect(got.object).toEqual(posted);
      expect(got.text).toContain(JSON.stringify(posted));
      expect(got.label).toEqual(atA.label);
      expect(got.body[SIGNATURES_PROPERTY]).toEqual(atA.body[SIGNATURES_PROPERTY]);
      expect(await provenanceAt(env, String(posted.id))).toEqual(['verified']);
      expect(await verifyIntel(env.node)).toEqual([expect.objectContaining({ ok: true })]);
    }
  });

  it("a relay that widens a signed object's label is refused, the label carried beside or written in", async () => {
    const { A, B, C } = net.nodes;
    const posted = { ...technique(), id: 'attack-pattern--3b6b1a9e-23e1-4d5f-9c3a-7ad1e0d2c8f4' };
    const toSau = {
      policy: 'TAHALUF',
      classification: 'RESTRICTED',
      releasable_to: ['SAU'],
      originator: 'QAT',
      creation_time: '2026-02-01T00:00:00.000Z',
    };
    expect((await post(A, 'QAT', [posted], [toSau])).success_count).toBe(1);
    expect((await net.bFromA.syncPeer('peer-QAT')).refused).toEqual([]);
    // B (SAU) holds the object, QAT's signature and the label beside it; as a relay it hands C the object
    // with the label widened to the GCC, so that KWT could read it.
    const atB = await getOne(B, 'SAU', String(posted.id));
    expect(atB.object).toEqual(posted);
    const signature = (atB.body[SIGNATURES_PROPERTY] as unknown[])[0];
    expect(signature).toMatchObject({ signer: 'QAT' });
    const wider = { ...(atB.label as Record<string, unknown>), releasable_to: ['GCC'] };
    for (const [objects, labels] of [
      [[atB.object], [wider]],
      [[{ ...posted, extensions: { [LABEL_EXTENSION_ID]: wider } }], [null]],
    ] as const) {
      const st = await post(C, 'SAU', [...objects], [...labels], [signature]);
      expect(st.success_count).toBe(0);
      expect(st.failures?.[0]?.message).toMatch(
        /^signature refused: the object is not the one QAT signed/,
      );
      expect((await getOne(C, 'KWT', String(posted.id))).status).toBe(404);
      expect(await provenanceAt(C, String(posted.id))).toEqual([]);
    }
    // The label as QAT signed it is accepted (and still hides the object from KWT).
    const honest = await post(
      C,
      'SAU',
      [atB.object as Record<string, unknown>],
      [atB.label],
      [signature],
    );
    expect(honest.success_count).toBe(1);
    expect(await provenanceAt(C, String(posted.id))).toEqual(['verified']);
    expect((await getOne(C, 'KWT', String(posted.id))).status).toBe(404);
    expect((await getOne(C, 'SAU', String(posted.id))).object).toEqual(posted);
  });
});
