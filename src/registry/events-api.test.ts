import { expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { useTestApp } from '../app/testing.js';
import type { RecordTables } from '../record/migrations.js';
import { verifyChain } from '../record/verify.js';
import { describeEachDialect } from '../store/testing.js';
import { EVENT_ACT, EventRecorder } from './event-acts.js';
import { Registry } from './registry.js';
import { loadSeedData } from './seed.js';
import { fileURLToPath } from 'node:url';

const SEED = fileURLToPath(new URL('../../data/seed/', import.meta.url));

describeEachDialect('#14.4 events as acts: POST /api/events', (dialect) => {
  const clock = new ManualClock('2026-12-03T10:00:00Z');
  const { node, app } = useTestApp({ clock, dialect, modules: [] });
  const auth = async (member: string | null) => ({
    authorization: `Bearer ${await node.tokenFor(member, member ? {} : { role: 'secretariat' })}`,
  });
  const body = {
    date: '2025-12-03',
    title: '46th GCC summit at Sakhir (recorded by Qatar)',
    description: 'Qatar records its participation in the Sakhir summit.',
    states: ['QAT', 'BHR'],
    allianceIds: ['gcc'],
    sources: [{ title: 'KUNA (via MENAFN), 3 Dec 2025', url: 'https://menafn.com/' }],
  };
  const post = async (payload: Record<string, unknown>, member: string | null = 'QAT') =>
    app.inject({ method: 'POST', url: '/api/events', headers: await auth(member), payload });

  it('a member records an event with its sources: a signed act of that member, then on the timeline', async () => {
    const res = await post(body);
    expect(res.statusCode).toBe(201);
    const { event, actId } = res.json<{ event: { id: string }; actId: string }>();
    expect(event.id).toMatch(/^2025-12-03-act-[0-9a-f]{12}$/);
    const acts = await node.record.list({ type: EVENT_ACT });
    expect(acts.map((a) => [a.id, a.actor, a.subject])).toEqual([[actId, 'QAT', event.id]]);
    expect((await verifyChain(node.store.db.withTables<RecordTables>())).ok).toBe(true);
    const list = await app.inject({ method: 'GET', url: '/api/events' });
    expect(list.json<{ id: string }[]>().map((e) => e.id)).toContain(event.id);
    // A node starting on the same record loads the recorded event after the seed.
    const fresh = new Registry(loadSeedData(SEED));
    expect(await new EventRecorder(node.record, fresh).load()).toBe(1);
    expect(fresh.events().find((e) => e.id === event.id)?.sources[0].title).toMatch(/KUNA/);
  });

  it('the same event twice is refused (409), nothing recorded', async () => {
    const before = await node.record.count();
    const again = await post(body);
    expect(again.statusCode).toBe(409);
    expect(await node.record.count()).toBe(before);
  });

  it('refuses bad input naming the field, and records nothing', async () => {
    const before = await node.record.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...body, sources: [] }, 'sources'],
      [{ ...body, states: ['ZZZ'] }, 'states/0'],
      [{ ...body, allianceIds: ['nope'] }, 'allianceIds/0'],
      [{ ...body, date: '2025-02-30' }, 'date'],
      [{ ...body, date: '2027-01-01' }, 'date'],
      [{ ...body, sources: [{ title: 'x', url: 'javascript:alert(1)' }] }, 'sources/0/url'],
      [{ ...body, title: 'x' }, 'title'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, field).toBe(400);
      expect(res.json<{ field?: string; detail: string }>().field ?? '', field).toContain(field);
    }
    expect((await post({ ...body, extra: 1 })).statusCode).toBe(400);
    expect(await node.record.count()).toBe(before);
  });

  it('a member may record only events naming itself or an alliance it belongs to; the secretariat any; the public none', async () => {
    const other = {
      ...body,
      title: 'An event between others',
      states: ['USA', 'ISR'],
      allianceIds: [],
    };
    expect((await post(other, 'QAT')).statusCode).toBe(403);
    const bySecretariat = await post(other, null);
    expect(bySecretariat.statusCode).toBe(201);
    const acts = await node.record.list({ type: EVENT_ACT });
    expect(acts.at(-1)?.actor).toBe('SECRETARIAT');
    const anonymous = await app.inject({ method: 'POST', url: '/api/events', payload: body });
    expect(anonymous.statusCode).toBe(401);
  });
});
