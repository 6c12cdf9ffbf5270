import { randomUUID } from 'node:crypto';
import { capReference, type CapMessage } from './cap-message.js';
import type { ImpactEstimate } from './impact-predictor.js';

interface ActiveAlert {
  threatId: string;
  member: string;
  messages: CapMessage[];
  areaKm2: number;
  impactTime: number;
  lastSent: number;
  polygon: [number, number][];
  /** First estimate time (ms) of the current continuous run of ballistic estimates that leave this member out. */
  outsideSince?: number;
  /** The same, counting only estimates whose wide area (`near`) leaves the member out too, and how many. */
  clearlyOutSince?: number;
  clearlyOutCount?: number;
  /**
   * Latest credible impact of the threat's newest estimate (ms, every hypothesis, +3σ), also while
   * this member is outside its area: no all-clear for time before it has passed.
   */
  threatImpact: number;
  /** Why the all-clear comes when it does, when not simply the predicted impact (a lost track). */
  clearNote?: string;
}

export interface AlertIssuerOptions {
  sender: string;
  status: 'Actual' | 'Exercise';
  /** Minimum spacing of Updates for one alert, ms, unless its area halves. */
  minUpdateMs?: number;
  /** Issue an Update when the area shrinks below this fraction of the last one. */
  shrinkRatio?: number;
  /** All clear this long after the predicted impact, ms. */
  allClearAfterMs?: number;
  /**
   * Hysteresis: a member leaves an alert before impact only after every estimate for this long (ms) has
   * left it out AND the missile is past boost (the area has matured). Default 20 s.
   */
  leaveAfterMs?: number;
  /**
   * Prompt Cancel (#18.6): a member left out of the *wide* area (`near`, at 1 − 10⁻⁶) of every ballistic
   * estimate for this long (ms) and at least `promptLeaveEstimates` estimates in a row is clearly out of
   * danger and gets its Cancel without waiting `leaveAfterMs`. Default 6 s.
   */
  promptLeaveMs?: number;
  /** Default 2. */
  promptLeaveEstimates?: number;
  /** A member cleared because it left the area is alerted again only when included for this long (ms). Default 5 s. */
  rejoinAfterMs?: number;
  /** Makes identifiers unique across issuers and restarts (default: random). */
  idPrefix?: string;
  /** Exercise identifier for status Exercise (CAP 1.2: it SHOULD appear in <note>). */
  exercise?: string;
  /**
   * Real clock (Unix ms) for `sent` when the times passed in are simulated (accelerated or instant
   * exercises): `sent` is then the real time, and the simulated one is carried as `simTime`.
   */
  wallClock?: () => number;
}

/**
 * Turns threat estimates into CAP messages per member: Alert when a member's zones are first touched,
 * Update as the area shrinks or moves, Cancel when the member leaves the area or after impact.
 */
export class AlertIssuer {
  private readonly active = new Map<string, ActiveAlert>();
  /** Alerts cleared because the member left the area: since when it is included again (-1: not included). */
  private readonly left = new Map<string, number>();
  /** Threat → the threats found to carry tracks of the same missile (`sameMissile`), both ways. */
  private readonly twins = new Map<string, Set<string>>();
  private seq = 0;
  private readonly prefix: string;
  constructor(private readonly o: AlertIssuerOptions) {
    this.prefix = o.idPrefix ?? randomUUID().slice(0, 8);
  }

  activeAlerts(): {
    threatId: string;
    member: string;
    impactTime: number;
    polygon: [number, number][];
  }[] {
    return [...this.active.values()].map(({ threatId, member, impactTime, polygon }) => ({
      threatId,
      member,
      impactTime,
      polygon,
    }));
  }

