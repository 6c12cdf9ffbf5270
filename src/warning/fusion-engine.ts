import {
  checkReport,
  COVARIANCE_BOUNDS,
  covarianceProblem,
  type Measurement,
  type Rejection,
} from './measurement.js';
import { checkSharedTrack, type SharedLocalTrack } from './tracking/track-fusion.js';
import { ecefToGeodetic } from '../geo/wgs84.js';
import { Tracker, type Track, type TrackEvent } from './tracker.js';
import type { TrackerConfig } from './tracker-config.js';
import { predictImpact, ringContains, type ImpactEstimate } from './impact-predictor.js';
import { WarningZones } from './warning-zones.js';
import { AlertIssuer } from './alert-issuer.js';
import { chi2Inv } from './chi-square.js';
import { predict } from './kalman.js';
import { mahalanobis2 } from './linalg.js';
import type { CapMessage } from './cap-message.js';

export interface Threat {
  id: string;
  track: string;
  estimate: ImpactEstimate;
  members: Record<string, number>;
  /** Unix s of the estimate. */
  time: number;
}

/** A member's local track as the engine takes it (checked by `checkTracks`). */
export type SharedTrackInput = SharedLocalTrack & { boosting: boolean };

export interface FusionOutput {
  events: TrackEvent[];
  threats: Threat[];
  caps: CapMessage[];
}

export interface FusionOptions {
  members: string[];
  tracker: TrackerConfig;
  sender?: string;
  status?: 'Actual' | 'Exercise';
  confidence?: number;
  /** Re-estimate a threat at most this often (s of measurement time) until it has warned someone… */
  threatEveryS?: number;
  /** …and at most this often afterwards (CAP updates are rate-limited to 5 s anyway). */
  threatRefreshS?: number;
  /** Queue bound: beyond it reports are rejected as overload (the pipeline never stalls). */
  maxQueue?: number;
  maxAgeS?: number;
  zones?: WarningZones;
  /** Prefix of CAP identifiers (default random, so identifiers never repeat across runs). */
  idPrefix?: string;
  /** Exercise identifier written into every CAP <note> when status is Exercise. */
  exercise?: string;
  /** Real clock for CAP `sent` when `nowS` is simulated (see AlertIssuerOptions.wallClock). */
  wallClock?: () => number;
  /** Per-sensor and per-member intake rate limits (default `DEFAULT_RATE_LIMITS`; false: none). */
  rateLimits?: RateLimits | false;
}

/**
 * Token buckets on the node's clock: a sensor (or a member, over all its sensors) may send `perS`
 * reports per second on average and `burst` at once. A report inside the coarse gate of a confirmed
 * track is never limited (the priority lane): a flood sheds clutter, not the reports that keep real
 * tracks warned. Over the limit: rejected as `rate_limited` and counted.
 */
export interface RateLimits {
  sensorPerS: number;
  sensorBurst: number;
  memberPerS: number;
  memberBurst: number;
}

