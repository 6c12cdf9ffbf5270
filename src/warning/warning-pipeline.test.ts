import { sharedPath } from '../../test/support/shared.js';
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExercise } from './exercise-runner.js';
import { getNetwork, getScenario, scenarioLaunches } from './scenarios.js';
import { defaultTrackerConfig } from './tracker-config.js';
import { capXml, capPolygon } from './cap-message.js';
import { FusionEngine } from './fusion-engine.js';
import type { LaunchSpec } from './trajectory.js';

const XSD = sharedPath('standards/cap/CAP-v1.2.xsd');
const net = getNetwork('gulf-illustrative');

/** Validates CAP documents against the official schema with the xmllint binary, else xmllint-wasm. */
async function validateCap(xmls: string[]): Promise<string[]> {
  const errors: string[] = [];
  let hasBinary = true;
  try {
    execFileSync('which', ['xmllint']);
  } catch {
    hasBinary = false;
  }
  if (hasBinary) {
    const dir = mkdtempSync(join(tmpdir(), 'cap-'));
    const files = xmls.map((x, i) => {
      const f = join(dir, `m${i}.xml`);
      writeFileSync(f, x);
      return f;
    });
    for (let i = 0; i < files.length; i += 200) {
      try {
        execFileSync('xmllint', ['--noout', '--schema', XSD, ...files.slice(i, i + 200)], {
          stdio: 'pipe',
        });
      } catch (e: any) {
        errors.push(String(e.stderr));
      }
    }
    return errors;
  }
  const { validateXML } = await import('xmllint-wasm');
  const { readFileSync } = await import('node:fs');
  const schema = readFileSync(XSD, 'utf8');
  for (const x of xmls) {
    const r = await validateXML({
      xml: [{ fileName: 'm.xml', contents: x }],
      schema: [{ fileName: 'CAP-v1.2.xsd', contents: schema }],
    });
    if (!r.valid) errors.push(r.rawOutput);
  }
  return errors;
}

