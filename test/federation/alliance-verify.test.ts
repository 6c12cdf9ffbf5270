import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allianceDirectory } from '../support/alliance-directory.js';
import { generateEd25519, keyId, sha256Hex } from '../../src/core/crypto.js';
import { systemClock } from '../../src/core/clock.js';
import { checkpointText, cosign, COSIGNATURE_ED25519 } from '../../src/core/signed-note.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { councilModule } from '../../src/council/module.js';
import { AllianceTransparency, witnessName } from '../../src/federation/alliance-tlog.js';
import {
  checkAllianceCopy,
  readAllianceWitnessStates,
} from '../../src/federation/alliance-verify.js';
import {
  envelopeHash,
  envelopeSubject,
  signEnvelope,
  type AllianceEnvelope,
} from '../../src/federation/envelope.js';
import type { FederationTables } from '../../src/federation/repository.js';
import type { AllianceTlogTables } from '../../src/federation/tlog-repository.js';

/**
 * `tahaluf verify` on a tampered copy of a federated node's alliance log (#12 adversarial acceptance): each
 * attack is made directly in the database of a fresh copy (the same stream fed to a new node), after the
 * node's witness cosigned its checkpoint and another member's node cosigned the same root.
 */
const ACTORS = ['SECRETARIAT', 'QAT', 'SAU', 'OMN', 'KWT', 'BHR', 'ARE', 'EGY'] as const;
const directory = allianceDirectory(ACTORS, 'tahaluf-alliance-verify-', 'verify');
const { keys, dir, directoryFile } = directory;

const sign = (
  actor: string,
  type: string,
  subject: string,
  payload: Record<string, unknown>,
  signer = actor,
  at = new Date().toISOString(),
): AllianceEnvelope => directory.sign(actor, type, subject, payload, { signer, at });

const decision = 'proc_verifytestdec01';
const stream: { subject: string; body: string; time: string }[] = [];
const push = (e: AllianceEnvelope) =>
  stream.push({
    subject: envelopeSubject('alliance', e.actor, e.type),
    body: JSON.stringify(e),
    time: new Date().toISOString(),
  });

beforeAll(() => {
  const consultation = 'proc_verifytestcon01';
  push(
    sign('QAT', 'council.procedure.opened', consultation, {
      procedureId: consultation,
      charterId: 'gcc',
      kind: 'consultation',
      title: 'Consultations on shipping attacks',
      matter: 'gulf-shipping',
      grounds: ['security'],
      deadline: null,
    }),
  );
  push(
    sign('QAT', 'council.procedure.closed', consultation, {
      procedureId: consultation,
      summary: 'heard',
    }),
  );
  push(
    sign('QAT', 'council.procedure.opened', decision, {
      procedureId: decision,
      charterId: 'gcc',
      kind: 'decision',
      decisionType: 'use_of_force',
      title: 'Joint air patrols',
      matter: 'gulf-shipping',
      deadline: null,
    }),
  );
  for (const m of ['QAT', 'SAU', 'OMN', 'KWT'])
    push(sign(m, 'council.vote', decision, { procedureId: decision, choice: 'yes' }));
  // Rejected by every node: SAU's vote signed by QAT, a replay of OMN's vote, EGY (not a member) voting.
  push(sign('SAU', 'council.vote', decision, { procedureId: decision, choice: 'no' }, 'QAT'));
  stream.push({ ...stream[5], time: new Date().toISOString() });
  push(sign('EGY', 'council.vote', decision, { procedureId: decision, choice: 'no' }));
  push(sign('QAT', 'council.procedure.closed', decision, { procedureId: decision }));
});

type Tables = FederationTables &
  AllianceTlogTables & { council_procedures: { id: string; title: string } };
type Db = Kysely<Tables>;

/** A fresh copy: a QAT node fed the stream; its witness cosigned (state in a folder), SAU's node too. */
async function copy(): Promise<{ node: TestNode; db: Db; check: () => Promise<string[]> }> {
  const node = await openTestNode({
    env: {
      TAHALUF_MODE: 'national',
      TAHALUF_MEMBER: 'QAT',
      TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
      TAHALUF_ALLIANCE_DIRECTORY: directoryFile,
    },
    modules: [councilModule],
  });
  let seq = 0;
  for (const m of stream) await node.alliance!.processMessage(m.subject, m.body, ++seq, m.time);
  const witnessDir = mkdtempSync(join(dir, 'witness-'));
  const tlog = new AllianceTransparency(
    node.store,
    node.keyring,
    systemClock,
    'GCC',
    'QAT',
    'alliance',
    witnessDir,
    3,
  );
  expect(await tlog.checkpoint()).toMatch(/^tahaluf\/alliance\/gcc\n11\n/);
  const body = checkpointText({
    origin: 'tahaluf/alliance/gcc',
    size: 11,
    rootHash: Buffer.from(await tlog.root(11)).toString('base64'),
  });
  const line = cosign(
    body,
    { name: witnessName('SAU'), publicKeyPem: keys.SAU.publicKeyPem, type: COSIGNATURE_ED25519 },
    keys.SAU.privateKeyPem,
    Math.floor(Date.now() / 1000),
  );
  expect(await node.alliance!.tlog.receive('SAU', `${body}\n${line}`)).toBe('matches');
  const check = async () => {
    const lines = [
      ...(await checkAllianceCopy(
        node.alliance!,
        node.store,
        readAllianceWitnessStates(witnessDir),
        'alliance',
      )),
      ...(await councilModule.verify!(node)),
    ];
    return lines.filter((l) => !l.ok).map((l) => l.message);
  };
  return { node, db: node.store.db.withTables<Tables>(), check };
}