/**
 * About 4× the busiest sensor of the `busy` scenario (40 launches, clutter ×3: at most 115 reports in
 * 10 s from one radar) and 3× the busiest member (Saudi Arabia, five sensors).
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  sensorPerS: 50,
  sensorBurst: 500,
  memberPerS: 150,
  memberBurst: 1500,
};

class TokenBucket {
  private tokens: number;
  private at: number;
  constructor(
    private readonly perS: number,
    private readonly burst: number,
    nowS: number,
  ) {
    this.tokens = burst;
    this.at = nowS;
  }
  /** Refills to `nowS`; true (and one token taken) when a report may pass. */
  take(nowS: number): boolean {
    if (nowS > this.at) {
      this.tokens = Math.min(this.burst, this.tokens + (nowS - this.at) * this.perS);
      this.at = nowS;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** Puts back a token taken for a report that was refused by another limit. */
  giveBack() {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }
}

/** Report in → tracks → threatened areas → CAP messages per member. Pure apart from the clock passed in. */
export class FusionEngine {
  readonly tracker: Tracker;
  readonly zones: WarningZones;
  readonly issuer: AlertIssuer;
  readonly rejected: Partial<Record<Rejection, number>> = {};
  accepted = 0;
  readonly threats = new Map<string, Threat>();
  private queue: Measurement[] = [];
  /** Members' local tracks waiting for the next flush (#18.8 track-to-track fusion). */
  private sharedQueue: SharedTrackInput[] = [];
  private seen = new Set<string>();
  private seenOrder: string[] = [];
  private lastThreatAt = new Map<string, number>();
  private warned = new Set<string>();
  /** Track id → the earlier threat it continues (a duplicate or re-started track of the same object). */
  private continues = new Map<string, string>();
  /** Latest ballistic estimate per threat, kept until 30 s after its impact (also after its track is dropped). */
  private recent = new Map<string, ImpactEstimate>();
  /** Latest estimate of each live track and the threat it fed. */
  private trackEstimates = new Map<
    string,
    { threat: string; est: ImpactEstimate; burntOut: boolean }
  >();
  /** Lost threats whose all-clear waits for remaining-thrust hypotheses (#18.3, see `noteLost`). */
  lostInBoost = 0;
  /** Tracks split off a threat they had joined because their impact diverged (#18.4). */
  splits = 0;
  /** Threats whose every track was lost: their last state and estimate (a successor may supersede them). */
  private lost = new Map<string, { x: number[]; P: number[][]; t: number; est: ImpactEstimate }>();
  /** A lost threat → the threat now tracking the same missile (its estimates drive the lost one's alerts). */
  readonly supersededBy = new Map<string, string>();
  private readonly sensorBuckets = new Map<string, TokenBucket>();
  private readonly memberBuckets = new Map<string, TokenBucket>();
  /** Reports let through the rate limits because they fell near a confirmed track. */
  priorityPassed = 0;

  constructor(readonly o: FusionOptions) {
    this.tracker = new Tracker(o.tracker);
    this.zones = o.zones ?? new WarningZones(o.members);
    this.issuer = new AlertIssuer({
      sender: o.sender ?? 'tahaluf-ew@secretariat',
      status: o.status ?? 'Exercise',
      idPrefix: o.idPrefix,
      exercise: o.exercise,
      wallClock: o.wallClock,
    });
  }

  /** Validates and queues one report; returns the rejection reason when refused. */
  ingest(
    raw: unknown,
    nowS: number,
    member?: string,
  ): { ok: true } | { ok: false; reason: Rejection; detail: string; field?: string } {
    if (this.queue.length >= (this.o.maxQueue ?? 50_000))
      return this.reject('overload', 'report queue full');
    const c = checkReport(raw, {
      now: nowS,
      maxAgeS: this.o.maxAgeS ?? 120,
      maxFutureS: 5,
      posDim: this.tracker.model.posDim,
    });
    if (!c.ok) return { ...this.reject(c.reason, c.detail), field: c.field };
    const key = c.m.id ? `${c.m.sensor}|${c.m.id}` : `${c.m.sensor}|${c.m.time}|${c.m.z.join(',')}`;
    if (this.seen.has(key)) return this.reject('duplicate', 'report already received');
    const limited = this.overRate(c.m, member, nowS);
    if (limited) return this.reject('rate_limited', limited);
    this.seen.add(key);
    this.seenOrder.push(key);
    if (this.seenOrder.length > 200_000)
      for (const k of this.seenOrder.splice(0, 100_000)) this.seen.delete(k);
    this.queue.push(c.m);
    this.accepted++;
    return { ok: true };
  }

  /** Why the report is over its sensor's or member's rate (null: it may pass). */
  private overRate(m: Measurement, member: string | undefined, nowS: number): string | null {
    const limits = this.o.rateLimits === undefined ? DEFAULT_RATE_LIMITS : this.o.rateLimits;
    if (!limits) return null;
    const bucket = (map: Map<string, TokenBucket>, key: string, perS: number, burst: number) => {
      let b = map.get(key);
      if (!b) map.set(key, (b = new TokenBucket(perS, burst, nowS)));
      return b;
    };
    const sensor = bucket(this.sensorBuckets, m.sensor, limits.sensorPerS, limits.sensorBurst);
    const owner = member
      ? bucket(this.memberBuckets, member, limits.memberPerS, limits.memberBurst)
      : null;
    const sensorOk = sensor.take(nowS);
    if (sensorOk && (!owner || owner.take(nowS))) return null;
    if (sensorOk) sensor.giveBack(); // refused by the member's limit: the sensor's token is not spent
    if (this.tracker.nearConfirmed(m)) {
      this.priorityPassed++;
      return null;
    }
    return sensorOk
      ? `member ${member} over ${limits.memberPerS} reports/s`
      : `sensor ${m.sensor} over ${limits.sensorPerS} reports/s`;
  }

  /**
   * Checks a member's batch of local tracks (#18.8): every one must be a finite 6-D ECEF state at a
   * plausible height with a symmetric positive-definite covariance whose position and velocity
   * standard deviations are within bounds, at a time neither older than `maxAgeS` nor in the future,
   * and no track twice. All or nothing: the first fault is returned and none is queued.
   */
  checkTracks(
    raw: readonly unknown[],
    member: string,
    nowS: number,
  ):
    | { ok: true; tracks: SharedTrackInput[] }
    | { ok: false; index: number; field: string; detail: string } {
    const tracks: SharedTrackInput[] = [];
    const seen = new Set<string>();
    const maxAgeS = this.o.maxAgeS ?? 120;
    for (let index = 0; index < raw.length; index++) {
      const fail = (field: string, detail: string) => ({
        ok: false as const,
        index,
        field,
        detail,
      });
      const item = raw[index];
      const f = typeof item === 'object' && item !== null ? item : {};
      const c = checkSharedTrack({ ...f, member }, 6);
      if (!c.ok) return fail(c.detail.split(':')[0], c.detail);
      const t = c.track;
      if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(t.track))
        return fail('track', 'track: 1–64 of [A-Za-z0-9_.:-]');
      if (t.time < nowS - maxAgeS) return fail('time', `time is more than ${maxAgeS} s old`);
      if (t.time > nowS + 5) return fail('time', 'time is in the future');
      const h = ecefToGeodetic([t.x[0], t.x[1], t.x[2]]).h;
      if (!(h >= -20e3 && h <= 5e6))
        return fail('x', 'position is not between -20 km and 5,000 km height');
      if (Math.hypot(t.x[3], t.x[4], t.x[5]) > 1e4) return fail('x', 'speed above 10 km/s');
      const block = (from: number) => t.P.slice(from, from + 3).map((r) => r.slice(from, from + 3));
      const position = covarianceProblem(block(0), COVARIANCE_BOUNDS.geodetic, 'm');
      if (position) return fail('P', `position block: ${position}`);
      const velocity = covarianceProblem(block(3), { minSigma: 1e-3, maxSigma: 1e4 }, 'm/s');
      if (velocity) return fail('P', `velocity block: ${velocity}`);
      if (seen.has(t.track)) return fail('track', `track ${t.track} twice in one batch`);
      seen.add(t.track);
      const boosting = 'boosting' in f ? f.boosting : undefined;
      if (boosting !== undefined && typeof boosting !== 'boolean')
        return fail('boosting', 'boosting: true or false');
      tracks.push({ ...t, boosting: boosting === true });
    }
    return { ok: true, tracks };
  }

  /** Queues checked local tracks for the next flush (all, or none when the queue is full). */
  ingestTracks(tracks: SharedTrackInput[]): boolean {
    if (this.queue.length + this.sharedQueue.length + tracks.length > (this.o.maxQueue ?? 50_000)) {
      this.rejected.overload = (this.rejected.overload ?? 0) + tracks.length;
      return false;
    }
    this.sharedQueue.push(...tracks);
    this.tracksAccepted += tracks.length;
    return true;
  }

  /** Local tracks members shared (accepted). */
  tracksAccepted = 0;

  /** Each sensor's bias as the live tracker estimates it (sensor-bias estimation on), for status. */
  sensorBiases() {
    return this.tracker.sensorBiases().map((b) => ({
      sensor: b.sensor,
      kind: b.kind,
      units: b.kind === 'rae' ? ['m', 'deg', 'deg'] : ['m', 'm', 'm'],
      bias: b.x,
      sigma: b.P.map((row, i) => Math.sqrt(Math.max(row[i], 0))),
      tracks: b.tracks,
    }));
  }

  /** Load and shedding, for the status endpoint and the picture. */
  load() {
    return {
      sharedTracks: {
        accepted: this.tracksAccepted,
        fused: this.tracker.stats.tracksFused ?? 0,
        started: this.tracker.stats.tracksStarted ?? 0,
        queued: this.sharedQueue.length,
      },
      sensorBiases: this.sensorBiases(),
      queued: this.queue.length,
      tracks: this.tracker.tracks.size,
      tentative: this.tracker.tentativeCount,
      maxTentative: this.tracker.config.initiation.maxTentative,
      shedTentative: this.tracker.stats.shed,
      rateLimited: this.rejected.rate_limited ?? 0,
      overload: this.rejected.overload ?? 0,
      priorityPassed: this.priorityPassed,
      processingErrors: this.rejected.processing_error ?? 0,
    };
  }

  private reject(reason: Rejection, detail: string) {
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
    return { ok: false as const, reason, detail };
  }

  get queued() {
    return this.queue.length + this.sharedQueue.length;
  }

  /**
   * Processes what is queued (scans in time order), re-estimates touched threats, issues CAP. With
   * `maxReports`, only the earliest scans up to about that many reports are processed (whole scans)
   * and the rest stay queued, so a caller can yield to the event loop between slices.
   */
  flush(nowS: number, maxReports = Infinity): FusionOutput {
    let q = this.queue;
    q.sort((a, b) => a.time - b.time || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0));
    let cut = Math.min(q.length, maxReports);
    while (
      cut > 0 &&
      cut < q.length &&
      q[cut].time === q[cut - 1].time &&
      q[cut].sensor === q[cut - 1].sensor
    )
      cut++;
    this.queue = q.slice(cut);
    q = cut === q.length ? q : q.slice(0, cut);
    const events: TrackEvent[] = [];
    // Members' local tracks first, in time order: each is fused into the track of its object (#18.8).
    const shared = this.sharedQueue.sort((a, b) => a.time - b.time);
    this.sharedQueue = [];
    for (const t of shared)
      try {
        events.push(...this.tracker.fuseLocalTrack(t));
      } catch (err) {
        this.rejected.processing_error = (this.rejected.processing_error ?? 0) + 1;
        console.error(`warning: local track ${t.member}/${t.track} at ${t.time} rejected:`, err);
      }
    for (let i = 0; i < q.length;) {
      let j = i + 1;
      while (j < q.length && q[j].time === q[i].time && q[j].sensor === q[i].sensor) j++;
      const scan = q.slice(i, j);
      try {
        events.push(...this.tracker.processScan(scan));
      } catch (err) {
        // Never out of the loop: the scan's reports are rejected and counted, the next scan goes on.
        this.rejected.processing_error = (this.rejected.processing_error ?? 0) + scan.length;
        console.error(
          `warning: scan of ${scan[0].sensor} at ${scan[0].time} (${scan.length} reports) rejected:`,
          err,
        );
      }
      i = j;
    }
    events.push(...this.tracker.prune(Math.max(this.tracker.now, nowS - 60)));
    const threats: Threat[] = [];
    const caps: CapMessage[] = [];
    const touched = new Set(events.filter((e) => e.status === 'confirmed').map((e) => e.track));
    for (const id of touched) {
      const tr = this.tracker.tracks.get(id);
      if (!tr || !this.isThreat(tr)) continue;
      const last = this.lastThreatAt.get(id) ?? -Infinity;
      const every = this.warned.has(id)
        ? (this.o.threatRefreshS ?? 2.5)
        : (this.o.threatEveryS ?? 1);
      if (tr.t - last < every) continue;
      this.lastThreatAt.set(id, tr.t);
      const th = this.assess(tr);
      if (!th) continue;
      threats.push(th);
      let issued: CapMessage[] = [];
      try {
        const members = new Map(Object.entries(th.members));
        const near = this.burntOut(tr) ? this.nearMembers(th.estimate) : undefined;
        const { held, twins } = this.heldByDuplicates(tr, th.id);
        if (twins) this.issuer.sameMissile(th.id, twins);
        issued = this.issuer.onThreat(
          th.id,
          th.estimate,
          members,
          Math.round(nowS * 1000),
          near,
          held,
        );
        for (const [lost, successor] of this.supersededBy)
          if (successor === th.id)
            caps.push(
              ...this.issuer.follow(
                lost,
                th.estimate,
                members,
                Math.round(nowS * 1000),
                near,
                held,
              ),
            );
      } catch (err) {
        console.error(`warning: alerts for threat ${th.id} not issued:`, err);
      }
      if (issued.length) this.warned.add(id);
      caps.push(...issued);
    }
    for (const e of events)
      if (e.status === 'deleted') {
        this.noteLost(e);
        this.lastThreatAt.delete(e.track);
        this.warned.delete(e.track);
        this.threats.delete(`TH-${e.track}`);
        this.continues.delete(e.track);
        this.trackEstimates.delete(e.track);
      }
    for (const [id, e] of this.recent) if (nowS > e.time + 30) this.recent.delete(id);
    for (const [id, lost] of this.lost) if (nowS > lost.est.latestTime + 30) this.lost.delete(id);
    for (const id of this.supersededBy.keys())
      if (!this.issuer.activeAlerts().some((a) => a.threatId === id)) this.supersededBy.delete(id);
    caps.push(...this.issuer.tick(Math.round(nowS * 1000)));
    return { events, threats, caps };
  }

  /**
   * The track's boost was seen and has ended: plume reports were associated with it and none for
   * `PROMPT_AFTER_BOOST_S` past the hold (`boostUntil`). Only then may a member clearly out of its area be
   * cancelled promptly (#18.6). A radar-only track of a boosting missile is "ballistic" to the filter
   * and predicts a short impact: in `busy` seed 3 such estimates left Bahrain, the member at risk, out
   * for 6 s at 60-66 s into an 80 s boost.
   */
  private burntOut(tr: Track): boolean {
    return Number.isFinite(tr.boostUntil) && tr.t - tr.boostUntil >= PROMPT_AFTER_BOOST_S;
  }

  /**
   * Members that another live threat's track — the same object as `tr` (positions agree at 99.99%, as
   * for duplicateOfThreat, allowing `DUPLICATE_SLACK_M` of unmodelled error) — still includes in its area: `threat` may not clear them because its own area
   * left them (#18.3). Two tracks of one missile that disagree on the impact hold the member's alert
   * until they agree or one of them is lost. `twins`: those other threats; the issuer also holds the
   * time-based all-clear of either while the other still alerts the member with a later impact.
   */
  private heldByDuplicates(tr: Track, threat: string): { held?: Set<string>; twins?: Set<string> } {
    let held: Set<string> | undefined;
    let twins: Set<string> | undefined;
    for (const [other, entry] of this.trackEstimates) {
      if (other === tr.id || entry.threat === threat) continue;
      const o = this.tracker.tracks.get(other);
      const th = this.threats.get(entry.threat);
      if (!o || !th || Math.abs(o.t - tr.t) > 5) continue;
      const [a, b] = o.t <= tr.t ? [o, tr] : [tr, o];
      if (!this.positionsAgree(a, b.t - a.t, b, 0.9999, DUPLICATE_SLACK_M)) continue;
      (twins ??= new Set()).add(entry.threat);
      for (const m of Object.keys(th.members)) (held ??= new Set()).add(m);
    }
    return { held, twins };
  }

  /** Members touched by a ballistic estimate's wide area (#18.6; undefined while boosting). */
  private nearMembers(est: ImpactEstimate): Set<string> | undefined {
    if (!est.widePolygon) return undefined;
    return new Set(this.zones.intersect(est.widePolygon, est).byMember.keys());
  }

  /** A confirmed ballistic track moving fast enough to be a missile, not clutter or aircraft. */
  private isThreat(tr: Track): boolean {
    if (this.tracker.model.name !== 'ballistic' || tr.status !== 'confirmed' || tr.updates < 3)
      return false;
    const v = Math.hypot(tr.x[3], tr.x[4], tr.x[5]);
    const sv = Math.sqrt(tr.P[3][3] + tr.P[4][4] + tr.P[5][5]);
    if (!(v > 400 && sv < 0.5 * v)) return false;
    // While boosting, the area is stretched along the heading over every faster burnout: a heading not
    // yet known to about 14° (1σ) stretches it over the wrong countries. Such a track raises no threat
    // of its own while a better track of the same object already carries one (#18.6: the plume track of
    // `single-short` seed 1 alerted Kuwait, Jordan and Egypt, the radar track already warned Qatar).
    if (
      this.tracker.isBoosting(tr) &&
      sv > BOOST_HEADING_SIGMA * v &&
      !this.trackEstimates.has(tr.id)
    )
      return !this.duplicateOfThreat(tr);
    // A young track (fewer than `YOUNG_UPDATES` reports) that is where an older, better-known track of
    // a threat is — the same missile — defers to that threat instead of raising one of its own, until
    // it has grown up or moved apart (#18.6: in the bias benchmark, seed 5043, a track started from one
    // report 3 km off L4's main track, its velocity 2.8 km/s off, raised a threat of its own that alerted
    // Saudi Arabia and the UAE for 550 s; such 4-9-report duplicates alerted members in most seeds).
    if (tr.updates < YOUNG_UPDATES && !this.trackEstimates.has(tr.id))
      return !this.duplicateOfThreat(tr, true);
    return true;
  }

  /**
   * Another live track that carries a threat, with a better-known heading (smaller σ_v / speed), is the
   * same object as `tr` (positions agree at 99.99%).
   */
  private duplicateOfThreat(tr: Track, young = false): boolean {
    const spread = (t: Track) =>
      Math.sqrt(t.P[3][3] + t.P[4][4] + t.P[5][5]) / Math.hypot(t.x[3], t.x[4], t.x[5]);
    for (const other of this.trackEstimates.keys()) {
      const o = this.tracker.tracks.get(other);
      if (!o || o.id === tr.id || Math.abs(o.t - tr.t) > (young ? 10 : 5)) continue;
      if (young ? o.updates <= tr.updates : spread(o) >= spread(tr)) continue;
      const [a, b] = o.t <= tr.t ? [o, tr] : [tr, o];
      if (this.positionsAgree(a, b.t - a.t, b, 0.9999, young ? DUPLICATE_SLACK_M : 0)) return true;
    }
    return false;
  }

  private assess(tr: Track): Threat | null {
    let est: ImpactEstimate | null;
    try {
      est = predictImpact(tr, tr.t, this.tracker.isBoosting(tr), {
        confidence: this.o.confidence ?? 0.99,
      });
    } catch {
      return null; // a non-positive-definite covariance: skip this estimate, the next update retries
    }
    if (!est || est.time < tr.t) return null;
    const { byMember } = this.zones.intersect(est.polygon, est);
    const members: Record<string, number> = {};
    for (const [m, cells] of byMember) members[m] = cells.length;
    let id = this.continues.get(tr.id) ?? `TH-${tr.id}`;
    // A track that has not warned under its own threat yet and whose ballistic impact estimate is
    // statistically the same as a live threat's continues that threat (W4: no second threat per object).
    // Only a precise estimate may join (#18.4: a very uncertain one is "compatible" with anything).
    if (!this.continues.has(tr.id) && !this.warned.has(tr.id) && precise(est)) {
      const same = this.sameThreat(est, id);
      if (same) {
        this.continues.set(tr.id, same);
        this.threats.delete(id);
        id = same;
      }
    } else if (this.continues.has(tr.id) && this.diverged(tr.id, id, est)) {
      // Re-checked at every estimate: a track whose impact no longer agrees with any other track of
      // its threat is another missile and gets a threat of its own (#18.4).
      this.continues.delete(tr.id);
      this.splits++;
      id = `TH-${tr.id}`;
    }
    this.trackEstimates.set(tr.id, { threat: id, est, burntOut: this.burntOut(tr) });
    this.findLost(tr, id, est);
    this.recent.set(id, est);
    const th: Threat = { id, track: tr.id, estimate: est, members, time: tr.t };
    this.threats.set(th.id, th);
    return th;
  }

  /** The live threat (other than `own`) whose latest ballistic impact estimate is compatible at 99% in time and place. */
  private sameThreat(est: ImpactEstimate, own: string): string | null {
    let best: string | null = null,
      bestD2 = chi2Inv(0.99, 2);
    for (const [id, e] of this.recent) {
      // Both estimates precise: an uncertain one is "compatible" with any missile (#18.4).
      if (id === own || est.time > e.time + 30 || !precise(e)) continue;
      const d2 = impactDistance2(est, e);
      if (d2 <= bestD2) {
        bestD2 = d2;
        best = id;
      }
    }
    return best;
  }

  /**
   * A deleted track was the last of its threat (in boost or not): remember it, a successor may supersede
   * it. A track lost before its burnout was seen (plume reports stopped less than
   * `PROMPT_AFTER_BOOST_S` past the hold, or none at all) while still climbing may have been under
   * power when lost: its ballistic estimate is only the no-more-thrust hypothesis. Its threat is then
   * re-estimated from the last state over every remaining-thrust hypothesis and its alerts are held
   * until the latest of them (#18.3: in the 60-launch benchmark, seed 5005, a plume track of a lofted
   * missile lost 16 s before burnout cleared Saudi Arabia "impact time has passed" 248 s before impact).
   */
  private noteLost(e: TrackEvent) {
    const latest = this.trackEstimates.get(e.track);
    // #18.6: also a track lost with a ballistic estimate (a plume track whose boost flag lapsed while the
    // missile was still under power predicts a short impact, and its alerts stood until that impact).
    if (!latest) return;
    for (const [other, entry] of this.trackEstimates)
      if (other !== e.track && entry.threat === latest.threat && this.tracker.tracks.has(other))
        return;
    let est = latest.est;
    if (!est.boostExtended && !latest.burntOut && climbing(e.x)) {
      const all = this.boostHypotheses(e);
      if (all && all.latestTime > est.latestTime) {
        est = all;
        this.lostInBoost++;
        this.issuer.holdLost(
          latest.threat,
          Math.round(all.latestTime * 1000),
          `Track lost (${e.reason ?? 'no reason given'}) before its burnout was seen; ` +
            'the latest credible impact, allowing for remaining thrust, has passed.',
        );
      }
    }
    this.lost.set(latest.threat, { x: e.x, P: e.P, t: e.time, est });
  }

  /** Impact estimate of a lost track's last state over every remaining-thrust hypothesis (null: none). */
  private boostHypotheses(e: TrackEvent): ImpactEstimate | null {
    try {
      return predictImpact({ x: e.x, P: e.P }, e.time, true, {
        confidence: this.o.confidence ?? 0.99,
      });
    } catch {
      return null;
    }
  }

  /**
   * A track that is the same object as a lost threat supersedes it: with a precise (ballistic)
   * estimate, within 60 s of the loss by position (`sameObject`, `sameObjectThen`) and later by its
   * state predicted back to the loss (`sameObjectBack`); still boosting, only within
   * `LATE_TAKEOVER_S` of the loss by position.
   */
  private findLost(tr: Track, threat: string, est: ImpactEstimate) {
    const ballistic = precise(est);
    for (const [lostId, lost] of this.lost) {
      if (lostId === threat || tr.t <= lost.t) continue;
      if (tr.t > lost.est.latestTime || tr.t < lost.est.earliestTime - 2000) continue;
      // A track still boosting (no precise estimate) may take over only just after the loss, while
      // little thrust can have acted over the gap (#18.6: in the bias benchmark, seed 5000, a 6-report
      // track of L1 heading wrong was lost 2 s into its twin's boost, 2.4 km from it, and its alerts of
      // three members not at risk stood for 1,800 s).
      const gap = tr.t - lost.t;
      const same =
        gap <= (ballistic ? 60 : LATE_TAKEOVER_S)
          ? this.sameObject(lost, tr) || this.sameObjectThen(lost, tr)
          : ballistic && this.sameObjectBack(lost, tr, est);
      if (!same) continue;
      this.supersededBy.set(lostId, threat);
      this.lost.delete(lostId);
    }
  }

  /**
   * A threat lost in boost found again much later (#18.6: in the bias benchmark, seed 5043, L1's plume
   * track was lost at 124 s and its radar track only started at 332 s; the lost threat's alerts stood
   * for 1,500 s, to the slowest burnout's impact). After burnout a missile is ballistic, so this
   * track's state predicted back to the lost track's last update is where the missile was then, short
   * by the thrust it had left: up to `BOOST_THRUST_MAX` for 60 s, allowed for (½·a·τ² as 3σ) along
   * the lost track's velocity only. Both the positions agree at 99.99% and this track's (ballistic)
   * impact point lies in the lost threat's area (every remaining-thrust hypothesis).
   */
  private sameObjectBack(
    lost: { x: number[]; P: number[][]; t: number; est: ImpactEstimate },
    tr: Track,
    est: ImpactEstimate,
  ): boolean {
    if (!lost.est.boostExtended || !ringContains(lost.est.polygon, est.lat, est.lon)) return false;
    try {
      const back = predict(
        'ekf',
        this.tracker.model,
        { x: tr.x, P: tr.P },
        lost.t - tr.t,
        this.tracker.config.processNoise.q,
      );
      const v = Math.hypot(lost.x[3], lost.x[4], lost.x[5]);
      const u = [3, 4, 5].map((i) => lost.x[i] / v);
      const along = ((0.5 * BOOST_THRUST_MAX * 60 * 60) / 3) ** 2;
      const diff = [0, 1, 2].map((i) => back.x[i] - lost.x[i]);
      const sum = [0, 1, 2].map((i) =>
        [0, 1, 2].map(
          (j) =>
            back.P[i][j] +
            lost.P[i][j] +
            along * u[i] * u[j] +
            (i === j ? DUPLICATE_SLACK_M ** 2 : 0),
        ),
      );
      return v > 0 && mahalanobis2(diff, sum) <= chi2Inv(0.9999, 3);
    } catch {
      return false;
    }
  }

  /**
   * The lost track's last state, predicted with boost noise to this track's time, agrees in position at
   * 99%. A track lost in boost may have been thrusting for part of the gap, which the model leaves out:
   * then up to `BOOST_THRUST_MAX` m/s² for up to 60 s is allowed for (half of a·τ² as 3σ per axis, #18.6:
   * in `regional-salvo` seed 3 a plume track lost in boost was 56-74 km from the radar track of the same
   * missile 44-58 s later, d² 31-37, and its alerts stood for ~1,400 s).
   */
  private sameObject(
    lost: { x: number[]; P: number[][]; t: number; est: ImpactEstimate },
    tr: Track,
  ): boolean {
    const tau = lost.est.boostExtended ? Math.min(tr.t - lost.t, 60) : 0;
    return this.positionsAgree(
      lost,
      tr.t - lost.t,
      tr,
      0.99,
      (0.5 * BOOST_THRUST_MAX * tau * tau) / 3,
    );
  }

  /**
   * #18.6: the lost track was a duplicate of this one while both were alive (a plume track and a radar
   * track of one missile in boost): this track's own state from its history, at most 5 s before the lost
   * track's last update, predicted to that moment, agrees with it in position at 99.99% (a plume track
   * lags in boost: 3.8 km off the truth with σ 750 m in `single-short` seed 2, d² = 17.9). Predicting the
   * lost state forward instead (`sameObject`) misses these: boost thrust over the gap is not in the model.
   */
  private sameObjectThen(lost: { x: number[]; P: number[][]; t: number }, tr: Track): boolean {
    const h = tr.history.findLast((e) => e.t <= lost.t);
    if (!h || lost.t - h.t > 5) return false;
    return this.positionsAgree(h, lost.t - h.t, lost, 0.9999);
  }

  /** State `a` predicted by `dt` with boost process noise agrees with `b`'s position at `p` (3-D). */
  private positionsAgree(
    a: { x: number[]; P: number[][] },
    dt: number,
    b: { x: number[]; P: number[][] },
    p = 0.99,
    extraSigma = 0,
  ): boolean {
    try {
      const pred = predict(
        this.tracker.config.filter,
        this.tracker.model,
        { x: a.x, P: a.P },
        dt,
        this.tracker.config.processNoise.qBoost,
      );
      const diff = [0, 1, 2].map((i) => pred.x[i] - b.x[i]);
      const sum = [0, 1, 2].map((i) =>
        [0, 1, 2].map((j) => pred.P[i][j] + b.P[i][j] + (i === j ? extraSigma ** 2 : 0)),
      );
      return mahalanobis2(diff, sum) <= chi2Inv(p, 3);
    } catch {
      return false;
    }
  }

  /**
   * Whether a track continuing `threat` has diverged from it: the other tracks of the threat with a
   * recent estimate (within 30 s) all disagree with this one at 99%.
   */
  private diverged(trackId: string, threat: string, est: ImpactEstimate): boolean {
    let others = 0;
    for (const [other, latest] of this.trackEstimates) {
      if (other === trackId || latest.threat !== threat) continue;
      if (Math.abs(latest.est.time - est.time) > 600 || !this.tracker.tracks.has(other)) continue;
      others++;
      if (impactDistance2(est, latest.est) <= chi2Inv(0.99, 2)) return false;
    }
    return others > 0;
  }
}

