import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { badInput, notFound } from '../core/errors.js';
import { fromBase64, verifyInclusion } from '../core/merkle.js';
import {
  checkNoteSignature,
  parseCheckpointText,
  parseNote,
  verifyCosignatureBytes,
} from '../core/signed-note.js';
import type { RecordLog } from './record-log.js';
import type { StoredCheckpoint, TransparencyLog } from './transparency-log.js';
import { PUBLIC_VIEW, type RecordViews } from './views.js';
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
const ViewParam = Type.Optional(
  Type.Union([Type.Literal('public'), Type.Literal('full')], {
    description:
      "`public` (default, except for the secretariat): the log of the record's public view, whose sizes and positions count public acts only (#19.2); `full`: the log of the whole record, private acts included (secretariat only, its default)",
  }),
);
const CheckpointQuery = Type.Object({ view: ViewParam }, { additionalProperties: false });
const InclusionQuery = Type.Object(
  {
    view: ViewParam,
    actId: Type.String({ maxLength: 64 }),
    treeSize: Type.Optional(
      Type.Integer({ minimum: 1, description: 'default: the latest checkpoint' }),
    ),
  },
  { additionalProperties: false },
);
const InclusionT = Type.Object({
  actId: Type.String(),
  view: Type.Union([Type.Literal('public'), Type.Literal('full')]),
  seq: Type.Integer({
    description: "The act's number in the log's view (its public view number, or its record seq)",
  }),
  leafIndex: Type.Integer(),
  treeSize: Type.Integer(),
  leafHash: Type.String({
    description:
      'base64 of SHA-256(0x00 || leaf data): the canonical act (full), or the canonical JSON of the public entry’s view, seq, id, contentHash, prevHash, hash and signature (public)',
  }),
  proof: Type.Array(Type.String(), { description: 'RFC 9162 audit path, base64 hashes' }),
  rootHash: Type.String({ description: 'base64 root of the tree of treeSize acts' }),
});
const ConsistencyQuery = Type.Object(
  { view: ViewParam, from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
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
 * The transparency log's API (RFC 9162 proofs, C2SP checkpoints). Everyone but the secretariat is
 * served the log of the record's public view (#19.2): its tree holds the public entries only, so a
 * checkpoint's size, a proof's positions and its hashes reveal nothing of private acts; the log of the
 * full record (`view=full`) is the secretariat's, as the full record is.
 */
export function transparencyRoutes(
  app: FastifyInstance,
  deps: {
    record: RecordLog;
    views: RecordViews;
    transparency: TransparencyLog;
    publicTransparency: TransparencyLog;
    witness: Witness;
    checkpoint(): Promise<StoredCheckpoint>;
    publicCheckpoint(): Promise<StoredCheckpoint>;
  },
): void {
  const tags = ['record'];
  // The request's principal (its role only: record sits below runtime, which defines the type).
  const logFor = (p: { role: string }, asked: 'public' | 'full' | undefined) => {
    const view = asked ?? (p.role === 'secretariat' ? 'full' : 'public');
    if (view === 'full' && p.role !== 'secretariat')
      throw badInput(
        'view',
        'the log of the full record is shown to the secretariat only; ask for view=public',
      );
    return view === 'full'
      ? { view, log: deps.transparency, checkpoint: () => deps.checkpoint() }
      : { view, log: deps.publicTransparency, checkpoint: () => deps.publicCheckpoint() };
  };
  app.get<{ Querystring: Static<typeof CheckpointQuery> }>(
    '/api/record/checkpoint',
    {
      schema: {
        tags,
        summary:
          'The latest checkpoint of the record’s public view, or of the full record for the secretariat (signed anew if it grew), with its cosignatures and any inconsistency this node’s witness has seen',
        querystring: CheckpointQuery,
        response: { 200: CheckpointT },
      },
    },
    async (req) => {
      const { log, checkpoint } = logFor(req.principal, req.query.view);
      let cp: StoredCheckpoint;
      try {
        cp = await checkpoint();
      } catch (err) {
        // The witness refused to cosign a new checkpoint (it contradicts one it holds): serve the last
        // good one, with the witness's evidence, so the contradiction is seen rather than hidden.
        const last = await log.latest();
        if (!last) throw err;
        cp = last;
      }
      return describeCheckpoint(cp, log, deps.witness);
    },
  );
  app.get<{ Querystring: Static<typeof InclusionQuery> }>(
    '/api/record/proof/inclusion',
    {
      schema: {
        tags,
        summary:
          'Inclusion proof (RFC 9162 audit path) of an act in the tree of treeSize leaves of the log asked (public view by default, full record for the secretariat)',
        querystring: InclusionQuery,
        response: { 200: InclusionT },
      },
    },
    async (req) => {
      const { view, log, checkpoint } = logFor(req.principal, req.query.view);
      // The full log numbers every act (secretariat); the public log only the public view's entries:
      // a private act is in no tree the public receives, for its own actor too.
      const entry = view === 'full' ? undefined : await deps.views.get(req.query.actId);
      const act =
        view === 'full'
          ? await deps.record.get(req.query.actId)
          : entry?.view === PUBLIC_VIEW
            ? entry
            : undefined;
      if (!act) throw notFound('act', req.query.actId);
      const treeSize = req.query.treeSize ?? (await checkpoint()).size;
      const { leafHash, proof } = await log.inclusion(act.seq, treeSize);
      const root = await log.root(treeSize);
      if (
        !verifyInclusion(act.seq - 1, treeSize, fromBase64(leafHash), proof.map(fromBase64), root)
      )
        throw new Error(`the stored tree does not prove act #${act.seq}: run tahaluf verify`);
      return {
        actId: act.id,
        view,
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
        summary:
          'Consistency proof (RFC 9162) between the trees of `from` and `to` leaves of the log asked (public view by default, full record for the secretariat)',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyT },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      const { log } = logFor(req.principal, req.query.view);
      const proof = await log.consistency(from, to);
      const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
      return {
        from,
        to,
        fromRoot: b64(await log.root(from)),
        toRoot: b64(await log.root(to)),
        proof,
      };
    },
  );
}