describe('warning pipeline on simulated exercises', () => {
  it(
    'warns every launch before impact, CAP messages validate, Alert → Update → Cancel',
    { timeout: 180_000 },
    async () => {
      const target = { lat: 24.5, lon: 46.9 };
      const launches: LaunchSpec[] = [
        ...scenarioLaunches(getScenario('single-short'), net.members, 1),
        { id: 'M2', launch: { lat: 17.5, lon: 38.5 }, target, t0: 30, profile: 'minimum-energy' },
        {
          id: 'M3',
          launch: { lat: 33.0, lon: 60.0 },
          target: { lat: 25.3, lon: 55.4 },
          t0: 20,
          profile: 'depressed',
        },
      ];
      const r = runExercise(
        net,
        launches,
        { seed: 5, epoch: 1.75e9 },
        { tracker: defaultTrackerConfig() },
      );
      for (const o of r.outcomes) {
        expect(o.warnedBeforeImpact, `launch ${o.launch}`).toBe(true);
        expect(o.coverFraction!).toBeLessThan(0.4);
      }
      expect(r.caps.length).toBeGreaterThan(3);
      for (const c of r.caps) {
        const ring = capPolygon(c.polygon).split(' ');
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toBe(ring[ring.length - 1]);
      }
      const xml = r.caps.map((c) => capXml(c));
      expect(xml[0]).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00<\/sent>/);
      expect(await validateCap(xml)).toEqual([]);
      // Lifecycle per (threat, member): starts with Alert, ends with Cancel after the impact time.
      const byKey = new Map<string, typeof r.caps>();
      for (const c of r.caps)
        byKey.set(`${c.threatId}|${c.member}`, [
          ...(byKey.get(`${c.threatId}|${c.member}`) ?? []),
          c,
        ]);
      let sawUpdate = false;
      for (const list of byKey.values()) {
        // A member may leave the area (Cancel) and re-enter (new Alert): episodes of Alert, Update*, Cancel.
        expect(list.map((m) => m.msgType[0]).join('')).toMatch(/^(AU*C)+$/);
        if (list.some((m) => m.msgType === 'Update')) sawUpdate = true;
        const firstCancel = list.findIndex((m) => m.msgType === 'Cancel');
        expect(list[firstCancel].references.length).toBe(firstCancel);
      }
      expect(sawUpdate).toBe(true);
      // The member whose territory holds the short-range target is warned.
      const qat = r.outcomes.find((o) => o.launch === 'L1')!;
      expect(qat.members).toContain('QAT');
    },
  );

  it(
    'rejects malformed and hostile reports with a reason, and still warns through them',
    { timeout: 120_000 },
    () => {
      const launches = scenarioLaunches(getScenario('single-short'), net.members, 2);
      const clean = runExercise(
        net,
        launches,
        { seed: 2, epoch: 1.75e9 },
        { tracker: defaultTrackerConfig() },
      );
      const e = new FusionEngine({
        members: net.members,
        tracker: defaultTrackerConfig(),
        maxQueue: 1000,
        rateLimits: false, // this case is about the queue bound (rate limits: flood.slow.test.ts)
      });
      const now = 1.75e9 + 100;
      const good = {
        sensor: 'R-QAT-1',
        time: now,
        kind: 'ecef',
        z: [3.6e6, 4.5e6, 2.7e6],
        R: [
          [1e4, 0, 0],
          [0, 1e4, 0],
          [0, 0, 1e4],
        ],
      };
      const cases: [unknown, string][] = [
        [null, 'not_object'],
        ['x', 'not_object'],
        [{ ...good, sensor: '' }, 'bad_sensor'],
        [{ ...good, time: NaN }, 'bad_time'],
        [{ ...good, time: 1e15 }, 'bad_time'],
        [{ ...good, time: now - 3600 }, 'too_old'],
        [{ ...good, time: now + 3600 }, 'in_future'],
        [{ ...good, kind: 'sonar' }, 'bad_kind'],
        [{ ...good, z: [1, NaN, 3] }, 'bad_measurement'],
        [
          {
            ...good,
            R: [
              [1, 0, 0],
              [0, -1, 0],
              [0, 0, 1],
            ],
          },
          'bad_covariance',
        ],
        [
          {
            ...good,
            R: [
              [1, 2, 0],
              [0, 1, 0],
              [0, 0, 1],
            ],
          },
          'bad_covariance',
        ],
        [{ ...good, z: [1, 2, 3] }, 'implausible'],
        [{ ...good, kind: 'rae', z: [1e5, 10, 5], site: { lat: 999, lon: 0, h: 0 } }, 'bad_site'],
      ];
      for (const [raw, reason] of cases) {
        const res = e.ingest(raw, now);
        expect(res.ok ? 'accepted' : res.reason, JSON.stringify(raw)).toBe(reason);
      }
      expect(e.ingest({ ...good, id: 'a' }, now).ok).toBe(true);
      expect(e.ingest({ ...good, id: 'a' }, now)).toMatchObject({ ok: false, reason: 'duplicate' });
      for (let i = 0; i < 2000; i++) e.ingest({ ...good, id: `f${i}` }, now);
      expect(e.rejected.overload).toBeGreaterThan(0); // the queue is bounded: a flood is shed, not buffered
      expect(e.queued).toBe(1000);
      e.flush(now);
      expect(e.queued).toBe(0);

      // Same exercise with every report duplicated, NaN copies and a flood of junk interleaved.
      const noisy = runExercise(
        net,
        launches,
        { seed: 2, epoch: 1.75e9 },
        { tracker: defaultTrackerConfig() },
        {
          tamper: (rep: any, k) => [
            rep,
            { ...rep },
            { ...rep, id: `${rep.id}-nan`, z: [NaN, ...rep.z.slice(1)] },
            { ...rep, id: `${rep.id}-t`, time: Infinity },
            ...(k % 5 === 0
              ? Array.from({ length: 50 }, (_, j) => ({ sensor: 'junk', time: 'soon', j }))
              : []),
          ],
        },
      );
      expect(clean.outcomes[0].warnedBeforeImpact).toBe(true);
      expect(noisy.outcomes[0].warnedBeforeImpact).toBe(true);
      expect(noisy.engine.rejected.duplicate).toBeGreaterThan(100);
      expect(noisy.engine.rejected.bad_measurement).toBeGreaterThan(100);
      expect(noisy.engine.rejected.bad_time).toBeGreaterThan(1000);
      expect(noisy.engine.tracker.stats.confirmed).toBe(clean.engine.tracker.stats.confirmed);
    },
  );
});