/** Seconds past a track's boost hold (last plume report + boostHoldS) before prompt Cancels may follow it. */
export const PROMPT_AFTER_BOOST_S = 6;

/** Largest unmodelled thrust acceleration allowed for when matching a track lost in boost, m/s² (about 5 g). */
export const BOOST_THRUST_MAX = 50;

/** Seconds after a loss within which a track still under power may supersede the lost threat. */
export const LATE_TAKEOVER_S = 10;

/**
 * A track with fewer reports than this that is the same object as an older threat's track raises no
 * threat of its own (`isThreat`).
 */
export const YOUNG_UPDATES = 20;

/** Largest velocity spread (σ / speed) of a boosting track that may raise a threat. */
export const BOOST_HEADING_SIGMA = 0.25;

/** Moving away from the Earth's centre (ECEF state): a missile under power climbs. */
function climbing(x: number[]): boolean {
  return x[0] * x[3] + x[1] * x[4] + x[2] * x[5] > 0;
}

/**
 * An estimate precise enough to be matched with another: ballistic (not stretched over possible
 * remaining thrust), impact point within 30 km (1σ, east and north together) and impact time within 30 s.
 */
/**
 * Unmodelled position error (1σ per axis, m) allowed when asking whether two live tracks are the same
 * missile before one of them may clear a member the other still threatens (#18.3). A track started
 * mid-course and coasting is not consistent: in the recall benchmark, seed 5094, the second track of L2
 * was 1.4-4.7 km from the first while its own position σ was 0.2-0.9 km (5-8σ). Erring here only
 * holds an alert longer; it never clears one or joins threats.
 */
const DUPLICATE_SLACK_M = 1500;

function precise(est: ImpactEstimate): boolean {
  return (
    !est.boostExtended && Math.sqrt(est.cov[0][0] + est.cov[1][1]) <= 30_000 && est.sigmaT <= 30
  );
}

/**
 * Squared Mahalanobis distance of two impact estimates on their summed east/north covariances
 * (Infinity when their times disagree beyond 2.58σ + 1 s, or the sum is degenerate).
 */
function impactDistance2(est: ImpactEstimate, e: ImpactEstimate): number {
  if (Math.abs(est.time - e.time) > 2.576 * Math.hypot(est.sigmaT, e.sigmaT) + 1) return Infinity;
  const dE = (est.lon - e.lon) * Math.cos((e.lat * Math.PI) / 180) * 111_320,
    dN = (est.lat - e.lat) * 110_574;
  const a = est.cov[0][0] + e.cov[0][0],
    b = est.cov[0][1] + e.cov[0][1],
    d = est.cov[1][1] + e.cov[1][1];
  const det = a * d - b * b;
  if (!(det > 0)) return Infinity;
  return (d * dE * dE - 2 * b * dE * dN + a * dN * dN) / det;
}
