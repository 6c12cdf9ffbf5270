import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { notFound } from '../core/errors.js';
import type { Store } from '../store/database.js';
import type { RecordLog } from './record-log.js';
import type { RecordTables } from './migrations.js';
import { CUSTODIES, depictedActor, ILLUSTRATIVE, type Act, type Custody } from './model.js';

/** Acts with the custody of the key that signed each (from `identities`) and whom an illustrative act depicts. */
async function withCustody(db: Kysely<RecordTables>, acts: Act[]) {
  const keyIds = [...new Set(acts.map((a) => a.keyId))];
  const rows = keyIds.length
    ? await db
        .selectFrom('identities')
        .select(['key_id', 'custody'])
        .where('key_id', 'in', keyIds)
        .execute()
    : [];
  const custody = new Map(rows.map((r) => [r.key_id, r.custody]));
  return acts.map((a) => {
    const c = custody.get(a.keyId) ?? null;
    return {
      ...a,
      custody: CUSTODIES.includes(c as Custody) ? (c as Custody) : null,
      depicts: a.actor === ILLUSTRATIVE ? depictedActor(a) : null,
    };
  });
}

const ActT = Type.Object({
  seq: Type.Integer(),
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  keyId: Type.String(),
  type: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Unknown(),
  prevHash: Type.String(),
  hash: Type.String(),
  signature: Type.String(),
  custody: Type.Union(
    [
      Type.Literal('member-node'),
      Type.Literal('secretariat-custody'),
      Type.Literal('illustrative'),
      Type.Null(),
    ],
    {
      description:
        "Who holds the key that signed the act: the actor's own node, the secretariat on the member's behalf (the embedded demo), or the illustrative identity (replays and demo data); null if not recorded",
    },
  ),
  depicts: Type.Union([Type.String(), Type.Null()], {
    description: 'For an act signed by the illustrative identity: the actor it depicts',
  }),
});
const ListQuery = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 100 })),
    typePrefix: Type.Optional(Type.String({ maxLength: 100 })),
    subject: Type.Optional(Type.String({ maxLength: 200 })),
    actor: Type.Optional(Type.String({ maxLength: 20 })),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

/**
 * The record is public to read: acts are signed facts of what members did. Acts whose very existence
 * is restricted (a module's `privateActPrefixes`, e.g. intelligence shares) are shown only to the
 * secretariat and to the member that acted; to anyone else they do not exist, and are not counted.
 */
export function recordRoutes(
  app: FastifyInstance,
  deps: { record: RecordLog; store: Store },
  privatePrefixes: string[] = [],
): void {
  const tags = ['record'];
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/record',
    {
      schema: {
        tags,
        summary: 'Acts of the record in order, filtered',
        querystring: ListQuery,
        response: { 200: Type.Object({ acts: Type.Array(ActT), total: Type.Integer() }) },
      },
    },
    async (req) => {
      const p = req.principal;
      const hide =
        p.role === 'secretariat' ? {} : { hidePrefixes: privatePrefixes, unlessActor: p.member };
      const q = { ...req.query, ...hide };
      return {
        acts: await withCustody(
          deps.store.db.withTables<RecordTables>(),
          await deps.record.list(q),
        ),
        total: await deps.record.countMatching({ ...q, afterSeq: undefined }),
      };
    },
  );
  app.get<{ Params: { id: string } }>(
    '/api/record/:id',
    {
      schema: {
        tags,
        summary: 'One act',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: ActT },
      },
    },
    async (req) => {
      const act = await deps.record.get(req.params.id);
      const p = req.principal;
      if (!act || actHiddenFrom(p, act, privatePrefixes)) throw notFound('act', req.params.id);
      return (await withCustody(deps.store.db.withTables<RecordTables>(), [act]))[0];
    },
  );
  app.get(
    '/api/identities',
    { schema: { tags, summary: 'Public keys of every actor, to verify signatures' } },
    async () =>
      deps.store.db
        .withTables<RecordTables>()
        .selectFrom('identities')
        .select([
          'key_id as keyId',
          'actor',
          'public_key as publicKey',
          'created_at as createdAt',
          'revoked_at as revokedAt',
          'custody',
        ])
        .orderBy('actor')
        .execute(),
  );
}

/**
 * The one rule for who may see a single act: an act of a restricted type (a module's
 * `privateActPrefixes`) only by its actor's users and the secretariat; every other act by anyone.
 */
export function actHiddenFrom(
  principal: { role: string; member: string | null },
  act: Act,
  privatePrefixes: readonly string[],
): boolean {
  return (
    principal.role !== 'secretariat' &&
    act.actor !== principal.member &&
    privatePrefixes.some((prefix) => act.type.startsWith(prefix))
  );
}
