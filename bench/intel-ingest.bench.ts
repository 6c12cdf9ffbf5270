// Signed ingest (#19.3): objects arriving signed by another member's node (as over TAXII POST or a federation
// pull/push: a relaying member posts objects whose label names another originator, with that originator's
// detached signatures beside them) are verified and stored; the same ingest without signatures (stored as
// not verified) is measured in the same run, envelopes of the two kinds interleaved on the same store.
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { generateEd25519, keyId, signEd25519 } from '../src/core/crypto.js';
import { insertKey, type FederationTables } from '../src/federation/repository.js';
import type { IntelTables } from '../src/intel/migrations.js';
import {
  checkSignature,
  objectLeaf,
  provenByTree,
  signObjects,
  type ObjectSignature,
} from '../src/intel/signatures.js';
import {
  benchCollection,
  benchIndicator,
  cpuMs,
  fmt,
  memberPrincipal,
  nowMs,
  openIntelBenchNode,
  percentile,
  table,
} from './support.js';

/** Objects per mode (signed and unsigned each); INTEL_INGEST_OBJECTS scales it. */
const N = Number(process.env.INTEL_INGEST_OBJECTS ?? 100_000);
/** Objects per envelope (TAXII POST body or federation page). */
const ENVELOPE = Number(process.env.INTEL_INGEST_ENVELOPE ?? 1000);
const ORIGINATOR = 'QAT';
const RELAY = 'SAU';

