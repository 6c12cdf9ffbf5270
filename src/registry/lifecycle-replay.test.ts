import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { dayOf } from '../core/dates.js';
import { openTestNode, type TestNode } from '../app/testing.js';
import { SECRETARIAT } from '../record/model.js';
import { historyActs } from './lifecycle-history.js';
import { LifecycleProjection } from './lifecycle.js';
import { LifecycleRecorder } from './lifecycle-recorder.js';
import { loadLifecycleRules } from './lifecycle-rules.js';
import { Registry } from './registry.js';
import { loadSeedData } from './seed.js';

const SEED = fileURLToPath(new URL('../../data/seed/', import.meta.url));
const REPLAYED = ['arab-league', 'gcc'];
const TODAY = '2026-12-03';

/** Every day from `from` to `to` inclusive. */
function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`), i = 0; i < 40_000; i++, t += 86_400_000) {
    const d = dayOf(new Date(t));
    if (d > to) return;
    yield d;
  }
}

/** What a day's member list says: state, role, suspended, entry date known, certainty. */
const table = (r: Registry, allianceId: string, day: string) =>
  r
    .membersOn(allianceId, day)
    .map(
      (m) =>
        `${m.state}:${m.role}:${m.suspended ? 'S' : '-'}:${m.entryDateKnown ? 'K' : '?'}:${m.membership.certainty}`,
    )
    .join(' ');

/** Compares two registries day by day; returns the first days that differ (at most 5). */
function differences(seeded: Registry, derived: Registry): string[] {
  const out: string[] = [];
  for (const id of REPLAYED)
    for (const day of days('1945-01-01', TODAY)) {
      const a = table(seeded, id, day);
      const b = table(derived, id, day);
      if (a !== b) out.push(`${id} ${day}: seed [${a}] vs acts [${b}]`);
      if (out.length >= 5) return out;
    }
  return out;
}

describe('#14 acceptance: the Arab League and the GCC re-derived through life-cycle acts, day by day', () => {
  const seed = loadSeedData(SEED);
  const stripped = {
    ...seed,
    memberships: seed.memberships.filter((m) => !REPLAYED.includes(m.allianceId)),
  };
  const rules = loadLifecycleRules(new Set(seed.alliances.map((a) => a.id)));
  const acts = REPLAYED.flatMap((id) => historyActs(seed, id)).sort((a, b) =>
    a.date.localeCompare(b.date),
  );
  let node: TestNode;
  beforeAll(async () => {
    node = await openTestNode({ clock: new ManualClock(`${TODAY}T09:00:00Z`), modules: [] });
  });
  afterAll(() => node.close());

  it('the history is told by admissions, suspensions, readmissions and an exit into the UAR', () => {
    const kinds = acts.map((a) => `${a.allianceId}/${a.state} ${a.kind} ${a.date}`);
    expect(kinds).toContain('arab-league/SYR exit 1958-02-22');
    expect(kinds).toContain('arab-league/SYR admission 1961-09-28');
    expect(kinds).toContain('arab-league/SYR suspension 2011-11-16');
    expect(kinds).toContain('arab-league/SYR readmission 2023-05-07');
    expect(kinds).toContain('arab-league/EGY suspension 1979-03-31');
    expect(kinds.filter((k) => k.startsWith('gcc/'))).toHaveLength(6);
    expect(acts.every((a) => a.record!.sources.length > 0)).toBe(true);
  });

  it('projected in memory (the rules engine alone), the tables equal the seed on every day 1945–today', () => {
    const projection = new LifecycleProjection(stripped, rules);
    for (const [i, p] of acts.entries())
      projection.step(
        p,
        { actor: SECRETARIAT, today: TODAY, decision: null, historical: true, live: false },
        `history-${i}`,
      );
    const derived = new Registry(stripped);
    derived.project(projection.memberships, [...projection.alliances.values()]);
    expect(differences(new Registry(seed), derived)).toEqual([]);
  });

  it('recorded as signed acts and re-loaded from the record, the tables equal the seed on every day', async () => {
    const derived = new Registry(stripped);
    const recorder = new LifecycleRecorder(node.record, derived, node.clock, {
      rules,
      historical: true,
    });
    for (const p of acts) await recorder.recordAct(SECRETARIAT, p);
    expect(await node.record.countMatching({ typePrefix: 'registry.lifecycle.' })).toBe(
      acts.length,
    );
    expect(differences(new Registry(seed), derived)).toEqual([]);
    // A second process starting from the record alone gets the same tables.
    const again = new Registry(stripped);
    await new LifecycleRecorder(node.record, again, node.clock, { rules }).load();
    expect(differences(new Registry(seed), again)).toEqual([]);
  });

  it('the same rules refuse a history that breaks them: a second admission, a suspension of a non-member', async () => {
    const projection = new LifecycleProjection(stripped, rules);
    const ctx = { actor: SECRETARIAT, today: TODAY, decision: null, historical: true, live: false };
    for (const [i, p] of acts.entries()) projection.step(p, ctx, `h-${i}`);
    const record = { note: 'test', sources: [{ title: 'test' }] };
    expect(() =>
      projection.step(
        { kind: 'admission', allianceId: 'gcc', state: 'QAT', date: '1990-01-01', record },
        ctx,
        'x',
      ),
    ).toThrow(/cannot be admitted twice/);
    expect(() =>
      projection.step(
        { kind: 'suspension', allianceId: 'gcc', state: 'IRQ', date: '1990-01-01', record },
        ctx,
        'x',
      ),
    ).toThrow(/IRQ is not a member/);
    expect(() =>
      projection.step(
        {
          kind: 'readmission',
          allianceId: 'arab-league',
          state: 'SYR',
          date: '2024-01-01',
          record,
        },
        ctx,
        'x',
      ),
    ).toThrow(/not suspended/);
    // Syria could not act on its own while it was part of the United Arab Republic.
    expect(() =>
      projection.step(
        { kind: 'withdrawal', allianceId: 'arab-league', state: 'SYR', date: '1959-01-01', record },
        ctx,
        'x',
      ),
    ).toThrow(/United Arab Republic/);
  });
});
