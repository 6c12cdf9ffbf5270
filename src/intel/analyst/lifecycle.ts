/**
 * Revocation, expiry and decay of intelligence (issue #19.6), computed from the object itself at read
 * time, so every node and every reader applies the same rule to the same bytes:
 *
 * - **revoked**: the latest version the reader sees has `revoked: true` (STIX 2.1 §3.6: a revoked object
 *   is no longer considered valid by its creator; it is never un-revoked).
 * - **expired**: an indicator whose `valid_until` is at or before now (STIX 2.1 §4.7: the indicator
 *   should no longer be considered valid after that time).
 * - **not yet valid**: an indicator whose `valid_from` is after now.
 * - **decayed**: an indicator whose score has decayed below the model's threshold.
 *
 * The decay model (the polynomial model of MISP's decaying-indicators feature, written from its
 * description: `score(t) = base × (1 − (t / τ)^(1/δ))`, 0 once t ≥ τ):
 * - `base` is the indicator's `confidence` (0–100); an indicator without one starts at
 *   `defaultBase` (50, the STIX "medium" of the None/Low/Med/High scale, Appendix A);
 * - `t` is the time since the indicator was last asserted: the later of its `valid_from` and `modified`
 *   (a new version from the originator restarts the clock);
 * - `τ` (lifetime) and `δ` (decay speed: 1 linear, < 1 slow at first then fast, > 1 fast at first) per
 *   model, defaults 180 days and 1; an indicator whose `valid_until` is earlier than `t0 + τ` expires then.
 * Only indicators decay; other objects have `score: null`.
 *
 * Feeds, search and correlation (`/api/intel/feed`, `/api/intel/correlate`, `tahaluf intel correlate`)
 * leave out what is not `active` unless asked to include it (`include=inactive`), and show the state and
 * score of what they return. TAXII serves every stored version unchanged: deciding is the consumer's
 * (a revoked or expired object is still a valid STIX object).
 */
export interface DecayModel {
  lifetimeDays: number;
  speed: number;
  /** Below this score an indicator counts as decayed. */
  threshold: number;
  defaultBase: number;
}

export const DEFAULT_DECAY: DecayModel = {
  lifetimeDays: 180,
  speed: 1,
  threshold: 20,
  defaultBase: 50,
};

export type LifecycleState = 'active' | 'revoked' | 'expired' | 'not-yet-valid' | 'decayed';

export interface Lifecycle {
  state: LifecycleState;
  /** The decayed score, 0–100 with one decimal; null for objects that are not indicators. */
  score: number | null;
}

const DAY_MS = 86_400_000;

/** Checks a decay model, naming the first bad field. */
export function decayModelIssue(m: DecayModel): string | null {
  if (!(m.lifetimeDays > 0 && m.lifetimeDays <= 36_500))
    return 'lifetimeDays must be in (0, 36500]';
  if (!(m.speed > 0 && m.speed <= 100)) return 'speed must be in (0, 100]';
  if (!(m.threshold >= 0 && m.threshold <= 100)) return 'threshold must be in [0, 100]';
  if (!(m.defaultBase >= 0 && m.defaultBase <= 100)) return 'defaultBase must be in [0, 100]';
  return null;
}

const time = (v: unknown): number | null => {
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
};

/** The decayed score of an indicator at `now` (ms), or null for other objects. */
export function decayedScore(
  obj: Record<string, unknown>,
  now: number,
  m: DecayModel = DEFAULT_DECAY,
): number | null {
  if (obj.type !== 'indicator') return null;
  const base =
    typeof obj.confidence === 'number' && obj.confidence >= 0 && obj.confidence <= 100
      ? obj.confidence
      : m.defaultBase;
  const t0 = Math.max(time(obj.valid_from) ?? -Infinity, time(obj.modified) ?? -Infinity);
  if (!Number.isFinite(t0)) return base;
  const t = Math.max(0, now - t0) / DAY_MS;
  if (t >= m.lifetimeDays) return 0;
  const s = base * (1 - Math.pow(t / m.lifetimeDays, 1 / m.speed));
  return Math.round(s * 10) / 10;
}

export function lifecycleOf(
  obj: Record<string, unknown>,
  now: number,
  m: DecayModel = DEFAULT_DECAY,
): Lifecycle {
  const score = decayedScore(obj, now, m);
  if (obj.revoked === true) return { state: 'revoked', score };
  if (obj.type === 'indicator') {
    const until = time(obj.valid_until);
    if (until !== null && until <= now) return { state: 'expired', score };
    const from = time(obj.valid_from);
    if (from !== null && from > now) return { state: 'not-yet-valid', score };
    if (score !== null && score < m.threshold) return { state: 'decayed', score };
  }
  return { state: 'active', score };
}

/** Whether a reader's listing shows an object: active ones always, the rest only when asked for. */
export const shown = (l: Lifecycle, includeInactive: boolean): boolean =>
  includeInactive || l.state === 'active';
