import { dayOf } from '../core/dates.js';
import type { Principal } from '../runtime/auth.js';
import { classificationRank, EVERYONE, type ConfidentialityLabel } from './labels.js';

/**
 * THE one place where Tahaluf decides who may see a piece of intelligence. Every read path (TAXII
 * objects, manifest, versions, object, the console feed, exports, federation pushes and pulls, audit
 * views) asks these functions; nothing else compares labels.
 */

/** Resolves a community name (ISO3 code, alliance id or abbreviation) to its states on a day. */
export type CommunityResolver = (name: string, day: string) => Set<string>;

export interface Recipient {
  /** ISO3 of the member state receiving; null for non-members (public, secretariat staff). */
  member: string | null;
  clearance: Principal['clearance'];
}

export const recipientOf = (p: Principal): Recipient => ({
  member: p.member,
  clearance: p.clearance,
});

/** Does a label's `releasableTo` release to everyone (`ALL`: every state, and non-members)? */
export const releasesToEveryone = (releasableTo: readonly string[]): boolean =>
  releasableTo.includes(EVERYONE);

/**
 * The states a label releases to on `day`: its originator and every state its categories name then
 * (of a label released to everyone, only those: see `releasesToEveryone`).
 */
export function releasableSet(
  label: Pick<ConfidentialityLabel, 'releasableTo' | 'originator'>,
  day: string,
  resolve: CommunityResolver,
): Set<string> {
  const out = new Set<string>([label.originator]);
  for (const name of label.releasableTo) for (const s of resolve(name, day)) out.add(s);
  return out;
}

/**
 * May `who` see an object carrying `label` on the request's `day`? A member's user: its member is in
 * the releasable set and its clearance reaches the classification. Anyone else: only public objects
 * released to everyone.
 */
export function mayRead(
  label: Pick<ConfidentialityLabel, 'releasableTo' | 'originator' | 'classification'>,
  who: Recipient,
  day: string,
  resolve: CommunityResolver,
): boolean {
  if (classificationRank(who.clearance) < classificationRank(label.classification)) return false;
  // Non-members (public, secretariat staff) see only what is released to everyone.
  return who.member === null
    ? releasesToEveryone(label.releasableTo)
    : releasedTo(label, who.member, day, resolve);
}

/** Does the label release to `member` (ISO3) on `day`, clearance aside? `ALL`, or in its releasable set. */
export function releasedTo(
  label: Pick<ConfidentialityLabel, 'releasableTo' | 'originator'>,
  member: string,
  day: string,
  resolve: CommunityResolver,
): boolean {
  return releasesToEveryone(label.releasableTo) || releasableSet(label, day, resolve).has(member);
}

/**
 * May a node pass an object on to a peer whose member is `peerMember`? Only when the peer member may
 * read it (clearance of the peer link included) — and TLP:RED or AMBER+STRICT objects only from the
 * originator's own node (they are never relayed onward). Releasability never widens: the label goes as it came.
 */
export function mayForward(
  label: ConfidentialityLabel,
  peer: Recipient & { member: string },
  day: string,
  resolve: CommunityResolver,
  thisNodeMember: string | null,
): boolean {
  if (!mayRead(label, peer, day, resolve)) return false;
  if ((label.tlp === 'red' || label.tlp === 'amber+strict') && thisNodeMember !== label.originator)
    return false;
  return true;
}

/**
 * May `poster` store an object with `label`? It speaks for the originator, or relays an object that
 * was released to it (a federation hop), and its clearance covers the classification.
 */
export function mayPost(
  label: ConfidentialityLabel,
  poster: Recipient,
  day: string,
  resolve: CommunityResolver,
): string | null {
  if (classificationRank(poster.clearance) < classificationRank(label.classification))
    return 'the label classification is above the poster clearance';
  if (!poster.member) return 'only a member state user may share intelligence';
  if (label.originator === poster.member) return null;
  if (mayRead(label, poster, day, resolve)) return null;
  return 'the label names another originator and is not releasable to the poster';
}

export const requestDay = (now: Date): string => dayOf(now);
