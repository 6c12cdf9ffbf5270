import { describe, expect, it } from 'vitest';
import { runTrackCommand } from './track-command.js';
import { defaultTrackerConfig } from './tracker-config.js';

const R = [
  [9, 0],
  [0, 9],
];
const det = (time: number, x: number, extra: object = {}) =>
  JSON.stringify({ sensor: 's', time, kind: 'pos', z: [x, 0], R, ...extra });

async function run(lines: string[], coasted = false) {
  const written: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  async function* input() {
    for (const line of lines) yield line;
  }
  const result = await runTrackCommand(
    input(),
    {
      ...defaultTrackerConfig('cv2'),
      initiation: { ...defaultTrackerConfig('cv2').initiation, m: 2, n: 3 },
    },
    {
      write: (l) => written.push(JSON.parse(l) as Record<string, unknown>),
      warn: (l) => warnings.push(l),
    },
    { coasted },
  );
  return { written, warnings, result };
}

describe('#18.7 tahaluf track', () => {
  it('#18.7 NaN and Infinity lines are refused with a per-line message, as is every invalid line', async () => {
    const { warnings, result } = await run([
      det(1, 0),
      '{"sensor":"s","time":2,"kind":"pos","z":[NaN,0],"R":[[9,0],[0,9]]}',
      '{"sensor":"s","time":3,"kind":"pos","z":[Infinity,0],"R":[[9,0],[0,9]]}',
      det(4, 0, {
        R: [
          [-1, 0],
          [0, 9],
        ],
      }),
    ]);
    expect(result.rejected).toBe(3);
    expect(warnings[0]).toMatch(
      /^line 2: rejected: not_json: .*NaN and Infinity are not JSON numbers/,
    );
    expect(warnings[1]).toMatch(/^line 3: /);
    expect(warnings[2]).toMatch(/^line 4: rejected: bad_covariance: R: /);
  });

  it('#18.7 a 9.9e10 timestamp, a 3-hour gap and a late report neither hang nor crash it', async () => {
    const lines = [det(1000, 0), det(1001, 10), det(1002, 20)];
    lines.push(det(1000 + 3 * 3600, 50)); // a 3-hour gap
    lines.push(det(1001.5, 15)); // a late report
    lines.push(det(9.9e10, 0)); // far in the future
    lines.push(det(9.9e10 + 1, 10));
    const { result, written } = await run(lines);
    expect(result.stats.measurements).toBe(7);
    // The old tracks are deleted (coasted) before the far-away scans are gated.
    expect(written.some((w) => w.status === 'deleted')).toBe(true);
  });

  it('#18.7 duplicates are removed as documented; ids over 128 characters are refused, not cut', async () => {
    const long = 'x'.repeat(128);
    const { result, warnings } = await run([
      det(1, 0, { id: 'a' }),
      det(1, 0, { id: 'a' }),
      det(2, 10),
      det(2, 10),
      det(3, 20, { id: `${long}1` }),
      det(3, 20, { id: `${long}2` }),
    ]);
    expect(result.duplicates).toBe(2);
    expect(result.rejected).toBe(2);
    expect(warnings.filter((w) => /bad_id: id: /.test(w))).toHaveLength(2);
    expect(result.stats.measurements).toBe(2);
  });

  it('#18.7 an empty scan counts against tentative tracks at once; initiating and coasted states are written, flagged', async () => {
    const { written } = await run(
      [
        det(1, 0),
        JSON.stringify({ sensor: 's', time: 2, empty: true }),
        JSON.stringify({ sensor: 's', time: 3, empty: true }),
      ],
      true,
    );
    // m=2 of n=3: two empty scans after one hit and the tentative cannot be confirmed any more.
    expect(written[0]).toMatchObject({ status: 'tentative', initiated: true, time: 1 });
    expect(written.at(-1)).toMatchObject({ status: 'deleted', reason: 'not confirmed (M-of-N)' });
    const { written: coasted } = await run(
      [det(1, 0), det(2, 10), det(3, 20), det(4, 500), det(5, 40)],
      true,
    );
    expect(coasted.some((w) => w.coasted === true && w.time === 4)).toBe(true);
  });
});

describe('#18 tahaluf track deletes at the scan of the last allowed miss', () => {
  it('a confirmed track gets its chance at every scan up to the coast limit, then is deleted at that scan, not written as coasted there', async () => {
    const written: Record<string, unknown>[] = [];
    const far = (t: number) => det(t, 5000 * t);
    async function* input() {
      // Track A: hits at 1, 2, 3; scans at 4, 5, 6 (far-away reports only) are misses for it.
      for (const line of [det(1, 0), det(2, 10), det(3, 20), far(4), far(5), far(6), far(7)])
        yield line;
    }
    const base = defaultTrackerConfig('cv2');
    await runTrackCommand(
      input(),
      { ...base, deletion: { ...base.deletion, maxCoastS: 2.5, tentativeMaxCoastS: 2.5 } },
      { write: (l) => written.push(JSON.parse(l) as Record<string, unknown>), warn: () => {} },
      { coasted: true },
    );
    const a = written.filter((w) => w.track === 'T1');
    // Coasted at the 1st and 2nd missed scans, deleted at the 3rd (coast 3 s > 2.5 s) without a
    // coasted line at 6: the same point as Stone Soup's UpdateTimeStepsDeleter(3).
    expect(a.filter((w) => w.coasted).map((w) => w.time)).toEqual([4, 5]);
    expect(a.at(-1)).toMatchObject({ status: 'deleted', reason: 'coasted' });
    const order = written.map((w) => `${String(w.track)}:${String(w.status)}`);
    const deletedAt = order.indexOf('T1:deleted');
    // written while the scan at 6 was processed: after the report at 6 started its track, before the
    // report at 7 did
    const started = (x: number) =>
      written.findIndex((w) => w.initiated === true && (w.x as number[])[0] === x);
    expect(started(30000)).toBeLessThan(deletedAt);
    expect(deletedAt).toBeLessThan(started(35000));
  });
});

describe('#18.7 tahaluf track, ballistic model', () => {
  it(
    '#18.7 a 9.9e10 timestamp after ballistic tracks does not predict across the gap',
    { timeout: 120_000 },
    async () => {
      const R = [
        [1e6, 0, 0],
        [0, 1e6, 0],
        [0, 0, 1e6],
      ];
      const at = (time: number, dz: number) =>
        JSON.stringify({
          sensor: 'S-IR-1',
          time,
          kind: 'ecef',
          z: [3801234, 4412345, 2689012 + dz],
          R,
        });
      const written: unknown[] = [];
      async function* input() {
        for (const line of [
          at(1.75e9, 0),
          at(1.75e9 + 1, 1000),
          at(1.75e9 + 2, 2000),
          at(9.9e10, 0),
        ])
          yield line;
      }
      const result = await runTrackCommand(input(), defaultTrackerConfig(), {
        write: (l) => written.push(JSON.parse(l)),
        warn: () => undefined,
      });
      expect(result.stats.measurements).toBe(4);
      expect(written).toContainEqual(
        expect.objectContaining({ status: 'deleted', reason: 'coasted' }),
      );
    },
  );
});
