import { afterAll, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { useTestApp } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import { warningService } from './module.js';
import { WarningRepository } from './repository.js';

interface History {
  interval: string;
  from: string;
  to: string;
  members: string[];
  buckets: { start: string; exercise: Record<string, number>; live: Record<string, number> }[];
}

/**
 * GET /api/warning/alert-history (#13.11, the console's alert-history chart): CAP Alerts per day or week,
 * exercise and live apart, per member; a member counts its own, the secretariat every member's.
 */
describeEachDialect('warning alert history API', (dialect) => {
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const { node, app } = useTestApp({ dialect, clock });
  afterAll(() => warningService(node).stop());
  const as = async (member: string | null, query: string) => {
    const r = await app.inject({
      method: 'GET',
      url: `/api/warning/alert-history?${query}`,
      headers: { authorization: `Bearer ${await node.tokenFor(member)}` },
    });
    expect(r.statusCode).toBe(200);
    return r.json<History>();
  };
  let n = 0;
  const cap = (member: string, msgType: string, status: string, sent: string) =>
    new WarningRepository(node.store.db).saveCap({
      identifier: `history-probe-${++n}`,
      member,
      threat_id: `T${n}`,
      msg_type: msgType,
      status,
      sent,
      xml: '<alert/>',
    });

  it('counts Alerts by day and week, exercise and live apart, each reader only what it may read', async () => {
    await cap('QAT', 'Alert', 'Exercise', '2026-03-02T09:00:00+00:00');
    await cap('QAT', 'Alert', 'Exercise', '2026-03-02T23:59:59+00:00');
    await cap('QAT', 'Update', 'Exercise', '2026-03-02T10:00:00+00:00'); // not a new alert
    await cap('QAT', 'Alert', 'Actual', '2026-03-03T00:00:00+00:00');
    await cap('KWT', 'Alert', 'Exercise', '2026-03-03T08:00:00+00:00');
    await cap('KWT', 'Cancel', 'Actual', '2026-03-03T08:01:00+00:00');
    await cap('KWT', 'Alert', 'Actual', '2026-03-09T08:00:00+00:00');
    await cap('OMN', 'Alert', 'Actual', '2026-02-01T08:00:00+00:00'); // before the window

    const sec = await as(null, 'interval=day&periods=10');
    expect([sec.from, sec.to]).toEqual(['2026-03-01', '2026-03-10']);
    expect(sec.members).toEqual(['KWT', 'QAT']);
    const day = (h: History, d: string) => h.buckets.find((b) => b.start === d);
    expect(day(sec, '2026-03-02')).toEqual({
      start: '2026-03-02',
      exercise: { QAT: 2 },
      live: {},
    });
    expect(day(sec, '2026-03-03')).toEqual({
      start: '2026-03-03',
      exercise: { KWT: 1 },
      live: { QAT: 1 },
    });
    expect(day(sec, '2026-03-09')).toEqual({ start: '2026-03-09', exercise: {}, live: { KWT: 1 } });
    expect(sec.buckets).toHaveLength(10);

    // Qatar counts its own alerts only; Oman has none in the window.
    const qat = await as('QAT', 'interval=day&periods=10');
    expect(qat.members).toEqual(['QAT']);
    expect(
      qat.buckets.flatMap((b) => [...Object.keys(b.exercise), ...Object.keys(b.live)]),
    ).not.toContain('KWT');
    expect(day(qat, '2026-03-03')).toEqual({ start: '2026-03-03', exercise: {}, live: { QAT: 1 } });
    const omn = await as('OMN', 'interval=day&periods=60');
    expect(omn.members).toEqual(['OMN']);
    expect(omn.buckets.reduce((a, b) => a + (b.live.OMN ?? 0), 0)).toBe(1);

    // Weeks from Monday: 2–8 March and 9–15 March.
    const weeks = await as(null, 'interval=week&periods=2');
    expect(weeks.buckets).toEqual([
      { start: '2026-03-02', exercise: { QAT: 2, KWT: 1 }, live: { QAT: 1 } },
      { start: '2026-03-09', exercise: {}, live: { KWT: 1 } },
    ]);
  });

  it('refuses the public', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/warning/alert-history' });
    expect(r.statusCode).toBe(401);
  });
});
