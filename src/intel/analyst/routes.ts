import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireMember } from '../../runtime/auth.js';
import type { Deps } from '../../runtime/deps.js';
import { correlate, KINDS } from './correlation.js';

/** The analyst's JSON API: correlation (and search by value) within the reader's visibility. */
export function analystRoutes(server: FastifyInstance, deps: Deps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/intel/correlate',
    {
      schema: {
        tags: ['intel'],
        summary:
          'Objects related to an object (by id) or to a value that the caller may see: the same observable values, shared indicator pattern values, relationship neighbours',
        querystring: Type.Object({
          id: Type.Optional(Type.String({ minLength: 1 })),
          value: Type.Optional(Type.String({ minLength: 1 })),
          kind: Type.Optional(Type.Union(KINDS.map((k) => Type.Literal(k)))),
          include: Type.Optional(Type.Literal('inactive')),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
      },
    },
    async (req) => {
      requireMember(req.principal);
      const q = req.query;
      return correlate(
        deps,
        req.principal,
        { id: q.id, value: q.value, kind: q.kind },
        { includeInactive: q.include === 'inactive', limit: q.limit },
      );
    },
  );
}
