import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../core/canonical-json.js';
import { SECRETARIAT } from '../record/model.js';
import { applyCaseAct, CYBER_HISTORY_CODES } from './cyber-rules.js';
import type { CyberCase } from './cyber-model.js';
import { comparableHistory } from './history.js';
import { ACT, type ProgrammeState } from './model.js';
import {
  applyProgrammeAct,
  PROGRAMME_HISTORY_CODES,
  type ActLike,
  type ProgrammeContext,
} from './programme-rules.js';

const GCC = ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'];
const ctx: ProgrammeContext = { isActiveMember: (a, m) => a === 'gcc' && GCC.includes(m) };
let seq = 0;
const act = (actor: string, type: string, payload: object, subject = 'p1'): ActLike => {
  seq++;
  return {
    seq,
    id: `act-${seq}`,
    at: `2026-03-0${Math.min(seq, 9)}T08:00:00Z`,
    actor,
    type,
    payload: { programmeId: subject, ...payload },
  };
};
const fold = <S>(apply: (s: S | null, a: ActLike) => S, acts: ActLike[]): S =>
  acts.reduce<S | null>((s, a) => apply(s, a), null)!;
const milestone = { id: 'm1', title: 'Points of contact named', due: '2026-06-30', owner: 'QAT' };

describe('history lines carry a message code and params next to the English summary', () => {
  it('programme: every act of the life of a council-governed programme', () => {
    seq = 0;
    const s = fold<ProgrammeState>(
      (prev, a) => applyProgrammeAct(ctx, prev, a),
      [
        act('QAT', ACT.proposed, {
          allianceId: 'gcc',
          title: 'Cyber incident-response network',
          area: 'cyber',
          objectives: ['A 24/7 point of contact'],
          governance: {
            rule: 'council',
            charterId: 'gcc',
            decisionType: 'substantive',
            requiredFor: ['join'],
          },
          milestones: [milestone],
        }),
        act('SAU', ACT.requestFiled, { requestId: 'r1', action: 'join' }),
        act(SECRETARIAT, ACT.requestSettled, {
          requestId: 'r1',
          procedureId: 'proc-1',
          approved: true,
          reason: 'adopted',
        }),
        act('SAU', ACT.contribution, {
          contribution: {
            id: 'c1',
            kind: 'money',
            description: 'seed fund',
            amount: 250000,
            unit: 'USD',
          },
        }),
        act('SAU', ACT.milestoneAdded, {
          milestone: { id: 'm2', title: 'Joint exercise held', due: '2026-09-01', owner: 'SAU' },
        }),
        act('QAT', ACT.milestoneCompleted, { milestoneId: 'm1', evidence: 'list circulated' }),
        act('OMN', ACT.requestFiled, { requestId: 'r2', action: 'join' }),
        act(SECRETARIAT, ACT.requestSettled, {
          requestId: 'r2',
          procedureId: 'proc-2',
          approved: false,
          reason: 'not adopted',
        }),
        act('SAU', ACT.left, { reason: 'budget' }),
        act('QAT', ACT.left, {}),
      ],
    );
    expect(
      s.history.map(({ actor, code, params, summary }) => [actor, code, params, summary]),
    ).toEqual([
      [
        'QAT',
        'programme.proposed',
        { title: 'Cyber incident-response network', alliance: 'gcc' },
        'proposed "Cyber incident-response network" in gcc',
      ],
      ['SAU', 'programme.request.join', { member: 'SAU' }, 'SAU asked the council to decide: join'],
      [
        SECRETARIAT,
        'programme.request.approved',
        { procedureId: 'proc-1', member: 'SAU', action: 'join' },
        "council proc-1 approved SAU's join",
      ],
      [
        'SAU',
        'programme.contribution',
        { member: 'SAU', amount: 250000, unit: 'USD', kind: 'money', description: 'seed fund' },
        'SAU committed 250000 USD (money): seed fund',
      ],
      [
        'SAU',
        'programme.milestone.added',
        { milestoneId: 'm2', title: 'Joint exercise held', due: '2026-09-01', owner: 'SAU' },
        'milestone "Joint exercise held" due 2026-09-01, owner SAU',
      ],
      [
        'QAT',
        'programme.milestone.completed',
        { milestoneId: 'm1', title: 'Points of contact named', member: 'QAT' },
        'milestone "Points of contact named" completed by QAT',
      ],
      ['OMN', 'programme.request.join', { member: 'OMN' }, 'OMN asked the council to decide: join'],
      [
        SECRETARIAT,
        'programme.request.refused',
        { procedureId: 'proc-2', member: 'OMN', action: 'join' },
        "council proc-2 did not approve OMN's join",
      ],
      ['SAU', 'programme.left.reason', { member: 'SAU', reason: 'budget' }, 'SAU left: budget'],
      ['QAT', 'programme.left', { member: 'QAT' }, 'QAT left'],
    ]);
    // Every code the rules give is a documented one.
    for (const h of s.history) expect(PROGRAMME_HISTORY_CODES).toContain(h.code);
  });

  it('programme: joining (opt-in) and a council-decided completion name the member and milestone', () => {
    seq = 0;
    const base = {
      allianceId: 'gcc',
      title: 'Shared early warning picture',
      area: 'air-missile-warning',
      objectives: ['One picture'],
      milestones: [milestone],
    };
    const optIn = fold<ProgrammeState>(
      (prev, a) => applyProgrammeAct(ctx, prev, a),
      [
        act('QAT', ACT.proposed, { ...base, governance: { rule: 'opt-in' } }),
        act('KWT', ACT.joined, {}),
      ],
    );
    expect(optIn.history[1]).toMatchObject({
      code: 'programme.joined',
      params: { member: 'KWT' },
      summary: 'KWT joined',
      type: ACT.joined,
    });
    seq = 0;
    const council = fold<ProgrammeState>(
      (prev, a) => applyProgrammeAct(ctx, prev, a),
      [
        act('QAT', ACT.proposed, {
          ...base,
          governance: {
            rule: 'council',
            charterId: 'gcc',
            decisionType: 'substantive',
            requiredFor: ['complete'],
          },
        }),
        act('QAT', ACT.requestFiled, {
          requestId: 'r1',
          action: 'complete',
          milestoneId: 'm1',
          evidence: 'list circulated',
        }),
        act(SECRETARIAT, ACT.requestSettled, {
          requestId: 'r1',
          procedureId: 'proc-9',
          approved: true,
          reason: 'adopted',
        }),
      ],
    );
    expect(council.history.slice(1).map((h) => [h.code, h.params])).toEqual([
      ['programme.request.complete', { member: 'QAT', milestoneId: 'm1' }],
      [
        'programme.request.approved',
        { procedureId: 'proc-9', member: 'QAT', action: 'complete', milestoneId: 'm1' },
      ],
    ]);
  });

  it('cyber case: declared, offered, status, closed', () => {
    seq = 0;
    const c = fold<CyberCase>(applyCaseAct, [
      act(
        'QAT',
        'cyber.case.declared',
        {
          caseId: 'k1',
          title: 'Ransomware at a port',
          description: 'Terminal systems encrypted',
          severity: 'high',
          classification: 'RESTRICTED',
          releasableTo: ['SAU'],
          requestedAssistance: ['forensics'],
          stixIds: [],
        },
        'k1',
      ),
      act(
        'SAU',
        'cyber.case.offered',
        { caseId: 'k1', offerId: 'o1', kind: 'forensics team', description: 'two analysts' },
        'k1',
      ),
      act('QAT', 'cyber.case.status', { caseId: 'k1', status: 'contained' }, 'k1'),
      act('QAT', 'cyber.case.closed', { caseId: 'k1', summary: 'restored from backups' }, 'k1'),
    ]);
    expect(
      c.history.map(({ actor, code, params, summary }) => [actor, code, params, summary]),
    ).toEqual([
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
      ['QAT', 'cyber.status', { status: 'contained' }, 'status contained'],
      ['QAT', 'cyber.closed', {}, 'closed'],
    ]);
    for (const h of c.history) expect(CYBER_HISTORY_CODES).toContain(h.code);
  });
});