  /**
   * A threat's new estimate and the members whose zones it touches (ISO3 → number of zones); `near`: the
   * members its wide area touches (ballistic estimates only; absent: no prompt Cancel). `held`: members
   * another live threat of the same object (a duplicate track of the missile) still includes: their
   * alerts of this threat are held as if included, never cleared because this area left them (#18.3).
   */
  onThreat(
    threatId: string,
    est: ImpactEstimate,
    members: Map<string, number>,
    nowMs: number,
    near?: Set<string>,
    held?: Set<string>,
  ): CapMessage[] {
    const out: CapMessage[] = [];
    const impactTime = Math.round(est.time * 1000);
    const latestImpact = Math.round((est.latestTime ?? est.time) * 1000);
    for (const [member, zones] of members) {
      const key = `${threatId}|${member}`;
      const a = this.active.get(key);
      if (!a) {
        const since = this.left.get(key);
        if (since !== undefined) {
          // Cleared earlier: one estimate is not enough to alert again (no Cancel→Alert churn).
          if (since < 0) {
            this.left.set(key, nowMs);
            continue;
          }
          if (nowMs - since < (this.o.rejoinAfterMs ?? 5000)) continue;
          this.left.delete(key);
        }
        const msg = this.make('Alert', threatId, member, est, impactTime, zones, nowMs, []);
        this.active.set(key, {
          threatId,
          member,
          messages: [msg],
          areaKm2: est.areaKm2,
          impactTime,
          lastSent: nowMs,
          polygon: est.polygon,
          threatImpact: latestImpact,
        });
        out.push(msg);
        continue;
      }
      a.outsideSince = a.clearlyOutSince = a.clearlyOutCount = undefined;
      a.threatImpact = latestImpact;
      a.clearNote = undefined;
      const shrank = est.areaKm2 < a.areaKm2 * (this.o.shrinkRatio ?? 0.8);
      const due = nowMs - a.lastSent >= (this.o.minUpdateMs ?? 5000);
      const moved = Math.abs(impactTime - a.impactTime) > 10_000;
      if ((shrank && (due || est.areaKm2 < a.areaKm2 * 0.5)) || (moved && due)) {
        const msg = this.make(
          'Update',
          threatId,
          member,
          est,
          impactTime,
          zones,
          nowMs,
          a.messages,
        );
        Object.assign(a, {
          areaKm2: est.areaKm2,
          impactTime,
          lastSent: nowMs,
          polygon: est.polygon,
        });
        a.messages.push(msg);
        out.push(msg);
      }
    }
    this.holdOrLeave(threatId, est, members, nowMs, out, near, held);
    for (const key of this.left.keys())
      if (key.startsWith(`${threatId}|`) && !members.has(key.slice(threatId.length + 1)))
        this.left.set(key, -1);
    return out;
  }

  /**
   * A threat lost during boost (`threatId`) whose missile is now tracked under another threat: that
   * threat's estimates drive the lost one's open alerts too — their clear time, and a Cancel for a member
   * the ballistic area has left out for `leaveAfterMs` — without issuing new Alerts or Updates (#18.3).
   */
  follow(
    threatId: string,
    est: ImpactEstimate,
    members: Map<string, number>,
    nowMs: number,
    near?: Set<string>,
    held?: Set<string>,
  ): CapMessage[] {
    const out: CapMessage[] = [];
    const latestImpact = Math.round((est.latestTime ?? est.time) * 1000);
    for (const a of this.active.values())
      if (a.threatId === threatId && members.has(a.member)) {
        a.outsideSince = a.clearlyOutSince = a.clearlyOutCount = undefined;
        a.threatImpact = latestImpact;
        a.clearNote = undefined;
      }
    this.holdOrLeave(threatId, est, members, nowMs, out, near, held);
    return out;
  }

  private holdOrLeave(
    threatId: string,
    est: ImpactEstimate,
    members: Map<string, number>,
    nowMs: number,
    out: CapMessage[],
    near?: Set<string>,
    held?: Set<string>,
  ) {
    const latestImpact = Math.round((est.latestTime ?? est.time) * 1000);
    // No all-clear on one estimate: the member must stay outside the (ballistic, matured) area for a
    // sustained period; until then the alert stays as it is, so a member dropped and re-added sees no churn.
    for (const [key, a] of this.active) {
      if (a.threatId !== threatId || members.has(a.member)) continue;
      a.threatImpact = latestImpact;
      a.clearNote = undefined;
      // Still boosting, or another threat of the same missile still includes the member (#18.3: in
      // the recall benchmark, seed 5094, a second track of L2 started mid-course was 55-130 km off at
      // 4.7-5.5σ and cleared Bahrain 476 s before impact while the first track's area held it).
      if (est.boostExtended || held?.has(a.member)) {
        a.outsideSince = a.clearlyOutSince = a.clearlyOutCount = undefined;
        continue;
      }
      a.outsideSince ??= nowMs;
      if (near && !near.has(a.member)) {
        a.clearlyOutSince ??= nowMs;
        a.clearlyOutCount = (a.clearlyOutCount ?? 0) + 1;
      } else a.clearlyOutSince = a.clearlyOutCount = undefined;
      const prompt =
        a.clearlyOutSince !== undefined &&
        nowMs - a.clearlyOutSince >= (this.o.promptLeaveMs ?? 6000) &&
        (a.clearlyOutCount ?? 0) >= (this.o.promptLeaveEstimates ?? 2);
      if (prompt || nowMs - a.outsideSince >= (this.o.leaveAfterMs ?? 20_000)) {
        out.push(
          this.cancel(key, a, nowMs, 'The threatened area no longer includes this territory.'),
        );
        this.left.set(key, -1);
      }
    }
  }

  /**
   * Every track of `threatId` is lost and its latest credible impact, over every hypothesis, is
   * `latestImpactMs`: its open alerts stand until then (never earlier than already held), and their
   * all-clear states why (#18.3). A successor's estimates (`follow`) take over if the missile is found again.
   */
  holdLost(threatId: string, latestImpactMs: number, note: string) {
    for (const a of this.active.values())
      if (a.threatId === threatId && latestImpactMs > a.threatImpact) {
        a.threatImpact = latestImpactMs;
        a.clearNote = note;
      }
  }

