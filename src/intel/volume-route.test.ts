import { expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { useIntelEnv } from './testing.js';

interface Volume {
  interval: string;
  from: string;
  to: string;
  total: number;
  truncated: boolean;
  buckets: { start: string; count: number }[];
}

/**
 * GET /api/intel/volume (#13.11, the console's intelligence-volume chart): objects counted per day or
 * week are exactly those the reader's feed lists (read through releasability), never one it may not see.
 */
describeEachDialect('intel volume API', (dialect) => {
  const env = useIntelEnv(dialect);
  const get = async (member: string, url: string, clearance: 'SECRET' | 'PUBLIC' = 'SECRET') =>
    env.app.inject({
      method: 'GET',
      url,
      headers: { authorization: (await env.auth(member, { clearance })).authorization },
    });
  const volume = async (member: string, query: string, clearance?: 'SECRET' | 'PUBLIC') => {
    const r = await get(member, `/api/intel/volume?${query}`, clearance);
    expect(r.statusCode).toBe(200);
    return JSON.parse(r.body) as Volume;
  };
  /** The oracle: the reader's own feed (every visible object, inactive too), counted by day added. */
  const feedByDay = async (member: string) => {
    const r = await get(member, '/api/intel/feed?include=inactive&limit=500');
    const items = (JSON.parse(r.body) as { items: { dateAdded: string }[] }).items;
    const by = new Map<string, number>();
    for (const i of items)
      by.set(i.dateAdded.slice(0, 10), (by.get(i.dateAdded.slice(0, 10)) ?? 0) + 1);
    return by;
  };
  const share = async (name: string, releasableTo: string[], classification = 'RESTRICTED') => {
    const r = await env.app.inject({
      method: 'POST',
      url: '/api/intel/share',
      payload: { collection: 'gcc', name, classification, releasableTo },
      headers: { authorization: (await env.auth('SAU')).authorization },
    });
    expect(r.statusCode).toBe(201);
  };

  it('counts per day and per ISO week only what each reader may see, as its feed lists it', async () => {
    // Three days of sharing by Saudi Arabia: some for Qatar only, some for Kuwait only, one for the GCC,
    // one SECRET for Qatar.
    env.clock.set('2026-03-02T09:00:00.000Z'); // a Monday
    await share('Volume probe: Qatar only (1)', ['QAT']);
    await share('Volume probe: Kuwait only (1)', ['KWT']);
    env.clock.set('2026-03-03T10:00:00.000Z');
    await share('Volume probe: GCC', ['GCC']);
    await share('Volume probe: Qatar only (2)', ['QAT']);
    await share('Volume probe: Qatar only, secret', ['QAT'], 'SECRET');
    env.clock.set('2026-03-09T08:00:00.000Z'); // the next Monday
    await share('Volume probe: Kuwait only (2)', ['KWT']);
    env.clock.set('2026-03-10T12:00:00.000Z');

    for (const member of ['QAT', 'KWT', 'OMN', 'SAU']) {
      const days = await volume(member, 'interval=day&periods=10');
      expect(days.buckets.map((b) => b.start)[0]).toBe('2026-03-01');
      expect(days.to).toBe('2026-03-10');
      expect(days.truncated).toBe(false);
      const oracle = await feedByDay(member);
      for (const b of days.buckets)
        expect([member, b.start, b.count]).toEqual([member, b.start, oracle.get(b.start) ?? 0]);
      expect(days.total).toBe(days.buckets.reduce((a, b) => a + b.count, 0));
    }
    // What the labels decide, in numbers. Oman sees the GCC share only: that is what one share lists
    // (the report and what travels with it). Qatar: its own, the GCC and the secret share on 3 March, its
    // first share on 2 March, nothing on 9 March; Kuwait: its own on 2 and 9 March, the GCC one on 3 March.
    const on = (v: Volume, day: string) => v.buckets.find((b) => b.start === day)?.count ?? 0;
    const qat = await volume('QAT', 'interval=day&periods=10');
    const kwt = await volume('KWT', 'interval=day&periods=10');
    const omn = await volume('OMN', 'interval=day&periods=10');
    const perShare = on(omn, '2026-03-03');
    expect(perShare).toBeGreaterThan(0);
    expect(omn.total).toBe(perShare);
    expect([on(qat, '2026-03-02'), on(qat, '2026-03-03'), on(qat, '2026-03-09')]).toEqual([
      perShare,
      3 * perShare,
      0,
    ]);
    expect([on(kwt, '2026-03-02'), on(kwt, '2026-03-03'), on(kwt, '2026-03-09')]).toEqual([
      perShare,
      perShare,
      perShare,
    ]);
    const publicQat = await volume('QAT', 'interval=day&periods=10', 'PUBLIC');
    expect(on(publicQat, '2026-03-03')).toBe(0);

    // Weeks start on Monday: 2–8 March and 9–15 March.
    const weeks = await volume('QAT', 'interval=week&periods=2');
    expect(weeks.buckets.map((b) => b.start)).toEqual(['2026-03-02', '2026-03-09']);
    expect(weeks.to).toBe('2026-03-15');
    const daysOfWeek = (v: Volume, from: string, to: string) =>
      v.buckets.filter((b) => b.start >= from && b.start <= to).reduce((a, b) => a + b.count, 0);
    expect(weeks.buckets[0].count).toBe(daysOfWeek(qat, '2026-03-02', '2026-03-08'));
    expect(weeks.buckets[1].count).toBe(daysOfWeek(qat, '2026-03-09', '2026-03-15'));
  });

  it('answers members only and checks its query', async () => {
    const anon = await env.app.inject({ method: 'GET', url: '/api/intel/volume' });
    expect(anon.statusCode).toBe(401);
    expect((await get('QAT', '/api/intel/volume?interval=month')).statusCode).toBe(400);
    expect((await get('QAT', '/api/intel/volume?periods=0')).statusCode).toBe(400);
    const d = await volume('QAT', '');
    expect(d.interval).toBe('day');
    expect(d.buckets).toHaveLength(30);
  });
});
