import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { verifyNode, type VerifyLine } from '../app/verify-node.js';
import type { Node } from '../app/node.js';
import { TahalufError } from '../core/errors.js';
import { requireAuthenticated } from '../runtime/auth.js';

const Line = Type.Object({
  ok: Type.Boolean(),
  warn: Type.Optional(Type.Boolean()),
  area: Type.String({
    description:
      '`record` (the hash chain), `custody`, `transparency` (the Merkle log and its checkpoints), `alliance` (the alliance log), or a module',
  }),
  message: Type.String(),
  evidence: Type.Optional(Type.Array(Type.String())),
});
const Report = Type.Object({
  ok: Type.Boolean(),
  acts: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  ms: Type.Integer({ description: 'how long the verification took' }),
  lines: Type.Array(Line),
});

/** Areas whose report a member user sees in full; module replays are reported by result only. */
const CHAINS = new Set(['record', 'custody', 'transparency', 'alliance']);

/**
 * POST /api/record/verify: what `tahaluf verify` does, on the running node (#13.8): the record's hash
 * chain and signatures (against the keys pinned outside the database), the transparency log against
 * the checkpoints this node's witness holds, the alliance log when federated, each module's replay.
 * Signed-in users only; one verification at a time per node.
 */
export function verifyRoutes(app: FastifyInstance, node: Node): void {
  let running: Promise<unknown> | null = null;
  app.post(
    '/api/record/verify',
    {
      schema: {
        tags: ['record'],
        summary:
          'Verify the record, the transparency log and the alliance log now (as tahaluf verify)',
        response: { 200: Report },
      },
    },
    async (req) => {
      requireAuthenticated(req.principal);
      if (running)
        throw new TahalufError(
          409,
          'verification_running',
          'a verification is already running on this node; try again when it ends',
        ).withDetail({});
      const started = Date.now();
      // The running node is verified in place: verifyNode's close() must not close it.
      const open = () =>
        Promise.resolve(
          new Proxy(node, {
            get: (target, key): unknown =>
              key === 'close' ? () => Promise.resolve() : Reflect.get(target, key),
          }),
        );
      const job = verifyNode(open, { dataDir: node.config.dataDir });
      running = job;
      try {
        const report = await job;
        const secretariat = req.principal.role === 'secretariat';
        const lines: VerifyLine[] = report.lines.map((l) =>
          secretariat || CHAINS.has(l.area)
            ? l
            : {
                ok: l.ok,
                area: l.area,
                message: l.ok
                  ? 'replay matches the record'
                  : 'replay does NOT match the record (the secretariat sees the details)',
              },
        );
        return {
          ok: report.ok,
          acts: report.acts,
          at: new Date().toISOString(),
          ms: Date.now() - started,
          lines,
        };
      } finally {
        running = null;
      }
    },
  );
}
