import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { useTestApp } from '../app/testing.js';
import { requireMember } from '../runtime/auth.js';
import type { TahalufModule } from '../runtime/deps.js';

// A write that signs an act as the caller's member, and a read of those acts (api/ may not import a
// domain module, so the test brings its own).
const writer: TahalufModule = {
  name: 'writer',
  routes(app, deps) {
    app.post<{ Body: { matter: string } }>('/api/council/procedures', async (request, reply) => {
      const act = await deps.record.append({
        actor: requireMember(request.principal),
        type: 'test.opened',
        payload: { matter: request.body.matter },
      });
      return reply.code(201).send({ seq: act.seq });
    });
    app.get('/api/council/procedures', async () =>
      (await deps.record.list({ type: 'test.opened' })).map((a) => ({ openedBy: a.actor })),
    );
  },
};
const open = (matter: string) => ({ matter });

describe('#16 per-principal rate limits', () => {
  const clock = new ManualClock('2025-09-15T08:00:00Z');
  const { node, app } = useTestApp({
    clock,
    modules: [writer],
    env: { TAHALUF_RATE_LIMIT_READS: '6', TAHALUF_RATE_LIMIT_WRITES: '3' },
  });
  const auth = async (member: string, user = 'analyst') => ({
    authorization: `Bearer ${await node.tokenFor(member, { user })}`,
  });

  it('one member spending its write budget gets 429 with Retry-After and RateLimit headers; another member is untouched', async () => {
    const qat = await auth('QAT');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/council/procedures',
        headers: qat,
        payload: open(`qat-${i}`),
      });
      statuses.push(r.statusCode);
      if (i === 0) {
        expect(r.headers['ratelimit-limit']).toBe('3');
        expect(r.headers['ratelimit-remaining']).toBe('2');
      }
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);

    const refused = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      headers: qat,
      payload: open('qat-late'),
    });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });

    // Another user of the same member shares the member's budget.
    const qat2 = await auth('QAT', 'second-analyst');
    const shared = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      headers: qat2,
      payload: open('qat-other-user'),
    });
    expect(shared.statusCode).toBe(429);

    // Another member's budget is its own.
    const sau = await auth('SAU');
    for (let i = 0; i < 3; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/council/procedures',
        headers: sau,
        payload: open(`sau-${i}`),
      });
      expect(r.statusCode).toBe(201);
    }

    // Reads are a separate, larger budget: QAT can still read.
    const read = await app.inject({ url: '/api/council/procedures', headers: qat });
    expect(read.statusCode).toBe(200);
    expect(read.headers['ratelimit-limit']).toBe('6');

    // Only the three accepted writes of each member were recorded (a refused request signs nothing).
    const procedures = (await app.inject({ url: '/api/council/procedures', headers: qat })).json<
      { openedBy: string }[]
    >();
    expect(procedures.filter((p) => p.openedBy === 'QAT')).toHaveLength(3);
    expect(procedures.filter((p) => p.openedBy === 'SAU')).toHaveLength(3);
  });

  it('the public is counted per client address; health is never limited', async () => {
    const from = (ip: string) => ({ url: '/api/states', remoteAddress: ip });
    const a: number[] = [];
    for (let i = 0; i < 8; i++) a.push((await app.inject(from('10.0.0.1'))).statusCode);
    expect(a.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(a.slice(6)).toEqual([429, 429]);
    expect((await app.inject(from('10.0.0.2'))).statusCode).toBe(200);
    for (let i = 0; i < 10; i++)
      expect((await app.inject({ url: '/api/health', remoteAddress: '10.0.0.1' })).statusCode).toBe(
        200,
      );
  });

  it('the failed-authentication 429 still applies before the budgets', async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++)
      last = (
        await app.inject({
          url: '/api/council/procedures',
          remoteAddress: '10.9.9.9',
          headers: { authorization: 'Bearer thf_nope.nope' },
        })
      ).statusCode;
    expect(last).toBe(429);
  });
});

describe('#16 rate-limit configuration', () => {
  it('reads budgets and window from the environment, 0 meaning unlimited; bad values are named', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      readsPerWindow: 3000,
      writesPerWindow: 600,
      windowMs: 60_000,
    });
    expect(
      loadConfig({
        TAHALUF_RATE_LIMIT_READS: '0',
        TAHALUF_RATE_LIMIT_WRITES: '10',
        TAHALUF_RATE_LIMIT_WINDOW_S: '5',
      }).rateLimits,
    ).toEqual({ readsPerWindow: 0, writesPerWindow: 10, windowMs: 5000 });
    expect(() => loadConfig({ TAHALUF_RATE_LIMIT_WRITES: '-1' })).toThrow(
      /TAHALUF_RATE_LIMIT_WRITES/,
    );
  });
});