export default async function run(): Promise<string> {
  const bench = await openIntelBenchNode('intel-ingest-bench-');
  const { node, hub } = bench;
  const load0 = loadavg();
  try {
    const coll = benchCollection(node, 'arab-league');
    // The originator's key lives on its own node; the receiver knows its public half from the alliance
    // key directory (alliance_keys), as signatures.test.ts sets up three national nodes.
    const originatorKey = generateEd25519();
    const kid = keyId(originatorKey.publicKeyPem);
    await insertKey(node.store.db.withTables<FederationTables>(), {
      key_id: kid,
      actor: ORIGINATOR,
      public_key: originatorKey.publicKeyPem,
      source: 'directory',
      stream_seq: null,
      registered_at: '2026-03-01T00:00:00.000Z',
    });
    const relay = memberPrincipal(RELAY, 'SECRET', `node-${RELAY}`);
    let serial = 0;
    const envelope = () =>
      Array.from({ length: ENVELOPE }, () =>
        benchIndicator(serial++, {
          classification: 'RESTRICTED',
          releasableTo: ['arab-league'],
          originator: ORIGINATOR,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
      );
    const envelopes = Math.ceil(N / ENVELOPE);
    // The originator's side (not timed in the ingest figures): one Merkle tree and one Ed25519 signature per envelope.
    let signMs = 0;
    const signedEnvelopes: { objects: Record<string, unknown>[]; sigs: ObjectSignature[] }[] = [];
    const plainEnvelopes: Record<string, unknown>[][] = [];
    for (let b = 0; b < envelopes; b++) {
      const objects = envelope();
      const s = nowMs();
      const sigs = signObjects(objects, ORIGINATOR, kid, (m) =>
        signEd25519(originatorKey.privateKeyPem, m),
      );
      signMs += nowMs() - s;
      signedEnvelopes.push({ objects, sigs });
      plainEnvelopes.push(envelope());
    }
    // The receiver's verification alone, for the breakdown: each proof checked on its own (the path before
    // whole trees were proven together) against the envelope's tree rebuilt once (provenByTree), one
    // Ed25519 per envelope either way.
    const sample = signedEnvelopes.slice(0, Math.min(20, envelopes));
    const keyOf = () => ({ actor: ORIGINATOR, publicKey: originatorKey.publicKeyPem });
    const verifyAlone = (byTree: boolean) => {
      const c0 = process.cpuUsage();
      for (const { objects, sigs } of sample) {
        const cache = new Set<string>();
        const leaves = objects.map(objectLeaf);
        // As ingest does: whole trees proven by their leaves rebuilding the signed root (the leaves are kept).
        const proven = byTree
          ? provenByTree(
              sigs.map((sig, i) => ({ sig, leaf: leaves[i] })),
              new Map(),
            )
          : new Set<number>();
        for (const [i, o] of objects.entries())
          if (checkSignature(o, sigs[i], ORIGINATOR, keyOf, cache, leaves[i], proven.has(i)))
            throw new Error('bench signature does not verify');
      }
      return (sample.length * ENVELOPE) / (cpuMs(process.cpuUsage(c0)) / 1000);
    };
    verifyAlone(true); // warm
    const verifyEachRate = verifyAlone(false);
    const verifyTreeRate = verifyAlone(true);
    const signedMs: number[] = [];
    const plainMs: number[] = [];
    let signedCpu = 0;
    let plainCpu = 0;
    const timeOne = async (signed: boolean, b: number) => {
      // Signatures required for the signed envelopes (an unsigned or unknown-key object would be refused);
      // not for the unsigned ones, which are stored as not verified.
      hub.requireSignatures = signed;
      const s = nowMs();
      const c0 = process.cpuUsage();
      const st = signed
        ? await hub.ingest(
            coll,
            signedEnvelopes[b].objects,
            relay,
            'taxii',
            signedEnvelopes[b].sigs,
          )
        : await hub.ingest(coll, plainEnvelopes[b], relay, 'taxii');
      const ms = nowMs() - s;
      const cpu = cpuMs(process.cpuUsage(c0));
      if (st.failure_count || st.success_count !== ENVELOPE)
        throw new Error(`ingest refused: ${st.failures[0]?.message ?? st.success_count}`);
      if (signed) {
        signedMs.push(ms);
        signedCpu += cpu;
      } else {
        plainMs.push(ms);
        plainCpu += cpu;
      }
    };
    const t0 = nowMs();
    for (let b = 0; b < envelopes; b++) {
      // Alternate which kind goes first so drift (WAL checkpoints, GC, the other tenants) falls on both alike.
      if (b % 2) {
        await timeOne(true, b);
        await timeOne(false, b);
      } else {
        await timeOne(false, b);
        await timeOne(true, b);
      }
      if (b % 20 === 19)
        process.stderr.write(
          `intel-ingest: ${((b + 1) * ENVELOPE * 2).toLocaleString('en')} / ${(envelopes * ENVELOPE * 2).toLocaleString('en')} objects\n`,
        );
    }
    hub.requireSignatures = false;
    const totalS = (nowMs() - t0) / 1000;
    // What was stored says which path each object took.
    const provenance = await node.store.db
      .withTables<IntelTables>()
      .selectFrom('intel_objects')
      .select(['provenance'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('provenance')
      .execute();
    const byProvenance = new Map(provenance.map((r) => [r.provenance ?? 'none', Number(r.n)]));
    // What the signatures take in storage (migration 1610): each signed row's tree reference, index and
    // path (null for whole trees), and the tree rows (head and leaves) they share.
    const tdb = node.store.db.withTables<IntelTables>();
    const rowSig = await tdb
      .selectFrom('intel_objects')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        sql<number>`SUM(LENGTH(sig_tree) + 8 + COALESCE(LENGTH(sig_path), 0))`.as('bytes'),
      ])
      .where('sig_tree', 'is not', null)
      .executeTakeFirstOrThrow();
    const treeSig = await tdb
      .selectFrom('intel_sig_trees')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        sql<number>`SUM(LENGTH(tree_id) + LENGTH(alg) + LENGTH(signer) + LENGTH(key_id) + LENGTH(root) + 8 + LENGTH(signature) + COALESCE(LENGTH(leaves), 0))`.as(
          'bytes',
        ),
      ])
      .executeTakeFirstOrThrow();
    const sigBytesPerObject =
      (Number(rowSig.bytes) + Number(treeSig.bytes)) / Math.max(1, Number(rowSig.n));
    const objects = envelopes * ENVELOPE;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const signedRate = objects / (sum(signedMs) / 1000);
    const plainRate = objects / (sum(plainMs) / 1000);
    const load1 = loadavg();
    return [
      '## Intelligence: ingest with signatures verified (#19.3)',
      '',
      `Receiver: one node, SQLite file store (WAL, synchronous=FULL), Arab League collection. ${fmt(objects, 0)} indicators signed by ${ORIGINATOR}'s node (a key the receiver knows only from the alliance key directory) relayed by ${RELAY} (\`IntelHub.ingest\` with the carried signatures, as TAXII POST and federation pull/push call it, \`requireSignatures\` on), interleaved envelope by envelope with ${fmt(objects, 0)} other indicators of the same shape relayed unsigned (stored as not verified): ${envelopes} envelopes of ${ENVELOPE} of each kind, the order alternating, timed around \`ingest\` only (generation and the originator's signing excluded). Every object of a signed envelope carries its inclusion proof and the envelope's one signature, so the receiver checks ${ENVELOPE} Merkle paths and one Ed25519 signature per envelope.`,
      '',
      table(
        ['ingest', 'objects/s wall', 'objects/s CPU', 'envelope p50 / p95 ms', 'target'],
        [
          [
            'signed by another member, verified',
            fmt(signedRate, 0),
            fmt(objects / (signedCpu / 1000), 0),
            `${fmt(percentile(signedMs, 50), 1)} / ${fmt(percentile(signedMs, 95), 1)}`,
            '≥ 10,000',
          ],
          [
            'unsigned (no verification; stored as not verified)',
            fmt(plainRate, 0),
            fmt(objects / (plainCpu / 1000), 0),
            `${fmt(percentile(plainMs, 50), 1)} / ${fmt(percentile(plainMs, 95), 1)}`,
            '(same run)',
          ],
        ],
      ),
      '',
      `Ratio signed / unsigned: **${fmt(signedRate / plainRate, 2)}** (wall), ${fmt(plainCpu / signedCpu, 2)} (CPU). Stored by provenance: ${[
        ...byProvenance,
      ]
        .map(([k, v]) => `${k} ${fmt(v, 0)}`)
        .join(', ')}.`,
      '',
      `Breakdown (CPU time of this process): the receiver's verification alone over ${sample.length} envelopes (leaf hash of each object's canonical JSON, inclusion, one Ed25519 per envelope) runs at ${fmt(verifyTreeRate, 0)} objects/s with each envelope's tree rebuilt once from the carried objects' leaves and its root compared with the signed one (\`provenByTree\` keeping the leaves, what ingest does: the proofs are rebuilt from them when served), against ${fmt(verifyEachRate, 0)} objects/s checking each inclusion proof on its own (the path before); the originator's signing (canonical JSON, tree, proofs, one signature) took ${fmt(signMs / objects, 3)} ms per object wall (not part of the receiver's figures). Stored signatures (migration 1610: the envelope's signature, signer, key and root once per tree in \`intel_sig_trees\` with its ${ENVELOPE} leaf hashes, each row only its tree id and leaf index; the proof is rebuilt from the tree row when served): ${fmt(Number(treeSig.n), 0)} tree rows for ${fmt(Number(rowSig.n), 0)} signed objects, ${fmt(sigBytesPerObject, 0)} bytes per signed object (the per-row signature column it replaces held ~600).`,
      '',
      `Machine load average (1/5/15 min): ${load0.map((x) => x.toFixed(1)).join(' / ')} at start, ${load1.map((x) => x.toFixed(1)).join(' / ')} at end, on 2 cores (the load average says what else ran); ${fmt(totalS, 1)} s for the interleaved ingest. Re-run: \`npm run bench -- intel-ingest\` (INTEL_INGEST_OBJECTS=${N} objects per kind by default; INTEL_INGEST_ENVELOPE=${ENVELOPE}).`,
    ].join('\n');
  } finally {
    await bench.close();
  }
}
