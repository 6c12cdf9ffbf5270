import { expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { parseJson } from '../store/json-column.js';
import { useTestApp } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import type { CyberTables } from './cyber-desk.js';
import type { CyberCase } from './cyber-model.js';
import type { HistoryEntry, ProgrammeState } from './model.js';
import { programmesModule } from './module.js';
import { loadProgramme, saveProgramme } from './repository.js';

/** A history line as states stored before history codes existed hold it: no code, no params. */
const legacy = <E extends { code?: string; params?: object }>({
  code: _c,
  params: _p,
  ...rest
}: E) => rest;

describeEachDialect(
  'history codes: in the answers, and states stored before them verify',
  (dialect) => {
    const clock = new ManualClock('2026-03-02T08:00:00Z');
    const { node, app } = useTestApp({ dialect, clock });
    const auth = async (member: string | null) => ({
      authorization: `Bearer ${await node.tokenFor(member)}`,
    });
    const post = async (member: string | null, url: string, payload?: object) =>
      app.inject({ method: 'POST', url, headers: await auth(member), payload: payload ?? {} });
    const get = async (member: string | null, url: string) =>
      app.inject({ method: 'GET', url, headers: await auth(member) });
    const findings = async (id: string) =>
      (await programmesModule.verify!(node)).filter((f) => f.message.includes(id));

    it('programme: code and params are served; an old stored state (summaries only) still verifies, and so does the next act on it', async () => {
      const proposed = await post('QAT', '/api/programmes', {
        allianceId: 'gcc',
        title: 'Cyber incident-response network',
        area: 'cyber',
        objectives: ['A 24/7 point of contact in every participating CERT'],
        governance: { rule: 'opt-in' },
      });
      expect(proposed.statusCode, proposed.body).toBe(201);
      const id = proposed.json<{ programme: ProgrammeState }>().programme.id;
      clock.advance(60_000);
      const joined = await post('SAU', `/api/programmes/${id}/join`);
      expect(joined.statusCode, joined.body).toBe(200);
      clock.advance(60_000);
      await post('SAU', `/api/programmes/${id}/contributions`, {
        kind: 'money',
        description: 'seed fund',
        amount: 250000,
        unit: 'USD',
      });
      // The response schema lets code and params through, numbers as numbers.
      const served = (await get(null, `/api/programmes/${id}`)).json<ProgrammeState>().history;
      expect(served.map((h) => [h.code, h.params])).toEqual([
        ['programme.proposed', { title: 'Cyber incident-response network', alliance: 'gcc' }],
        ['programme.joined', { member: 'SAU' }],
        [
          'programme.contribution',
          { member: 'SAU', amount: 250000, unit: 'USD', kind: 'money', description: 'seed fund' },
        ],
      ]);
      expect(served[1].summary).toBe('SAU joined');
      expect(await findings(id)).toEqual([expect.objectContaining({ ok: true })]);

      // The stored state as a node before this change wrote it: history lines without code or params.
      const db = node.store.db;
      const stored = (await loadProgramme(db, id))!;
      await saveProgramme(db, { ...stored, history: stored.history.map(legacy) }, false);
      expect((await loadProgramme(db, id))!.history[1]).toEqual({
        seq: stored.history[1].seq,
        at: stored.history[1].at,
        actor: 'SAU',
        type: 'programmes.joined',
        summary: 'SAU joined',
      });
      expect(await findings(id)).toEqual([expect.objectContaining({ ok: true })]);
      // Old lines are served as stored (the console falls back to their summary).
      const old = (await get(null, `/api/programmes/${id}`)).json<ProgrammeState>().history;
      expect(old[1]).not.toHaveProperty('code');

      // The next act appends a coded line to the old ones; the mixed state verifies.
      clock.advance(60_000);
      const left = await post('SAU', `/api/programmes/${id}/leave`, { reason: 'budget' });
      expect(left.statusCode, left.body).toBe(200);
      const mixed = (await loadProgramme(db, id))!.history;
      expect(mixed.map((h: HistoryEntry) => h.code ?? null)).toEqual([
        null,
        null,
        null,
        'programme.left.reason',
      ]);
      expect(await findings(id)).toEqual([expect.objectContaining({ ok: true })]);

      // Still strict: a stored code the record does not give, or an old summary changed, is a finding.
      const now = (await loadProgramme(db, id))!;
      await saveProgramme(
        db,
        {
          ...now,
          history: now.history.map((h, i) => (i === 3 ? { ...h, params: { member: 'KWT' } } : h)),
        },
        false,
      );
      expect(await findings(id)).toEqual([
        expect.objectContaining({ ok: false, message: expect.stringContaining('differs') }),
      ]);
      await saveProgramme(
        db,
        {
          ...now,
          history: now.history.map((h, i) => (i === 1 ? { ...h, summary: 'KWT joined' } : h)),
        },
        false,
      );
      expect(await findings(id)).toEqual([
        expect.objectContaining({ ok: false, message: expect.stringContaining('differs') }),
      ]);
      await saveProgramme(db, now, false);
      expect(await findings(id)).toEqual([expect.objectContaining({ ok: true })]);
    });

    it('cyber case: code and params are served; an old stored case still verifies', async () => {
      const proposed = await post('QAT', '/api/programmes', {
        allianceId: 'gcc',
        title: 'Cyber defence cooperation',
        area: 'cyber',
        objectives: ['Help each other in incidents'],
        governance: { rule: 'opt-in' },
      });
      const programmeId = proposed.json<{ programme: ProgrammeState }>().programme.id;
      await post('SAU', `/api/programmes/${programmeId}/join`);
      const declared = await post('QAT', '/api/cyber/cases', {
        programmeId,
        title: 'Ransomware at a port authority',
        description: 'Terminal systems encrypted',
        severity: 'high',
        classification: 'RESTRICTED',
      });
      expect(declared.statusCode, declared.body).toBe(201);
      const id = declared.json<{ case: CyberCase }>().case.id;
      const offered = await post('SAU', `/api/cyber/cases/${id}/offers`, {
        kind: 'forensics team',
        description: 'two analysts on site',
      });
      expect(offered.statusCode, offered.body).toBe(201);
      const served = (await get('QAT', `/api/cyber/cases/${id}`)).json<CyberCase>().history;
      expect(served.map((h) => [h.actor, h.code, h.params, h.summary])).toEqual([
        [
          'QAT',
          'cyber.declared',
          { member: 'QAT', severity: 'high' },
          'QAT declared a high incident',
        ],
        [
          'SAU',
          'cyber.offered',
          { member: 'SAU', kind: 'forensics team' },
          'SAU offered forensics team',
        ],
      ]);
      const caseFindings = async () =>
        (await programmesModule.verify!(node)).filter((f) => f.message.includes(`case ${id}`));
      expect(await caseFindings()).toEqual([expect.objectContaining({ ok: true })]);

      const cases = node.store.db.withTables<CyberTables>();
      const row = await cases
        .selectFrom('cyber_cases')
        .select('state')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const c = parseJson(row.state);
      await cases
        .updateTable('cyber_cases')
        .set({ state: JSON.stringify({ ...c, history: c.history.map(legacy) }) })
        .where('id', '=', id)
        .execute();
      expect(await caseFindings()).toEqual([expect.objectContaining({ ok: true })]);
      await cases
        .updateTable('cyber_cases')
        .set({
          state: JSON.stringify({
            ...c,
            history: c.history.map((h, i) => (i === 1 ? { ...h, code: 'cyber.closed' } : h)),
          }),
        })
        .where('id', '=', id)
        .execute();
      expect(await caseFindings()).toEqual([expect.objectContaining({ ok: false })]);
    });
  },
);
