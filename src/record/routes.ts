import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { notFound } from '../core/errors.js';
import type { Deps } from '../runtime/deps.js';

const ActT = Type.Object({
  seq: Type.Integer(), id: Type.String(), at: Type.String(), actor: Type.String(), keyId: Type.String(), type: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]), payload: Type.Unknown(), prevHash: Type.String(), hash: Type.String(), signature: Type.String(),
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
 * The record is public to read on a secretariat node: acts are signed facts of what members did.
 * (Intelligence contents never enter it in the clear: modules record references and hashes.)
 */
export function recordRoutes(app: FastifyInstance, deps: Deps): void {
  const tags = ['record'];
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/record',
    { schema: { tags, summary: 'Acts of the record in order, filtered', querystring: ListQuery, response: { 200: Type.Object({ acts: Type.Array(ActT), total: Type.Integer() }) } } },
    async (req) => ({ acts: await deps.record.list(req.query), total: await deps.record.count() }),
  );
  app.get<{ Params: { id: string } }>(
    '/api/record/:id',
    { schema: { tags, summary: 'One act', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: ActT } } },
    async (req) => {
      const act = await deps.record.get(req.params.id);
      if (!act) throw notFound('act', req.params.id);
      return act;
    },
  );
  app.get('/api/identities', { schema: { tags, summary: 'Public keys of every actor, to verify signatures' } }, async () =>
    deps.store.db.selectFrom('identities').select(['key_id as keyId', 'actor', 'public_key as publicKey', 'created_at as createdAt', 'revoked_at as revokedAt']).orderBy('actor').execute(),
  );
}
