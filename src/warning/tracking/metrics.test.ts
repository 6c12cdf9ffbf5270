import { describe, expect, it } from 'vitest';
import { meanOspa, ospa, siap, siapCountsAt, type MetricFrame } from './metrics.js';

// Every expected value below is worked out by hand from the definitions in metrics.ts.
describe('OSPA (Schuhmacher et al. 2008), c = 10, p = 1 unless stated', () => {
  it('is 0 for two empty sets and c when exactly one set is empty', () => {
    expect(ospa([], [])).toBe(0);
    expect(
      ospa(
        [],
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
      ),
    ).toBe(10);
    expect(ospa([[1, 2]], [])).toBe(10);
  });

  it('is the distance for one point each, cut off at c', () => {
    expect(ospa([[0, 0]], [[3, 4]])).toBe(5); // 3-4-5 triangle
    expect(ospa([[0, 0]], [[30, 40]])).toBe(10); // min(10, 50)
  });

  it('adds c per unmatched point and divides by the larger cardinality', () => {
    // (0,0)-(1,0): 1, (10,0)-(10,2): 2, (100,100) unmatched: 10 → (1 + 2 + 10) / 3
    const X = [
      [0, 0],
      [10, 0],
    ];
    const Y = [
      [1, 0],
      [10, 2],
      [100, 100],
    ];
    expect(ospa(X, Y)).toBeCloseTo(13 / 3, 12);
    expect(ospa(Y, X)).toBeCloseTo(13 / 3, 12); // symmetric
  });

  it('uses the optimal assignment, not the greedy one', () => {
    // x = 0, 3 and y = 2, 5 on a line: greedy takes 3–2 (1) then 0–5 (5) = 6;
    // the optimum is 0–2 (2) + 3–5 (2) = 4, so OSPA = 4 / 2 = 2.
    expect(
      ospa(
        [
          [0, 0],
          [3, 0],
        ],
        [
          [2, 0],
          [5, 0],
        ],
      ),
    ).toBe(2);
  });

  it('order p = 2: ((5² + 10²) / 2)^(1/2)', () => {
    expect(
      ospa(
        [[0, 0]],
        [
          [3, 4],
          [50, 0],
        ],
        10,
        2,
      ),
    ).toBeCloseTo(Math.sqrt(62.5), 12);
  });

  it('refuses a non-positive cut-off or an order below 1', () => {
    expect(() => ospa([[0]], [[1]], 0)).toThrow();
    expect(() => ospa([[0]], [[1]], 10, 0.5)).toThrow();
  });
});

describe('SIAP completeness / spuriousness / ambiguity (Votruba et al. 2001)', () => {
  const frames: MetricFrame[] = [
    {
      time: 1,
      truths: [
        { id: 'A', pos: [0, 0] },
        { id: 'B', pos: [100, 0] },
      ],
      tracks: [
        { id: 'T1', pos: [1, 0] }, // → A
        { id: 'T2', pos: [2, 0] }, // → A (a second track on A: ambiguity)
        { id: 'T3', pos: [50, 50] }, // no truth within 10: spurious
      ],
    },
    {
      time: 2,
      truths: [
        { id: 'A', pos: [0, 0] },
        { id: 'B', pos: [100, 0] },
      ],
      tracks: [{ id: 'T1', pos: [101, 0] }], // → B
    },
  ];

  it('counts per time', () => {
    expect(siapCountsAt(frames[0], 10)).toEqual({ J: 2, JT: 1, N: 3, NA: 2 });
    expect(siapCountsAt(frames[1], 10)).toEqual({ J: 2, JT: 1, N: 1, NA: 1 });
  });

  it('sums over times: C = 2/4, S = 1/4, A = 3/2', () => {
    const r = siap(frames, 10);
    expect(r.completeness).toBe(0.5);
    expect(r.spuriousness).toBe(0.25);
    expect(r.ambiguity).toBe(1.5);
  });

  it('a track between two truths joins the nearer one only', () => {
    const f: MetricFrame = {
      time: 0,
      truths: [
        { id: 'A', pos: [0, 0] },
        { id: 'B', pos: [8, 0] },
      ],
      tracks: [{ id: 'T', pos: [5, 0] }],
    };
    expect(siapCountsAt(f, 10)).toEqual({ J: 2, JT: 1, N: 1, NA: 1 });
  });

  it('mean OSPA over frames', () => {
    // frame 1: A–T1 1, B unmatched 10, T2/T3: one matched to B at min(10, ·)=10... worked out:
    // truths {A(0,0), B(100,0)}, tracks {(1,0), (2,0), (50,50)}; n = 3, m = 2. Optimal: A–(1,0) = 1,
    // B–(2,0) or B–(50,50) cut to 10, and one track unmatched 10 → (1 + 10 + 10) / 3 = 7.
    // frame 2: A unmatched 10, B–(101,0) = 1 → (1 + 10) / 2 = 5.5. Mean 6.25.
    const r = meanOspa(frames);
    expect(r.values[0]).toBeCloseTo(7, 12);
    expect(r.values[1]).toBeCloseTo(5.5, 12);
    expect(r.mean).toBeCloseTo(6.25, 12);
  });
});
