import { fieldsOf } from '../core/objects.js';

/** An act as stored in the record: signed by its actor, chained to the act before it. */
export interface Act<P = unknown> {
  seq: number;
  id: string;
  /** ISO 8601 time with milliseconds, from the node's clock. */
  at: string;
  /** Acting member (ISO 3166 alpha-3) or `SECRETARIAT`. */
  actor: string;
  keyId: string;
  /** Dotted type, module first: `registry.seeded`, `council.vote`, `forces.pledge.raised`. */
  type: string;
  /** What the act is about (a procedure id, an alliance id…), for lookups; null when none. */
  subject: string | null;
  payload: P;
  prevHash: string;
  hash: string;
  /** Ed25519 signature (base64) over `hash`. */
  signature: string;
}

export interface ActInput<P = unknown> {
  actor: string;
  type: string;
  subject?: string | null;
  payload: P;
}

export const SECRETARIAT = 'SECRETARIAT';
export const GENESIS_HASH = '0'.repeat(64);

/** The bytes that are hashed: every field but the hash and the signature. */
export function hashedFields(a: Omit<Act, 'hash' | 'signature'>): Record<string, unknown> {
  return {
    seq: a.seq,
    id: a.id,
    at: a.at,
    actor: a.actor,
    keyId: a.keyId,
    type: a.type,
    subject: a.subject,
    payload: a.payload,
    prevHash: a.prevHash,
  };
}

/** Bus subject on which a committed act is announced. */
export const actSubject = (type: string): string => `record.${type}`;

/**
 * The identity that signs replays of history and illustrative demo data: acts no member made here. Such
 * an act names the actor it depicts in its payload (`depicts: 'QAT'`); procedures and projections
 * treat it as that actor's, every view shows that it was signed by the illustrative identity.
 */
export const ILLUSTRATIVE = 'ILLUSTRATIVE';

/**
 * Who holds an identity's private key: the actor's own node (a member's national node, or for
 * SECRETARIAT the secretariat's node), the secretariat on a member's behalf (the embedded demo), or
 * nobody's: the illustrative identity.
 */
export type Custody = 'member-node' | 'secretariat-custody' | 'illustrative';
export const CUSTODIES: readonly Custody[] = ['member-node', 'secretariat-custody', 'illustrative'];

/** The actor an act stands for: the one it depicts when signed by the illustrative identity. */
export function depictedActor(act: { actor: string; payload: unknown }): string {
  if (act.actor !== ILLUSTRATIVE) return act.actor;
  const { depicts } = fieldsOf(act.payload);
  return typeof depicts === 'string' && depicts ? depicts : act.actor;
}

/** The act as the actor it depicts would have taken it (for replaying procedures and projections). */
export const asDepicted = <A extends { actor: string; payload: unknown }>(act: A): A =>
  act.actor === ILLUSTRATIVE ? { ...act, actor: depictedActor(act) } : act;

/**
 * An act's content: every field but its position in the full record (`seq`, `prevHash`) and the
 * values derived from it. Since #19.2 the actor also signs the hash of this (`contentSignature`), so
 * an act can be verified by someone who is not told where in the full record it stands.
 */
export function contentFields(a: Omit<Act, 'seq' | 'prevHash' | 'hash' | 'signature'>) {
  return {
    id: a.id,
    at: a.at,
    actor: a.actor,
    keyId: a.keyId,
    type: a.type,
    subject: a.subject,
    payload: a.payload,
  };
}

/** Domain tag so a content hash can never equal a full-record hash of some act. */
export const CONTENT_HASH_TAG = 'tahaluf/act-content/v1';
/** Domain tag of a view entry's hash. */
export const VIEW_HASH_TAG = 'tahaluf/record-view/v1';

/** The hash the actor signs as `contentSignature`: position-free. */
export const contentHashOf = (
  a: Omit<Act, 'seq' | 'prevHash' | 'hash' | 'signature'>,
  sha256Hex: (s: string) => string,
  canonicalJson: (v: unknown) => string,
): string => sha256Hex(canonicalJson({ tag: CONTENT_HASH_TAG, ...contentFields(a) }));
