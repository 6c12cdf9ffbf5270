import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type, type Static } from 'typebox';
import { Answer, Anything, Nullable } from '../core/answers.js';
import { badInput, notFound } from '../core/errors.js';
import { isOneOf } from '../core/objects.js';
import type { Store } from '../store/database.js';
import type { RecordLog } from './record-log.js';
import type { RecordTables } from './migrations.js';
import { CUSTODIES, depictedActor, ILLUSTRATIVE, type Act } from './model.js';
import { ownView, PUBLIC_VIEW, type RecordViews, type ViewAct } from './views.js';

/** Acts with the custody of the key that signed each (from `identities`) and whom an illustrative act depicts. */
async function withCustody<A extends Act | ViewAct>(db: Kysely<RecordTables>, acts: A[]) {
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
      custody: isOneOf(CUSTODIES, c) ? c : null,
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
  signature: Type.Union([Type.String(), Type.Null()], {
    description:
      'Full record: the Ed25519 signature over `hash`. A view: the signature over `contentHash` (null for an act older than views whose key the node did not hold)',
  }),
  view: Type.Optional(
    Type.String({
      description:
        "The view the act is served in (`public`, or `own:<actor>` for that actor's private acts): `seq`, `prevHash` and `hash` are then the view's own numbering and chain (#19.2); absent for the full record",
    }),
  ),
  contentHash: Type.Optional(Type.String()),
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
    // A view's numbering is a 32-bit integer column (PostgreSQL refuses a larger parameter with a 500:
    // found by the fuzz test); a larger value is a bad request, not a position.
    afterSeq: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
    view: Type.Optional(
      Type.Union([Type.Literal('public'), Type.Literal('own'), Type.Literal('full')], {
        description:
          "`public` (default, except for the secretariat): acts everyone may see, numbered and chained on their own; `own`: the caller's member's private acts, likewise; `full`: the whole record (secretariat only, its default)",
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    sort: Type.Optional(
      Type.Union([Type.Literal('seq'), Type.Literal('actor'), Type.Literal('type')], {
        description:
          'Order by position (`seq`, default: also the order in time), by actor or by type (then by position); the filters apply to the whole record before ordering and paging',
      }),
    ),
    order: Type.Optional(
      Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
        description: '`asc` (default) or `desc` (`desc` with `sort=seq`: newest first)',
      }),
    ),
    offset: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 2_147_483_647,
        description: 'Matching acts to skip in the chosen order (pages beyond the first)',
      }),
    ),
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
  deps: { record: RecordLog; store: Store; views: RecordViews },
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
      const db = deps.store.db.withTables<RecordTables>();
      const { view: asked, ...q } = req.query;
      const view = asked ?? (p.role === 'secretariat' ? 'full' : 'public');
      if (view === 'full') {
        // The full record numbers and chains private acts too: its positions are the secretariat's.
        if (p.role !== 'secretariat')
          throw badInput(
            'view',
            'the full record is shown to the secretariat only; ask for view=public or view=own',
          );
        return {
          acts: await withCustody(db, await deps.record.list(q)),
          total: await deps.record.countMatching({ ...q, afterSeq: undefined }),
        };
      }
      if (view === 'own' && !p.member)
        throw badInput('view', "view=own lists a member's private acts; sign in as a member");
      const name = view === 'own' ? ownView(p.member!) : PUBLIC_VIEW;
      return {
        acts: await withCustody(db, await deps.views.list(name, q)),
        total: await deps.views.count(name, q),
      };
    },
  );
  app.get<{ Params: { id: string } }>(
    '/api/record/:id',
    {
      schema: {
        tags,
        summary: 'One act (as its view serves it, or from the full record for the secretariat)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: ActT },
      },
    },
    async (req) => {
      const p = req.principal;
      const db = deps.store.db.withTables<RecordTables>();
      if (p.role === 'secretariat') {
        const act = await deps.record.get(req.params.id);
        if (!act) throw notFound('act', req.params.id);
        return (await withCustody(db, [act]))[0];
      }
      const act = await deps.views.get(req.params.id);
      if (!act || actHiddenFrom(p, act, privatePrefixes)) throw notFound('act', req.params.id);
      return (await withCustody(db, [act]))[0];
    },
  );
  app.get(
    '/api/identities',
    {
      schema: {
        tags,
        summary: 'Public keys of every actor, to verify signatures',
        response: {
          200: Type.Array(
            Answer({
              keyId: Type.String(),
              actor: Type.String(),
              publicKey: Type.String(),
              createdAt: Type.String(),
              revokedAt: Nullable(Type.String()),
              custody: Anything(),
            }),
          ),
        },
      },
    },
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
  act: { actor: string; type: string },
  privatePrefixes: readonly string[],
): boolean {
  return (
    principal.role !== 'secretariat' &&
    act.actor !== principal.member &&
    privatePrefixes.some((prefix) => act.type.startsWith(prefix))
  );
}
