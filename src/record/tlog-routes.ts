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
import { ownView, PUBLIC_VIEW, type RecordViews } from './views.js';
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
const LogViewT = Type.Union([Type.Literal('public'), Type.Literal('own'), Type.Literal('full')]);
const ViewParam = Type.Optional(
  Type.Union([Type.Literal('public'), Type.Literal('own'), Type.Literal('full')], {
    description:
      "`public` (default, except for the secretariat): the log of the record's public view, whose sizes and positions count public acts only (#19.2); `own`: the log of the caller's member's own view (its private acts only, numbered on their own: a member user only); `full`: the log of the whole record, private acts included (secretariat only, its default)",
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
  view: LogViewT,
  origin: Type.String({
    description:
      'The origin of the log whose tree the proof is in: check it against a checkpoint of that origin (`…/public`, `…/own/<member>`, or the full record’s)',
  }),
  seq: Type.Integer({
    description:
      "The act's number in the log's view (its public or own view number, or its record seq)",
  }),
  leafIndex: Type.Integer(),
  treeSize: Type.Integer(),
  leafHash: Type.String({
    description:
      'base64 of SHA-256(0x00 || leaf data): the canonical act (full), or the canonical JSON of the view entry’s view, seq, id, contentHash, prevHash, hash and signature as /api/record serves it (public, own)',
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
    ownTransparency(actor: string): TransparencyLog;
    ownCheckpoint(actor: string): Promise<StoredCheckpoint>;
  },
): void {
  const tags = ['record'];
  // The request's principal (its role and member only: record sits below runtime, which defines the type).
  const logFor = (
    p: { role: string; member: string | null },
    asked: 'public' | 'own' | 'full' | undefined,
  ) => {
    const view = asked ?? (p.role === 'secretariat' ? 'full' : 'public');
    if (view === 'full') {
      if (p.role !== 'secretariat')
        throw badInput(
          'view',
          'the log of the full record is shown to the secretariat only; ask for view=public or view=own',
        );
      return { view, log: deps.transparency, checkpoint: () => deps.checkpoint() } as const;
    }
    if (view === 'own') {
      const member = p.member;
      if (!member)
        throw badInput(
          'view',
          "view=own is the log of a member's private acts; sign in as a member's user",
        );
      return {
        view,
        entries: ownView(member),
        log: deps.ownTransparency(member),
        checkpoint: () => deps.ownCheckpoint(member),
      } as const;
    }
    return {
      view,
      entries: PUBLIC_VIEW,
      log: deps.publicTransparency,
      checkpoint: () => deps.publicCheckpoint(),
    } as const;
  };
  app.get<{ Querystring: Static<typeof CheckpointQuery> }>(
    '/api/record/checkpoint',
    {
      schema: {
        tags,
        summary:
          'The latest checkpoint of the record’s public view, of the caller member’s own view (view=own), or of the full record for the secretariat (signed anew if it grew), with its cosignatures and any inconsistency this node’s witness has seen',
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
          'Inclusion proof (RFC 9162 audit path) of an act in the tree of treeSize leaves of the log asked (public view by default, full record for the secretariat; view=own: a member’s own private act in its own view’s log). An act outside the log asked, another member’s private act included, is a 404 exactly as a missing act',
        querystring: InclusionQuery,
        response: { 200: InclusionT },
      },
    },
    async (req) => {
      const asked = logFor(req.principal, req.query.view);
      const { view, log, checkpoint } = asked;
      // The full log numbers every act (secretariat); a view's log only that view's entries: a private
      // act is in no public tree, and in no own tree but its actor's. An act outside the log asked (another
      // member's private act included) is answered exactly as a missing one.
      const act =
        asked.view === 'full'
          ? await deps.record.get(req.query.actId)
          : await deps.views
              .get(req.query.actId)
              .then((e) => (e?.view === asked.entries ? e : undefined));
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
        origin: log.origin,
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
          'Consistency proof (RFC 9162) between the trees of `from` and `to` leaves of the log asked (public view by default, the caller member’s own view with view=own, full record for the secretariat)',
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
