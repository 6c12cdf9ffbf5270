import { describe, expect, it } from 'vitest';
import { useIntelEnv } from '../testing.js';
import { DEFAULT_DECAY, decayedScore, decayModelIssue, lifecycleOf } from './lifecycle.js';
import { get, indicatorFor, post } from './testing.js';

const DAY = 86_400_000;
type Feed = { items: { name: string; lifecycle: { state: string; score: number } }[] };
const at = (iso: string) => Date.parse(iso);

describe('lifecycle: revocation, expiry and decay', () => {
  const ind = (extra: Record<string, unknown>) => ({
    type: 'indicator',
    valid_from: '2026-01-01T00:00:00Z',
    modified: '2026-01-01T00:00:00Z',
    ...extra,
  });

  it('decays polynomially from confidence (default 50) to 0 at the lifetime', () => {
    const t0 = at('2026-01-01T00:00:00Z');
    expect(decayedScore(ind({ confidence: 80 }), t0)).toBe(80);
    expect(decayedScore(ind({ confidence: 80 }), t0 + 90 * DAY)).toBe(40); // linear, half the 180-day lifetime
    expect(decayedScore(ind({}), t0 + 90 * DAY)).toBe(25);
    expect(decayedScore(ind({ confidence: 80 }), t0 + 180 * DAY)).toBe(0);
    expect(decayedScore(ind({ confidence: 80 }), t0 + 400 * DAY)).toBe(0);
    // speed 0.5: slow at first, fast at the end (1 − (t/τ)²)
    const slow = { ...DEFAULT_DECAY, speed: 0.5 };
    expect(decayedScore(ind({ confidence: 80 }), t0 + 90 * DAY, slow)).toBe(60);
    // a new version (modified) restarts the clock
    expect(
      decayedScore(
        ind({ confidence: 80, modified: '2026-03-01T00:00:00Z' }),
        at('2026-03-01T00:00:00Z'),
      ),
    ).toBe(80);
    expect(decayedScore({ type: 'report' }, t0)).toBeNull();
  });

  it('states: revoked, expired, not yet valid, decayed, active', () => {
    const now = at('2026-03-01T00:00:00Z');
    expect(lifecycleOf(ind({ revoked: true }), now).state).toBe('revoked');
    expect(lifecycleOf({ type: 'report', revoked: true }, now).state).toBe('revoked');
    expect(lifecycleOf(ind({ valid_until: '2026-02-01T00:00:00Z' }), now).state).toBe('expired');
    expect(lifecycleOf(ind({ valid_until: '2026-03-01T00:00:00Z' }), now).state).toBe('expired');
    expect(lifecycleOf(ind({ valid_from: '2026-04-01T00:00:00Z' }), now).state).toBe(
      'not-yet-valid',
    );
    expect(lifecycleOf(ind({ confidence: 10 }), now)).toEqual({ state: 'decayed', score: 6.7 });
    expect(lifecycleOf(ind({ confidence: 90 }), now).state).toBe('active');
  });

  it('checks a decay model', () => {
    expect(decayModelIssue(DEFAULT_DECAY)).toBeNull();
    expect(decayModelIssue({ ...DEFAULT_DECAY, lifetimeDays: 0 })).toMatch(/lifetimeDays/);
    expect(decayModelIssue({ ...DEFAULT_DECAY, speed: -1 })).toMatch(/speed/);
  });
});

describe('lifecycle respected by the console feed', () => {
  const env = useIntelEnv('sqlite');

  it('leaves out revoked, expired and decayed indicators unless include=inactive, and shows state and score', async () => {
    // The environment's clock is 2026-03-01T08:00Z.
    const L = { originator: 'SAU', rel: ['GCC'] };
    const active = indicatorFor(L, "[ipv4-addr:value = '198.51.100.1']", {
      name: 'active one',
      confidence: 90,
      modified: '2026-02-20T00:00:00.000Z',
      valid_from: '2026-02-20T00:00:00Z',
    });
    const revokedV1 = indicatorFor(L, "[ipv4-addr:value = '198.51.100.2']", {
      name: 'revoked one',
      modified: '2026-02-20T00:00:00.000Z',
      confidence: 90,
    });
    const revokedV2 = { ...revokedV1, modified: '2026-02-21T00:00:00.000Z', revoked: true };
    const expired = indicatorFor(L, "[ipv4-addr:value = '198.51.100.3']", {
      name: 'expired one',
      confidence: 90,
      modified: '2026-02-20T00:00:00.000Z',
      valid_until: '2026-02-28T00:00:00Z',
    });
    const decayed = indicatorFor(L, "[ipv4-addr:value = '198.51.100.4']", {
      name: 'decayed one',
      confidence: 30,
      modified: '2025-12-01T00:00:00.000Z',
    });
    const st = await post(env, 'SAU', [active, revokedV1, revokedV2, expired, decayed]);
    expect(st.success_count).toBe(5);
    const feed = (await get(env, 'QAT', '/api/intel/feed?type=indicator')).json<Feed>();
    expect(feed.items.map((i) => i.name)).toEqual(['active one']);
    expect(feed.items[0].lifecycle.state).toBe('active');
    const all = (
      await get(env, 'QAT', '/api/intel/feed?type=indicator&include=inactive')
    ).json<Feed>();
    const states = Object.fromEntries(all.items.map((i) => [i.name, i.lifecycle.state]));
    expect(states).toEqual({
      'active one': 'active',
      'revoked one': 'revoked',
      'expired one': 'expired',
      'decayed one': 'decayed',
    });
    // TAXII still serves every version unchanged (the consumer decides).
    const taxii = await get(
      env,
      'QAT',
      `/taxii2/api1/collections/gcc/objects/${revokedV1.id as string}/`,
    );
    expect(taxii.statusCode).toBe(200);
    expect(taxii.json<{ objects: { revoked?: boolean }[] }>().objects[0].revoked).toBe(true);
  });
});