  /**
   * All-clear for alerts whose impact has passed on every hypothesis: the latest credible impact of the
   * threat's newest estimate (#18.3; before, the no-more-thrust hypothesis of a boosting track — the
   * earliest — could clear a member 71 s before the true impact). Not while another threat of the same
   * missile (`sameMissile`) still alerts the member with a later credible impact (`heldByTwin`).
   */
  tick(nowMs: number): CapMessage[] {
    const out: CapMessage[] = [];
    const after = this.o.allClearAfterMs ?? 30_000;
    // Again while something was cleared: an alert held only by a twin cleared in this pass follows it now.
    for (let cleared = true; cleared;) {
      cleared = false;
      for (const [key, a] of this.active) {
        if (nowMs < a.threatImpact + after || this.heldByTwin(a)) continue;
        out.push(this.cancel(key, a, nowMs, a.clearNote ?? 'Impact time has passed.'));
        cleared = true;
      }
    }
    // A threat with no alert left is taken out of the links, its twins linked to each other instead
    // (a~b~c stays a~c when b is gone).
    const alerting = new Set([...this.active.values()].map((a) => a.threatId));
    for (const id of [...this.twins.keys()]) {
      const twins = this.twins.get(id);
      if (!twins || alerting.has(id)) continue;
      this.twins.delete(id);
      for (const t of twins) {
        const theirs = this.twins.get(t);
        theirs?.delete(id);
        for (const u of twins) if (u !== t && this.twins.has(u)) theirs?.add(u);
      }
    }
    return out;
  }

  /**
   * `threat` and `others` carry tracks of the same missile (the engine found their tracks' positions to
   * agree): an alert of one is not cleared for time while an alert of another for the same member still
   * stands with a later credible impact (#18.3).
   */
  sameMissile(threat: string, others: Iterable<string>) {
    for (const o of others) {
      if (o === threat) continue;
      const mine = this.twins.get(threat) ?? new Set<string>();
      this.twins.set(threat, mine.add(o));
      const theirs = this.twins.get(o) ?? new Set<string>();
      this.twins.set(o, theirs.add(threat));
    }
  }

  /**
   * Another threat of the same missile still alerts this member and its latest credible impact has not
   * passed: no "impact time has passed" from this one yet (#18.3: in the recall benchmark with sensor-bias
   * estimation, seed 5043, a 3-update track of L4 started mid-course 3 km and 2.8 km/s off the missile's
   * main track predicted impact 260 s early, was lost, and cleared Oman 103 s before the true impact while
   * the main track's threat still covered Oman). Its all-clear follows when the twin's does.
   */
  private heldByTwin(a: ActiveAlert): boolean {
    // Every threat linked to this one, also through others (a~b, b~c): the one with the latest impact
    // is never held, so holds always end.
    const seen = new Set([a.threatId]);
    const todo = [a.threatId];
    for (let id = todo.pop(); id !== undefined; id = todo.pop())
      for (const t of this.twins.get(id) ?? []) {
        if (seen.has(t)) continue;
        seen.add(t);
        todo.push(t);
        const b = this.active.get(`${t}|${a.member}`);
        if (b && b.threatImpact > a.threatImpact) return true;
      }
    return false;
  }

  private cancel(key: string, a: ActiveAlert, nowMs: number, note: string): CapMessage {
    const last = a.messages[a.messages.length - 1];
    const msg: CapMessage = {
      ...last,
      identifier: this.id(a.threatId, a.member),
      ...this.times(nowMs),
      msgType: 'Cancel',
      references: a.messages.map(capReference),
      note: this.note(note),
    };
    this.active.delete(key);
    return msg;
  }

  private make(
    type: 'Alert' | 'Update',
    threatId: string,
    member: string,
    est: ImpactEstimate,
    impactTime: number,
    zones: number,
    nowMs: number,
    prev: CapMessage[],
  ): CapMessage {
    return {
      identifier: this.id(threatId, member),
      sender: this.o.sender,
      ...this.times(nowMs),
      status: this.o.status,
      msgType: type,
      member,
      threatId,
      references: prev.map(capReference),
      impactTime,
      polygon: est.polygon,
      confidence: est.confidence,
      zones,
      note: this.note(
        est.boostExtended
          ? 'Missile still under power: area covers possible remaining thrust and will shrink.'
          : undefined,
      ),
    };
  }

  private times(nowMs: number): { sent: number; simTime?: number } {
    return this.o.wallClock ? { sent: this.o.wallClock(), simTime: nowMs } : { sent: nowMs };
  }

  private note(text: string | undefined): string | undefined {
    if (this.o.status !== 'Exercise' || !this.o.exercise) return text;
    return text ? `EXERCISE ${this.o.exercise}. ${text}` : `EXERCISE ${this.o.exercise}.`;
  }

  private id(threatId: string, member: string) {
    return `tahaluf-ew-${this.prefix}-${threatId}-${member}-${++this.seq}`;
  }
}
