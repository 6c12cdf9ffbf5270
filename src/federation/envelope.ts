import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex, signEd25519, verifyEd25519 } from '../core/crypto.js';
import { schemaProblems } from '../core/data-file.js';
import { isPlainObject } from '../core/objects.js';
import { Type } from 'typebox';
import { Value } from 'typebox/value';

/** Version of the envelope format; a node refuses envelopes of a version it does not know. */
export const ENVELOPE_VERSION = 1;

/**
 * One act of the alliance as it travels on the alliance stream: signed on the acting member's node with
 * that member's own key. The signature covers the canonical JSON of every field but `signature`, so the
 * bytes do not depend on any node's local record (no sequence number, no previous hash).
 */
export interface AllianceEnvelope<P = unknown> {
  v: number;
  /** Act id, unique in the alliance: a second envelope with the same id is a replay. */
  id: string;
  /** ISO 8601 time with milliseconds, from the actor's node clock. */
  at: string;
  /** Acting member (ISO 3166 alpha-3) or `SECRETARIAT`. */
  actor: string;
  /** Id of the key (in the alliance's key directory) that signed. */
  keyId: string;
  type: string;
  subject: string | null;
  payload: P;
  /** Ed25519 (base64) over `signedBytes(envelope)`. */
  signature: string;
}

/**
 * The shape of an envelope, for reading back one this node stored after `parseEnvelope` had accepted
 * it (parseEnvelope checks each field's format too, for a message just received).
 */
const StoredEnvelopeSchema = Type.Object({
  v: Type.Number(),
  id: Type.String(),
  at: Type.String(),
  actor: Type.String(),
  keyId: Type.String(),
  type: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Unknown(),
  signature: Type.String(),
});

/** A stored envelope's text read back, checked against the envelope's shape; throws naming the problem. */
export function readStoredEnvelope(text: string): AllianceEnvelope {
  const value: unknown = JSON.parse(text);
  if (!Value.Check(StoredEnvelopeSchema, value))
    throw new Error(
      `a stored alliance envelope is not an envelope: ${schemaProblems(StoredEnvelopeSchema, value).join('; ')}`,
    );
  return value;
}

export type UnsignedEnvelope<P = unknown> = Omit<AllianceEnvelope<P>, 'signature'>;

/** The exact bytes that are signed. */
export function signedBytes(e: UnsignedEnvelope): string {
  return canonicalJson({
    v: e.v,
    id: e.id,
    at: e.at,
    actor: e.actor,
    keyId: e.keyId,
    type: e.type,
    subject: e.subject,
    payload: e.payload,
  });
}

export function signEnvelope<P>(
  e: UnsignedEnvelope<P>,
  privateKeyPem: string,
): AllianceEnvelope<P> {
  return { ...e, signature: signEd25519(privateKeyPem, signedBytes(e)) };
}

export function verifyEnvelope(e: AllianceEnvelope, publicKeyPem: string): boolean {
  return verifyEd25519(publicKeyPem, signedBytes(e), e.signature);
}

/** Hash of an envelope (signed bytes and signature), the leaf of the applied-log hash. */
export const envelopeHash = (e: AllianceEnvelope): string =>
  sha256Hex(canonicalJson({ ...JSON.parse(signedBytes(e)), signature: e.signature }));

/** Subject an actor publishes an act on: `<prefix>.<actor>.<type>` (per-member subjects, so NATS
 * permissions can restrict a member to its own). */
export const envelopeSubject = (prefix: string, actor: string, type: string): string =>
  `${prefix}.${actor}.${type}`;

const ACTOR = /^([A-Z]{3}|SECRETARIAT)$/;
const TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Parses a message body into an envelope, or says what is wrong with it (first problem, naming the field).
 */
export function parseEnvelope(
  body: string,
): { ok: true; envelope: AllianceEnvelope } | { ok: false; field: string; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, field: 'body', reason: 'the message is not JSON' };
  }
  if (!isPlainObject(value))
    return { ok: false, field: 'body', reason: 'the message is not a JSON object' };
  const e = value;
  const bad = (field: string, reason: string) => ({ ok: false as const, field, reason });
  if (e.v !== ENVELOPE_VERSION) return bad('v', `envelope version must be ${ENVELOPE_VERSION}`);
  if (typeof e.id !== 'string' || !/^[A-Za-z0-9_-]{3,80}$/.test(e.id))
    return bad('id', 'id must be 3-80 letters, digits, _ or -');
  if (typeof e.at !== 'string' || !ISO_MS.test(e.at) || Number.isNaN(Date.parse(e.at)))
    return bad('at', 'at must be an ISO 8601 UTC time with milliseconds');
  if (typeof e.actor !== 'string' || !ACTOR.test(e.actor))
    return bad('actor', 'actor must be an ISO 3166 alpha-3 code or SECRETARIAT');
  if (typeof e.keyId !== 'string' || !/^[0-9a-f]{16}$/.test(e.keyId))
    return bad('keyId', 'keyId must be 16 hex digits');
  if (typeof e.type !== 'string' || !TYPE.test(e.type))
    return bad('type', 'type must be a dotted lower-case name');
  if (e.subject !== null && (typeof e.subject !== 'string' || e.subject.length > 200))
    return bad('subject', 'subject must be null or a string of at most 200 characters');
  if (!e.payload || typeof e.payload !== 'object' || Array.isArray(e.payload))
    return bad('payload', 'payload must be a JSON object');
  if (typeof e.signature !== 'string' || !/^[A-Za-z0-9+/]{86}==$/.test(e.signature))
    return bad('signature', 'signature must be a base64 Ed25519 signature');
  return {
    ok: true,
    envelope: {
      v: e.v,
      id: e.id,
      at: e.at,
      actor: e.actor,
      keyId: e.keyId,
      type: e.type,
      subject: e.subject,
      payload: e.payload,
      signature: e.signature,
    },
  };
}
