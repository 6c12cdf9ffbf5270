import { Type, type Static } from 'typebox';
import { parseSignature, SIGNATURE_ALG } from './signatures.js';

/**
 * Where a stored object version came from, as this node knows it (#19.3, docs/intel.md "Provenance"):
 * who originated it (the label's originator), whether and by whom it is signed, whether that signature
 * was checked here, and which node handed it over. Read from the row only (no extra query per object).
 */
export const ProvenanceSchema = Type.Object(
  {
    originator: Type.String({ description: "the label's originating member (ISO3)" }),
    status: Type.Union(
      [
        Type.Literal('signed'),
        Type.Literal('verified'),
        Type.Literal('unverified'),
        Type.Literal('unsigned'),
      ],
      {
        description:
          "signed: signed on this node with the originator's key when it was shared here; verified: arrived with the " +
          "originator's signature, checked here against a key registered to the originator; unverified: arrived without " +
          'a signature, or signed with a key this node does not know; unsigned: stored before objects were signed (migration 1607)',
      },
    ),
    verified: Type.Boolean({
      description:
        "true when the originator's signature holds on this node (status signed or verified)",
    }),
    signer: Type.Union([Type.String(), Type.Null()], {
      description: 'the member named by the signature (equals originator when there is one)',
    }),
    keyId: Type.Union([Type.String(), Type.Null()], { description: "the signer's key id" }),
    envelope: Type.Union([Type.String(), Type.Null()], {
      description:
        'the signed Merkle root (base64): it names the envelope and label the originator signed together',
    }),
    envelopeSize: Type.Union([Type.Integer(), Type.Null()], {
      description: 'how many objects that signature covers (all under the same label)',
    }),
    signedAt: Type.Union([Type.String(), Type.Null()], {
      description:
        'when it was signed, known only when signed on this node (its date_added); a carried signature names no time',
    }),
    storedAt: Type.String({ description: 'when this node stored the version (date_added)' }),
    receivedFrom: Type.Union([Type.String(), Type.Null()], {
      description:
        "the member whose node or user handed the object to this node ('SECRETARIAT' for the secretariat); null for objects stored before it was recorded (migration 1608)",
    }),
    forwarded: Type.Union([Type.Boolean(), Type.Null()], {
      description:
        "true when a member's node or user other than the originator handed it over (receivedFrom is neither the " +
        "originator nor 'SECRETARIAT': the secretariat relays objects as the alliance's hub, not as a member forwarding " +
        'them); null when not known',
    }),
    upgradedAt: Type.Union([Type.String(), Type.Null()], {
      description:
        "when the version, stored without a verified signature, was verified by a later re-post carrying the originator's " +
        'signature (recorded as an intel.signature_verified act); null when it was not',
    }),
    upgradedFrom: Type.Union([Type.String(), Type.Null()], {
      description:
        "who re-posted it with that signature ('SECRETARIAT' for the secretariat); null when it was not upgraded",
    }),
  },
  { description: 'Provenance of a stored object version on this node' },
);
export type Provenance = Static<typeof ProvenanceSchema>;

/** The row fields provenance is read from. */
export interface ProvenanceRow {
  originator: string;
  date_added: string;
  signature?: string | null;
  provenance?: string | null;
  received_from?: string | null;
  upgraded_at?: string | null;
  upgraded_from?: string | null;
}

/** Did a member other than the originator relay it? Null when unknown; the secretariat's relay is no member's (#19). */
function forwardedBy(receivedFrom: string | null, originator: string): boolean | null {
  if (receivedFrom === null) return null;
  return receivedFrom !== 'SECRETARIAT' && receivedFrom !== originator;
}

/** The provenance of a stored row (see ProvenanceSchema). */
export function provenanceOf(row: ProvenanceRow): Provenance {
  let sig: ReturnType<typeof parseSignature> | null = null;
  if (row.signature) {
    try {
      sig = parseSignature(JSON.parse(row.signature));
    } catch {
      sig = null;
    }
  }
  const signature = sig && typeof sig !== 'string' ? sig : null;
  const stored = row.provenance ?? null;
  const status: Provenance['status'] =
    stored === 'signed' || stored === 'verified' || stored === 'unverified' ? stored : 'unsigned';
  const receivedFrom = row.received_from ?? null;
  return {
    originator: row.originator,
    status,
    verified: status === 'signed' || status === 'verified',
    signer: signature?.signer ?? null,
    keyId: signature?.key_id ?? null,
    envelope: signature?.root ?? null,
    envelopeSize: signature?.size ?? null,
    signedAt: status === 'signed' ? row.date_added : null,
    storedAt: row.date_added,
    receivedFrom,
    forwarded: forwardedBy(receivedFrom, row.originator),
    upgradedAt: row.upgraded_at ?? null,
    upgradedFrom: row.upgraded_from ?? null,
  };
}

/** The detached signature as it travels beside an object (TAXII `x_tahaluf_signatures` entries). */
export const ObjectSignatureSchema = Type.Object(
  {
    alg: Type.Literal(SIGNATURE_ALG),
    signer: Type.String({
      description: 'the originating member (ISO3); must be the label originator',
    }),
    key_id: Type.String({
      description: "the signer's key id, registered to it on the receiving node",
    }),
    root: Type.String({
      description:
        'RFC 9162 Merkle root (base64) of the canonical JSON of the objects signed together',
    }),
    size: Type.Integer({ minimum: 1, description: 'number of objects in the signed tree' }),
    index: Type.Integer({ minimum: 0, description: "this object's leaf index in the tree" }),
    path: Type.Array(Type.String(), {
      maxItems: 64,
      description: 'audit path (base64) from the leaf to the root, RFC 9162 §2.1.3.1',
    }),
    signature: Type.String({
      description:
        'Ed25519 (base64) over the canonical JSON of {purpose: "tahaluf-intel-objects-v1", signer, key_id, root, size}',
    }),
  },
  {
    description:
      'The originating member\'s detached signature of one object (docs/intel.md "Signed objects"); never inside the object',
  },
);
