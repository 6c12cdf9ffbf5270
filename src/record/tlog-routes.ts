import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { notFound } from '../core/errors.js';
import { fromBase64, verifyInclusion } from '../core/merkle.js';
import {
  checkNoteSignature,
  parseCheckpointText,
  parseNote,
  verifyCosignatureBytes,
} from '../core/signed-note.js';
import type { RecordLog } from './record-log.js';
import { actHiddenFrom } from './routes.js';
import type { StoredCheckpoint, TransparencyLog } from './transparency-log.js';
import type { Witness } from './witness.js';

const KeyT = Type.Object({
  name: Type.String(),
  keyId: Type.String({ description: '4-byte key ID, hex' }),
  publicKey: Type.String({ description: 'Ed25519 public key, PEM' }),
});
const CheckpointT = Type.Object({
  note: Type.String({
    description:
      'The checkpoint as a C2SP signed note (tlog-checkpoint): origin, tree size, base64 root hash, then the log signature and cosignatures',
  }),
  origin: Type.String(),
  size: Type.Integer(),
  rootHash: Type.String({ description: 'base64' }),
  createdAt: Type.String(),
  log: KeyT,
  cosignatures: Type.Array(
    Type.Object({
      name: Type.String(),
      keyId: Type.String(),
      time: Type.String({ description: 'cosignature time (ISO 8601, from its POSIX timestamp)' }),
    }),
  ),
  witness: Type.Object({
    ...KeyT.properties,
    inconsistencies: Type.Array(
      Type.Object({
        at: Type.String(),
        reason: Type.String(),
        held: Type.String({ description: 'the checkpoint the witness had cosigned' }),
        offered: Type.String({ description: 'the contradicting checkpoint it refused' }),
      }),
    ),
  }),
});
const InclusionQuery = Type.Object(
  {
    actId: Type.String({ maxLength: 64 }),
    treeSize: Type.Optional(
      Type.Integer({ minimum: 1, description: 'default: the latest checkpoint' }),
    ),
  },
  { additionalProperties: false },
);
const InclusionT = Type.Object({
  actId: Type.String(),
  seq: Type.Integer(),
  leafIndex: Type.Integer(),
  treeSize: Type.Integer(),
  leafHash: Type.String({ description: 'base64 of SHA-256(0x00 || canonical act)' }),
  proof: Type.Array(Type.String(), { description: 'RFC 9162 audit path, base64 hashes' }),
  rootHash: Type.String({ description: 'base64 root of the tree of treeSize acts' }),
});
const ConsistencyQuery = Type.Object(
  { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
const ConsistencyT = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  fromRoot: Type.String(),
  toRoot: Type.String(),
  proof: Type.Array(Type.String(), { description: 'RFC 9162 consistency proof, base64 hashes' }),
});

/** The checkpoint's fields, its log key and the cosignatures that verify with known witness keys. */
export async function describeCheckpoint(
  cp: StoredCheckpoint,
  tlog: TransparencyLog,
  witness: Witness,
): Promise<Static<typeof CheckpointT>> {
  const note = parseNote(cp.note);
  const fields = parseCheckpointText(note.text);
  const logKey = await tlog.logKey();
  const witnesses = [witness.key];
  const cosignatures = note.signatures.flatMap((sig) => {
    const key = witnesses.find((w) => w.name === sig.name && w.keyId === sig.keyId);
    const time = key ? verifyCosignatureBytes(note.text, key, sig.signature) : null;
    return time === null
      ? []
      : [{ name: sig.name, keyId: sig.keyId, time: new Date(time * 1000).toISOString() }];
  });
  if (checkNoteSignature(note, logKey) !== true)
    throw new Error(`stored checkpoint of size ${cp.size} is not signed by this log's key`);
  return {
    note: cp.note,
    origin: fields.origin,
    size: fields.size,
    rootHash: fields.rootHash,
    createdAt: cp.createdAt,
    log: { name: logKey.name, keyId: logKey.keyId, publicKey: logKey.publicKeyPem },
    cosignatures,
    witness: {
      name: witness.key.name,
      keyId: witness.key.keyId,
      publicKey: witness.key.publicKeyPem,
      inconsistencies: witness.state(tlog.origin)?.inconsistencies ?? [],
    },
  };
}

/**
 * The transparency log's API (RFC 9162 proofs over the record, C2SP checkpoints). Public to read, as
 * the record is, except that an act whose existence is restricted gets no inclusion proof for others.
 */
export function transparencyRoutes(
  app: FastifyInstance,
  deps: {
    record: RecordLog;
    transparency: TransparencyLog;
    witness: Witness;
    checkpoint(): Promise<StoredCheckpoint>;
  },
  privatePrefixes: string[] = [],
): void {
  const tags = ['record'];
  app.get(
    '/api/record/checkpoint',
    {
      schema: {
        tags,
        summary:
          'The latest checkpoint of the record (signed anew if the record grew), with its cosignatures and any inconsistency this node’s witness has seen',
        response: { 200: CheckpointT },
      },
    },
    async () => {
      let cp: StoredCheckpoint;
      try {
        cp = await deps.checkpoint();
      } catch (err) {
        // The witness refused to cosign a new checkpoint (it contradicts one it holds): serve the last
        // good one, with the witness's evidence, so the contradiction is seen rather than hidden.
        const last = await deps.transparency.latest();
        if (!last) throw err;
        cp = last;
      }
      return describeCheckpoint(cp, deps.transparency, deps.witness);
    },
  );
  app.get<{ Querystring: Static<typeof InclusionQuery> }>(
    '/api/record/proof/inclusion',
    {
      schema: {
        tags,
        summary: 'Inclusion proof (RFC 9162 audit path) of an act in the tree of treeSize acts',
        querystring: InclusionQuery,
        response: { 200: InclusionT },
      },
    },
    async (req) => {
      const act = await deps.record.get(req.query.actId);
      const p = req.principal;
      if (!act || actHiddenFrom(p, act, privatePrefixes)) throw notFound('act', req.query.actId);
      const treeSize = req.query.treeSize ?? (await deps.checkpoint()).size;
      const { leafHash, proof } = await deps.transparency.inclusion(act.seq, treeSize);
      const root = await deps.transparency.root(treeSize);
      if (
        !verifyInclusion(act.seq - 1, treeSize, fromBase64(leafHash), proof.map(fromBase64), root)
      )
        throw new Error(`the stored tree does not prove act #${act.seq}: run tahaluf verify`);
      return {
        actId: act.id,
        seq: act.seq,
        leafIndex: act.seq - 1,
        treeSize,
        leafHash,
        proof,
        rootHash: Buffer.from(root).toString('base64'),
      };
    },
  );
  app.get<{ Querystring: Static<typeof ConsistencyQuery> }>(
    '/api/record/proof/consistency',
    {
      schema: {
        tags,
        summary: 'Consistency proof (RFC 9162) between the trees of `from` and `to` acts',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyT },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      const proof = await deps.transparency.consistency(from, to);
      const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
      return {
        from,
        to,
        fromRoot: b64(await deps.transparency.root(from)),
        toRoot: b64(await deps.transparency.root(to)),
        proof,
      };
    },
  );
}
