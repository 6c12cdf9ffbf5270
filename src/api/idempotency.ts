import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../core/crypto.js';
import { badInput, conflict, TahalufError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';

import { withInTransaction, type InTransaction } from '../record/transaction-hook.js';
import { type IdempotencyTables } from '../runtime/idempotency-store.js';

export type { IdempotencyTables };

/**
 * The IETF Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header) on every write: the first
 * request with a key runs and its answer is kept for a day; a retry with the same key, by the same token,
 * for the same method, URL and body gets that answer again (`Idempotent-Replayed: true`) and never runs
 * the route a second time, so never signs a second act. The same key with another request: 422; while the
 * first is still running: 409. 5xx answers are not kept (the retry runs) unless an act was committed.
 *
 * The key is tied to the act in the act's own transaction (`withInTransaction`): the row goes from
 * `running` to `committed`, naming the act, or the transaction rolls back. So a process that dies between
 * the commit and storing the answer leaves `committed`, and a retry is told the act exists (409
 * `idempotency_key_committed`, `Location` of the act) instead of signing it again. A request that died
 * before committing leaves `running`: after LEASE_MS a retry takes the key over (a new claim) and runs;
 * should the abandoned request still be alive, its transaction then fails on the claim and rolls back.
 */

const KEPT_MS = 24 * 3600_000;
/** A key held this long by a request that has committed nothing is taken over by a retry. */
export const LEASE_MS = 60_000;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface Claim {
  principal: string;
  key: string;
  claim: string;
  /** The request has answered: acts appended later (background work it started) are not its own. */
  finished: boolean;
  hook: InTransaction;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
}

export function registerIdempotency(
  app: FastifyInstance,
  db: Kysely<IdempotencyTables>,
  clock: Clock,
): void {
  const mine = (c: Claim) =>
    db
      .updateTable('idempotency_keys')
      .where('principal', '=', c.principal)
      .where('key', '=', c.key)
      .where('claim', '=', c.claim);
  const claimFor = (principal: string, key: string): Claim => {
    const c: Claim = {
      principal,
      key,
      claim: randomUUID(),
      finished: false,
      hook: async (trx, acts) => {
        if (c.finished) return;
        const r = await trx
          .withTables<IdempotencyTables>()
          .updateTable('idempotency_keys')
          .set((eb) => ({
            state: 'committed',
            act_id: eb.fn.coalesce('act_id', eb.val(acts[0].id)),
          }))
          .where('principal', '=', c.principal)
          .where('key', '=', c.key)
          .where('claim', '=', c.claim)
          .where('state', 'in', ['running', 'committed'])
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1)
          throw conflict(
            'idempotency_key_in_use',
            'a retry with this Idempotency-Key took it over: this request was not committed',
            'header/idempotency-key',
          );
      },
    };
    return c;
  };
  /** Ends a request's hold on its key: released if nothing was committed, else marked lost. */
  const release = async (c: Claim) => {
    await db
      .deleteFrom('idempotency_keys')
      .where('principal', '=', c.principal)
      .where('key', '=', c.key)
      .where('claim', '=', c.claim)
      .where('state', '=', 'running')
      .execute();
    await mine(c).set({ state: 'lost' }).where('state', '=', 'committed').execute();
  };

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
    const claim = claimFor(tokenId, key);
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
        claim: claim.claim,
        claimed_at: now.toISOString(),
        act_id: null,
      })
      .onConflict((oc) => oc.columns(['principal', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) {
      request.idempotency = claim;
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
    if (row.state === 'done') return replay(reply, row);
    const heldMs = now.getTime() - Date.parse(row.claimed_at ?? row.created_at);
    if (row.state === 'lost' || (row.state === 'committed' && heldMs > LEASE_MS)) {
      if (row.act_id) void reply.header('location', `/api/record/${row.act_id}`);
      throw new TahalufError(
        409,
        'idempotency_key_committed',
        `the first request with this Idempotency-Key was committed${row.act_id ? ` (act ${row.act_id})` : ''} but its answer was lost; it is not run again`,
        'header/idempotency-key',
        row.act_id ? { actId: row.act_id } : undefined,
      );
    }
    if (row.state === 'running' && heldMs > LEASE_MS) {
      // The request holding the key committed nothing for a whole lease: it died. Take the key over.
      let taken = db
        .updateTable('idempotency_keys')
        .set({ claim: claim.claim, claimed_at: now.toISOString() })
        .where('principal', '=', tokenId)
        .where('key', '=', key)
        .where('state', '=', 'running');
      taken =
        row.claim === null
          ? taken.where('claim', 'is', null)
          : taken.where('claim', '=', row.claim);
      if (Number((await taken.executeTakeFirst()).numUpdatedRows) === 1) {
        request.idempotency = claim;
        return;
      }
    }
    throw conflict(
      'idempotency_key_in_use',
      'a request with this Idempotency-Key is still being processed: retry later',
      'header/idempotency-key',
    );
  });
  // The route runs inside the claim's context, so the acts it appends commit together with the claim.
  app.addHook('preHandler', (request, _reply, done) => {
    const claim = request.idempotency;
    if (!claim) return done();
    withInTransaction(claim.hook, done);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    claim.finished = true;
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      // Not kept: a failed request may be retried for real, unless it committed an act.
      await release(claim);
      return payload;
    }
    await mine(claim)
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
    const claim = request.idempotency;
    if (!claim) return;
    claim.finished = true;
    await release(claim);
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