describe('comparableHistory: states stored before history codes still compare equal', () => {
  const replayed = [
    {
      seq: 1,
      at: 't1',
      actor: 'QAT',
      type: 'x',
      summary: 'QAT joined',
      code: 'programme.joined',
      params: { member: 'QAT' },
    },
    {
      seq: 2,
      at: 't2',
      actor: 'SAU',
      type: 'x',
      summary: 'SAU joined',
      code: 'programme.joined',
      params: { member: 'SAU' },
    },
  ];
  const same = (stored: object[]) =>
    canonicalJson(comparableHistory(replayed, stored)) === canonicalJson(stored);

  it('an old entry (no code) matches on its summary; a new entry must match its code too', () => {
    const old = replayed.map(({ code: _c, params: _p, ...rest }) => rest);
    expect(same(old)).toBe(true);
    // Mixed: the older line stored before codes, the newer one with its code.
    expect(same([old[0], replayed[1]])).toBe(true);
    expect(same(replayed)).toBe(true);
    // A stored code or params that the record does not give is a difference.
    expect(same([old[0], { ...replayed[1], params: { member: 'KWT' } }])).toBe(false);
    expect(same([old[0], { ...replayed[1], code: 'programme.left' }])).toBe(false);
    // Without a code, the summary is still compared.
    expect(same([{ ...old[0], summary: 'KWT joined' }, replayed[1]])).toBe(false);
    // A line missing from storage is a difference.
    expect(same([old[0]])).toBe(false);
  });
});
