import { expect, it } from 'vitest';
import { useTestApp } from '../app/testing.js';
import { ManualClock } from '../core/clock.js';
import { programmesModule } from './module.js';
import type { ProgrammeState } from './model.js';
import { ILLUSTRATIVE_PROGRAMMES } from './seed.js';

const clock = new ManualClock('2026-06-01T08:00:00Z');
const { node, app } = useTestApp({ clock, seedModules: true });

it('seeds illustrative programmes for the GCC and the joint Arab force, labelled, sourced, once; compared on the same measures', async () => {
  const list = async () =>
    (await app.inject({ method: 'GET', url: '/api/programmes' }))
      .json<ProgrammeState[]>()
      .filter((p) => p.illustrative);
  const seeded = await list();
  expect(seeded.map((p) => p.title).sort()).toEqual(
    ILLUSTRATIVE_PROGRAMMES.map((p) => p.title).sort(),
  );
  for (const p of seeded) {
    expect(p.title).toMatch(/\(illustrative\)$/);
    expect(p.illustrativeNote).toMatch(/^Illustrative: /);
    expect(p.sources?.length).toBeGreaterThan(0);
    // Signed by the illustrative identity, never a member's key.
    const acts = await node.record.list({ subject: p.id });
    expect(new Set(acts.map((a) => a.actor))).toEqual(new Set(['ILLUSTRATIVE']));
  }
  const gccWarning = seeded.find((p) => p.area === 'air-missile-warning')!;
  expect(gccWarning.sources![0].url).toBe(
    'https://www.gcc-sg.org/en/MediaCenter/News/Pages/news2025-9-18-5.aspx',
  );
  expect(gccWarning.participants.map((x) => x.member).sort()).toEqual([
    'ARE',
    'BHR',
    'KWT',
    'OMN',
    'QAT',
    'SAU',
  ]);
  // Seeding again adds nothing.
  const before = await node.record.count();
  await programmesModule.seed!(node);
  expect(await node.record.count()).toBe(before);
  expect((await list()).length).toBe(seeded.length);

  // GCC vs the proposed joint Arab force: programme participation 6 of 6 vs 4 of 22 (EGY, JOR, MAR,
  // SAU), the illustrative programmes listed with their sources next to the figures.
  const cmp = await app.inject({
    method: 'GET',
    url: '/api/cohesion/compare?alliances=gcc,joint-arab-force&from=2026-06-01&to=2026-06-01',
  });
  const body = cmp.json<{
    alliances: Record<string, { indices: Record<string, { num: number; den: number }> }[]>;
    illustrative: Record<string, { title: string; sources: unknown[] }[]>;
  }>();
  expect(body.alliances.gcc[0].indices.programmeParticipation).toMatchObject({ num: 6, den: 6 });
  expect(body.alliances['joint-arab-force'][0].indices.programmeParticipation).toMatchObject({
    num: 4,
    den: 22,
  });
  expect(body.illustrative.gcc.map((p) => p.title)).toHaveLength(2);
  expect(body.illustrative['joint-arab-force'].every((p) => p.sources.length > 0)).toBe(true);
  const verify = await programmesModule.verify!(node);
  expect(verify.filter((f) => !f.ok)).toEqual([]);
});
