import { loadTerritories, territoryContains } from '../geo/countries.js';
import type { CapMessage } from './cap-message.js';
import type { ExerciseResult } from './exercise-runner.js';
import { ringContains } from './impact-predictor.js';

/** One launch scored by its own threats only (threats carried by tracks of that missile). */
export interface OwnThreatOutcome {
  launch: string;
  flightTimeS: number;
  /** Members whose territory holds the true impact point. */
  atRisk: string[];
  ownThreats: string[];
  /** First own-threat warning whose area covered the true impact, as a fraction of flight time. */
  firstWarningFraction: number | null;
  /** Members at risk never alerted by an own threat before impact. */
  missed: string[];
  /** Members alerted by an own threat who were not at risk, with how long their alert stood (s). */
  falseAlarms: { member: string; alertS: number }[];
}

export interface EarlyAllClear {
  launch: string;
  /** Index of the launch in the exercise's trajectories. */
  launchIndex: number;
  member: string;
  threat: string;
  /** Seconds before the true impact the Cancel was sent. */
  beforeImpactS: number;
  /** Simulated time (s after launch) the Cancel was sent, and of the true impact. */
  cancelAfterLaunchS: number;
  impactAfterLaunchS: number;
  note: string;
}

export interface MixedThreat {
  threat: string;
  /** Launches whose tracks fed this threat. */
  launches: string[];
}

/** The launch a track mostly followed (null: clutter only). */
export function trackOwner(counts: Map<string, number> | undefined): string | null {
  let best: string | null = null,
    bestCount = 0;
  for (const [label, count] of counts ?? [])
    if (label !== 'clutter' && count > bestCount) {
      best = label;
      bestCount = count;
    }
  return best;
}

const simMs = (c: CapMessage) => c.simTime ?? c.sent;

/**
 * Scores an exercise per missile by its own threats (#18.5): a threat belongs to the launches whose
 * tracks fed it; warnings of other missiles' threats do not count for a launch. Also lists all-clears
 * sent to a member at risk before the true impact (#18.3) and threats that mixed missiles (#18.4).
 */
export function scoreByOwnThreat(result: ExerciseResult) {
  const territories = loadTerritories();
  const members = [...new Set(result.caps.map((c) => c.member))].concat(
    result.engine.o.members.filter((m) => !result.caps.some((c) => c.member === m)),
  );
  const threatLaunches = new Map<string, Set<string>>();
  for (const [threat, tracks] of result.threatTracks) {
    const owners = new Set<string>();
    for (const track of tracks) {
      const owner = trackOwner(result.trackTruth.get(track));
      if (owner) owners.add(owner);
    }
    threatLaunches.set(threat, owners);
  }
  const mixedThreats: MixedThreat[] = [...threatLaunches]
    .filter(([, launches]) => launches.size > 1)
    .map(([threat, launches]) => ({ threat, launches: [...launches].sort() }));
  const earlyAllClears: EarlyAllClear[] = [];
  const outcomes: OwnThreatOutcome[] = result.sim.trajectories.map((tr, launchIndex) => {
    const launch = tr.spec.id;
    const launchMs = (result.sim.epoch + tr.spec.t0) * 1000;
    const impactMs = launchMs + tr.flightTime * 1000;
    const atRisk = members.filter((m) => {
      const t = territories.get(m);
      return !!t && territoryContains(t, tr.impact.lat, tr.impact.lon);
    });
    const ownThreats = [...threatLaunches]
      .filter(([, launches]) => launches.has(launch))
      .map(([threat]) => threat);
    const own = result.caps.filter((c) => ownThreats.includes(c.threatId));
    const covering = own.find(
      (c) =>
        c.msgType !== 'Cancel' &&
        simMs(c) >= launchMs &&
        simMs(c) <= impactMs &&
        ringContains(c.polygon, tr.impact.lat, tr.impact.lon),
    );
    for (const c of own)
      if (c.msgType === 'Cancel' && atRisk.includes(c.member) && simMs(c) < impactMs)
        earlyAllClears.push({
          launch,
          launchIndex,
          member: c.member,
          threat: c.threatId,
          beforeImpactS: (impactMs - simMs(c)) / 1000,
          cancelAfterLaunchS: (simMs(c) - launchMs) / 1000,
          impactAfterLaunchS: tr.flightTime,
          note: c.note ?? '',
        });
    const alerted = new Set(
      own.filter((c) => c.msgType === 'Alert' && simMs(c) <= impactMs).map((c) => c.member),
    );
    const falseAlarms = [...alerted]
      .filter((m) => !atRisk.includes(m))
      .map((member) => {
        let alertS = 0;
        for (const threat of ownThreats) {
          const series = own.filter((c) => c.threatId === threat && c.member === member);
          const start = series.find((c) => c.msgType === 'Alert');
          if (!start) continue;
          const end = series.find((c) => c.msgType === 'Cancel');
          alertS += ((end ? simMs(end) : impactMs) - simMs(start)) / 1000;
        }
        return { member, alertS };
      });
    return {
      launch,
      flightTimeS: tr.flightTime,
      atRisk,
      ownThreats,
      firstWarningFraction: covering ? (simMs(covering) - launchMs) / (impactMs - launchMs) : null,
      missed: atRisk.filter((m) => !alerted.has(m)),
      falseAlarms,
    };
  });
  const fractions = outcomes
    .map((o) => o.firstWarningFraction)
    .filter((f): f is number => f !== null)
    .sort((a, b) => a - b);
  const pick = (q: number) =>
    fractions.length
      ? fractions[Math.min(fractions.length - 1, Math.floor(q * fractions.length))]
      : null;
  const summary = {
    launches: outcomes.length,
    warned: fractions.length,
    firstWarningMedian: pick(0.5),
    firstWarningP90: pick(0.9),
    firstWarningMax: fractions.length ? fractions[fractions.length - 1] : null,
    missedMembers: outcomes.reduce((n, o) => n + o.missed.length, 0),
    falseAlarmMembersPerLaunch:
      outcomes.reduce((n, o) => n + o.falseAlarms.length, 0) / Math.max(1, outcomes.length),
    falseAlarmMedianS: median(outcomes.flatMap((o) => o.falseAlarms.map((f) => f.alertS))),
    earlyAllClears: earlyAllClears.length,
    mixedThreats: mixedThreats.length,
  };
  return { outcomes, earlyAllClears, mixedThreats, summary };
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