/** Recomputes the running hash over the applied entries, as an attacker covering their tracks would. */
async function rechain(db: Db) {
  let previous = '';
  const rows = await db.selectFrom('alliance_log').selectAll().orderBy('stream_seq').execute();
  for (const r of rows) {
    if (r.status !== 'applied') continue;
    const hash = sha256Hex(previous + envelopeHash(JSON.parse(r.envelope) as AllianceEnvelope));
    await db
      .updateTable('alliance_log')
      .set({ log_hash: hash })
      .where('stream_seq', '=', r.stream_seq)
      .execute();
    previous = hash;
  }
}

describe('#12 tahaluf verify on a tampered copy of the alliance log', () => {
  const opened: TestNode[] = [];
  const fresh = async () => {
    const c = await copy();
    opened.push(c.node);
    return c;
  };
  afterAll(async () => {
    for (const n of opened) await n.close();
  });

  it('an intact copy passes, with its procedure replayed from the alliance log', async () => {
    const { check, node } = await fresh();
    expect(await check()).toEqual([]);
    const council = await councilModule.verify!(node);
    expect(council.map((l) => l.message).join('\n')).toMatch(
      /procedure proc_verifytestdec01 \(gcc, decision use_of_force\): 6 acts replayed from the alliance log, closed, outcome adopted/,
    );
  });

  it('a log truncated by one act', async () => {
    const { db, check } = await fresh();
    await db.deleteFrom('alliance_log').where('stream_seq', '=', 11).execute();
    const failures = await check();
    expect(failures.join('\n')).toMatch(
      /alliance log TRUNCATED: this copy holds 10 messages, but the checkpoint of size 11 .* message #11 is missing/,
    );
  });

  it('an altered act', async () => {
    const { db, check } = await fresh();
    const vote = await db
      .selectFrom('alliance_log')
      .selectAll()
      .where('stream_seq', '=', 5)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('alliance_log')
      .set({ envelope: vote.envelope.replace('"choice":"yes"', '"choice":"no"') })
      .where('stream_seq', '=', 5)
      .execute();
    const failures = (await check()).join('\n');
    expect(failures).toMatch(/#5 \(act_verify\d+\): signature of SAU does not verify \(altered\)/);
    expect(failures).toMatch(/alliance log REWRITTEN: its first 11 messages hash to root/);
  });

  it('a forked log (a vote replaced by another genuinely signed act, running hash recomputed)', async () => {
    const { db, check } = await fresh();
    const other = sign('SAU', 'council.vote', decision, { procedureId: decision, choice: 'no' });
    await db
      .updateTable('alliance_log')
      .set({ envelope: JSON.stringify(other), act_id: other.id })
      .where('stream_seq', '=', 5)
      .execute();
    await rechain(db);
    const failures = (await check()).join('\n');
    expect(failures).not.toMatch(/signature|running hash/);
    expect(failures).toMatch(
      /alliance log REWRITTEN: .* the checkpoint of size 11 \(witness state .*\) has root .*messages #1\.\.#11 were altered, removed or reordered/,
    );
  });

  it('the whole log re-signed with fresh keys written into the database', async () => {
    const { db, check } = await fresh();
    const fresh2 = Object.fromEntries(ACTORS.map((a) => [a, generateEd25519()]));
    for (const a of ACTORS)
      await db
        .updateTable('alliance_keys')
        .set({ public_key: fresh2[a].publicKeyPem, key_id: keyId(fresh2[a].publicKeyPem) })
        .where('actor', '=', a)
        .execute();
    for (const r of await db.selectFrom('alliance_log').selectAll().execute()) {
      const e = JSON.parse(r.envelope) as AllianceEnvelope;
      const k = fresh2[e.actor];
      const resigned = signEnvelope({ ...e, keyId: keyId(k.publicKeyPem) }, k.privateKeyPem);
      await db
        .updateTable('alliance_log')
        .set({ envelope: JSON.stringify(resigned), key_id: resigned.keyId })
        .where('stream_seq', '=', r.stream_seq)
        .execute();
    }
    await rechain(db);
    const failures = (await check()).join('\n');
    expect(failures).toMatch(/is in the database as pinned but not in the directory file/);
    expect(failures).toMatch(/alliance log REWRITTEN/);
  });

  it('rejected acts turned into applied ones: signed for another member, replayed, a non-member vote', async () => {
    const { db, check } = await fresh();
    await db
      .updateTable('alliance_log')
      .set({ status: 'applied', code: null, reason: null })
      .where('stream_seq', 'in', [8, 9, 10])
      .execute();
    await rechain(db);
    const failures = (await check()).join('\n');
    expect(failures).toMatch(
      /#8 \(act_verify\d+\): not signed by a key of SAU registered before it/,
    );
    expect(failures).toMatch(
      /procedure proc_verifytestdec01: act act_verify\d+ breaks the charter/,
    );
  });

  it('an edited projection', async () => {
    const { db, check } = await fresh();
    await db
      .updateTable('council_procedures')
      .set({ title: 'FORGED' })
      .where('id', '=', decision)
      .execute();
    expect((await check()).join('\n')).toMatch(
      /procedure proc_verifytestdec01: projection edited: title is 'FORGED' in council_procedures but 'Joint air patrols'/,
    );
  });
});
