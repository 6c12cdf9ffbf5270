import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../core/crypto.js';
import { badInput, conflict, TahalufError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';

import { type IdempotencyTables } from '../runtime/idempotency-store.js';

export type { IdempotencyTables };

/**
 * The IETF Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header) on every write: the first
 * request with a key runs and its answer is kept for a day; a retry with the same key, by the same token,
 * for the same method, URL and body gets that answer again (`Idempotent-Replayed: true`) and never runs
 * the route a second time, so never signs a second act. The same key with another request: 422; while the
 * first is still running: 409. 5xx answers are not kept (the retry runs).
 */

const KEPT_MS = 24 * 3600_000;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string } | null;
  }
}

export function registerIdempotency(
  app: FastifyInstance,
  db: Kysely<IdempotencyTables>,
  clock: Clock,
): void {
  app.decorateRequest('idempotency', null);
  app.addHook('preHandler', async (request, reply) => {
    if (!WRITE_METHODS.has(request.method)) return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = (Array.isArray(raw) ? raw[0] : raw).replace(/^"(.*)"$/, '$1');
    if (!KEY_PATTERN.test(key))
      throw badInput(
        'header/idempotency-key',
        'Idempotency-Key must be 1 to 255 visible characters',
      );
    const tokenId = request.principal?.tokenId;
    if (!tokenId) return; // public writes are refused by their routes anyway
    const fingerprint = sha256Hex(
      `${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`,
    );
    const now = clock.now();
    await db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', new Date(now.getTime() - KEPT_MS).toISOString())
      .execute();
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        principal: tokenId,
        key,
        fingerprint,
        state: 'running',
        status: null,
        content_type: null,
        body: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
      request.idempotency = { principal: tokenId, key };
      return;
    }
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('principal', '=', tokenId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row) throw conflict('idempotency_key_in_use', 'retry: the key was just released');
    if (row.fingerprint !== fingerprint)
      throw new TahalufError(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different request',
        'header/idempotency-key',
      );
    if (row.state !== 'done')
      throw conflict(
        'idempotency_key_in_use',
        'a request with this Idempotency-Key is still being processed: retry later',
        'header/idempotency-key',
      );
    return replay(reply, row);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const marked = request.idempotency;
    if (!marked) return payload;
    request.idempotency = null;
    const where = db
      .updateTable('idempotency_keys')
      .where('principal', '=', marked.principal)
      .where('key', '=', marked.key);
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      // Not kept: a failed request may be retried for real.
      await db
        .deleteFrom('idempotency_keys')
        .where('principal', '=', marked.principal)
        .where('key', '=', marked.key)
        .execute();
      return payload;
    }
    await where
      .set({
        state: 'done',
        status: reply.statusCode,
        content_type: String(reply.getHeader('content-type') ?? ''),
        body: typeof payload === 'string' ? payload : payload.toString('utf8'),
      })
      .execute();
    return payload;
  });
  // A request that fails before onSend (a thrown error is also sent through onSend, so this only
  // matters for aborted connections): release the key.
  app.addHook('onResponse', async (request) => {
    const marked = request.idempotency;
    if (!marked) return;
    await db
      .deleteFrom('idempotency_keys')
      .where('principal', '=', marked.principal)
      .where('key', '=', marked.key)
      .where('state', '=', 'running')
      .execute();
  });
}

function replay(
  reply: FastifyReply,
  row: { status: number | null; content_type: string | null; body: string | null },
): FastifyReply {
  void reply.header('idempotent-replayed', 'true');
  if (row.content_type) void reply.header('content-type', row.content_type);
  return reply.code(row.status ?? 200).send(row.body ?? '');
}
