import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { useTestApp } from '../app/testing.js';
import { councilModule } from './module.js';

describe('council API', () => {
  const clock = new ManualClock('2025-09-15T08:00:00Z');
  const auth = async (member: string | null) => ({
    authorization: `Bearer ${await node.tokenFor(member)}`,
  });
  const { node, app } = useTestApp({ clock, modules: [councilModule] });
  /** QAT opens a GCC solidarity-statement decision (the procedure both tests below start from). */
  const openStatement = async (title: string, matter: string, deadline: string) =>
    app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      headers: await auth('QAT'),
      payload: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title,
        matter,
        deadline,
      },
    });

  it('opens a decision, takes votes as the token\u2019s member, shows the live tally, refuses with problem details', async () => {
    const open = await openStatement('Solidarity statement', 'api-test', '2025-09-15T12:00:00Z');
    expect(open.statusCode).toBe(201);
    const id = open.json().id as string;
    expect(open.json()).toMatchObject({
      openedBy: 'QAT',
      deadline: '2025-09-15T12:00:00.000Z',
      rule: 'Statement',
    });

    const vote = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/acts`,
      headers: await auth('SAU'),
      payload: { act: 'vote', choice: 'yes' },
    });
    expect(vote.statusCode).toBe(201);
    expect(vote.json().act).toMatchObject({ actor: 'SAU', type: 'council.vote' });
    expect(vote.json().procedure.liveOutcome.tally).toMatchObject({ yes: 1, present: 1 });

    const again = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/acts`,
      headers: await auth('SAU'),
      payload: { act: 'vote', choice: 'no' },
    });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'already_voted', status: 422 });

    const outsider = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/acts`,
      headers: await auth('EGY'),
      payload: { act: 'vote', choice: 'yes' },
    });
    expect(outsider.json()).toMatchObject({ status: 422, code: 'not_a_member' });

    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/acts`,
      payload: { act: 'vote', choice: 'yes' },
    });
    expect(anonymous.statusCode).toBe(401);
    const badBody = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/acts`,
      headers: await auth('KWT'),
      payload: { act: 'vote', choice: 'maybe' },
    });
    expect(badBody.statusCode).toBe(400);

    for (const m of ['ARE', 'KWT', 'OMN'])
      await app.inject({
        method: 'POST',
        url: `/api/council/procedures/${id}/acts`,
        headers: await auth(m),
        payload: { act: 'vote', choice: 'yes' },
      });
    clock.set('2025-09-15T12:00:00Z');
    const late = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/acts`,
      headers: await auth('BHR'),
      payload: { act: 'vote', choice: 'yes' },
    });
    expect(late.json()).toMatchObject({ status: 422, code: 'deadline_passed' });

    const closed = await app.inject({
      method: 'POST',
      url: `/api/council/procedures/${id}/close`,
      headers: await auth(null),
      payload: {},
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().outcome).toMatchObject({
      status: 'adopted',
      bound: ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'],
    });

    const agenda = await app.inject({ method: 'GET', url: '/api/council/procedures?charter=gcc' });
    expect(agenda.json().map((p: { id: string }) => p.id)).toContain(id);
    const show = await app.inject({ method: 'GET', url: `/api/council/procedures/${id}` });
    expect(show.json().timeline.map((e: { actor: string }) => e.actor)).toEqual([
      'QAT',
      'SAU',
      'ARE',
      'KWT',
      'OMN',
      'SECRETARIAT',
    ]);
  });

  it('offices on a date, the calendar and the charters are public', async () => {
    const o = await app.inject({
      method: 'GET',
      url: '/api/council/offices?charter=arab-league&date=2016-07-25',
    });
    expect(o.json().chair).toMatchObject({ holder: 'MRT', inLine: 'MAR' });
    const bad = await app.inject({
      method: 'GET',
      url: '/api/council/offices?charter=arab-league&date=2016-02-30',
    });
    expect(bad.json()).toMatchObject({ status: 400, field: 'query/date' });
    const cal = await app.inject({
      method: 'GET',
      url: '/api/council/offices/calendar?charter=gcc&until=2025-12-31',
    });
    // #14.5: Dec 2025 is Bahrain on record (46th summit, Sakhir, 3 Dec 2025), not the UAE the rule had in line.
    expect(
      cal
        .json()
        .chair.terms.map((t: { holder: string; projected: boolean }) => [t.holder, t.projected]),
    ).toEqual([
      ['QAT', false],
      ['KWT', false],
      ['BHR', false],
    ]);
    const charters = await app.inject({ method: 'GET', url: '/api/council/charters' });
    const jdec = charters.json().find((c: { id: string }) => c.id === 'arab-league-jdec');
    expect(jdec.decisions.measures.unverified).toMatch(/unverified/);
    expect(jdec.decisions.measures.ruleText).toBe('2/3 of members');
  });

  it('the agenda entry and the detail keep their JSON key order (schema order, as before d73de0e) byte for byte', async () => {
    // The keys each schema names, in the order the answers had before the shared runs (procedureIdentity,
    // procedureCourse) replaced the repeated fields: Fastify's serializer writes them in this order, then
    // any other key of the object in its own order.
    const AGENDA = [
      'id',
      'charterId',
      'kind',
      'decisionType',
      'title',
      'matter',
      'openedBy',
      'openedAt',
      'deadline',
      'status',
      'closedAt',
      'closedSeq',
      'outcome',
      'replayCase',
    ];
    const DETAIL = [
      'id',
      'charterId',
      'kind',
      'title',
      'matter',
      'openedBy',
      'openedAt',
      'deadline',
      'status',
      'closedAt',
      'summary',
      'open',
      'positions',
      'assistance',
      'votes',
      'objections',
      'outcome',
      'refusal',
      'timeline',
      'liveOutcome',
      'rule',
      'ruleKind',
    ];
    /** The object written with the schema's keys first, in order, then the rest as they came. */
    const inOrder = (value: Record<string, unknown>, keys: string[]) =>
      JSON.stringify({
        ...Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]])),
        ...Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k))),
      });
    const open = await openStatement('Key order', 'api-key-order', '2026-09-15T12:00:00Z');
    expect(open.statusCode, open.body).toBe(201);
    const id = open.json<{ id: string }>().id;
    const agenda = await app.inject({ method: 'GET', url: '/api/council/procedures?charter=gcc' });
    const entries = agenda.json<Record<string, unknown>[]>();
    expect(entries.length).toBeGreaterThan(0);
    expect(agenda.body).toBe(`[${entries.map((e) => inOrder(e, AGENDA)).join(',')}]`);
    for (const e of entries) expect(Object.keys(e).slice(0, AGENDA.length)).toEqual(AGENDA);
    const detail = await app.inject({ method: 'GET', url: `/api/council/procedures/${id}` });
    const procedure = detail.json<Record<string, unknown>>();
    expect(detail.body).toBe(inOrder(procedure, DETAIL));
    expect(Object.keys(procedure).slice(0, DETAIL.length)).toEqual(DETAIL);
  });

  it('the OpenAPI document describes the council routes', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/council/procedures/{id}/acts'].post.tags).toEqual(['council']);
  });
  it('refuses declining a term that is over, with a 422 naming termFrom, and the calendar is unchanged (C1)', async () => {
    const cal = async () =>
      (
        await app.inject({
          method: 'GET',
          url: '/api/council/offices/calendar?charter=gcc&until=2027-12-01',
          headers: await auth('KWT'),
        })
      ).body;
    const before = await cal();
    expect(before).toContain('"holder":"KWT"');
    const res = await app.inject({
      method: 'POST',
      url: '/api/council/chair/declines',
      headers: await auth('KWT'),
      payload: { charterId: 'gcc', termFrom: '2024-12-01' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ status: 422, code: 'term_started', field: 'termFrom' });
    expect(await cal()).toBe(before);
  });
});
