import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../core/crypto.js';
import { CLASSIFICATIONS, type Classification } from '../runtime/auth.js';
import { isObj } from './stix/checks.js';
import { TLP_BY_ID, type Tlp } from './stix/marking.js';

/**
 * The confidentiality label every stored object carries, modelled on STANAG 4774: a policy, a
 * classification, the "Releasable to" category (states by ISO3 code, or communities: alliance ids or
 * abbreviations, resolved on the day of each request), the originator and the label's creation time.
 * TLP 2.0 comes from the object's `object_marking_refs`.
 *
 * In STIX the label is a property extension defined by our own extension-definition (below):
 * `extensions[LABEL_EXTENSION_ID]`. An originator may write it inside its object; an object that comes
 * without it keeps its originator's bytes, and its label travels beside it (#19.5): in the TAXII envelope's
 * `x_tahaluf_labels` (entry i: the extension's body for object i), stored beside the object (its label row and
 * `intel_objects.label_created`), and signed as if it were inside (`labelledLeaf` in signatures.ts).
 */
export const LABEL_EXTENSION_ID = 'extension-definition--3c1d7f0e-6a2b-4c59-8e13-95f0d2b7a641';
export const LABEL_POLICY = 'TAHALUF';
/** Releasable to everyone (public reference objects such as the official TLP marking-definitions). */
export const EVERYONE = 'ALL';

export interface ConfidentialityLabel {
  policy: string;
  classification: Classification;
  releasableTo: string[];
  originator: string;
  createdAt: string;
  tlp: Tlp | null;
}

/** The extension-definition object that names the label extension (served with the collections). */
export const labelExtensionDefinition = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: LABEL_EXTENSION_ID,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  created_by_ref: 'identity--0b5c6f5e-2a51-4c3f-9a57-6f1e3c2d8b10',
  name: 'Tahaluf confidentiality label',
  description:
    'STANAG 4774-style confidentiality label: policy, classification, releasable_to (ISO 3166 alpha-3 states or alliance communities), originator, creation_time.',
  schema: 'https://tahaluf.dev/schemas/confidentiality-label.json',
  version: '1.0',
  extension_types: ['property-extension'],
};

export const isClassification = (v: unknown): v is Classification =>
  CLASSIFICATIONS.some((level) => level === v);
export const classificationRank = (c: Classification): number => CLASSIFICATIONS.indexOf(c);

/** The TLP level an object's markings name (TLP 1.0 ids map to their 2.0 equivalents); the strictest wins. */
const TLP1_TO_2: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};
const TLP_ORDER: Tlp[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];
export function tlpOf(obj: Record<string, unknown>): Tlp | null {
  const refs = Array.isArray(obj.object_marking_refs) ? obj.object_marking_refs : [];
  let best: Tlp | null = null;
  for (const r of refs) {
    const t = typeof r === 'string' ? (TLP_BY_ID.get(r) ?? TLP1_TO_2[r]) : undefined;
    if (t && (best === null || TLP_ORDER.indexOf(t) > TLP_ORDER.indexOf(best))) best = t;
  }
  return best;
}

export type LabelRead = { label: ConfidentialityLabel } | { error: string } | { label: null };

/** Reads the label extension of an object; `{label: null}` when it has none. */
export function readLabel(obj: Record<string, unknown>): LabelRead {
  const ext = isObj(obj.extensions) ? obj.extensions[LABEL_EXTENSION_ID] : undefined;
  if (ext === undefined) return { label: null };
  if (!isObj(ext)) return { error: 'the confidentiality label extension must be an object' };
  const { policy, classification, originator, creation_time: createdAt } = ext;
  // STIX forbids empty lists: a label releasable to its originator alone omits releasable_to.
  const rel = ext.releasable_to ?? [];
  if (typeof policy !== 'string' || !policy)
    return { error: 'label policy must be a non-empty string' };
  if (!isClassification(classification))
    return { error: `label classification must be one of ${CLASSIFICATIONS.join(', ')}` };
  if (!Array.isArray(rel) || !rel.every((r): r is string => typeof r === 'string' && r !== ''))
    return { error: 'label releasable_to must be a list of state codes or communities' };
  if (typeof originator !== 'string' || !/^[A-Z]{3}$/.test(originator))
    return { error: 'label originator must be an ISO 3166 alpha-3 code' };
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
    return { error: 'label creation_time must be a timestamp' };
  return {
    label: {
      policy,
      classification,
      releasableTo: [...new Set(rel)].sort(),
      originator,
      createdAt,
      tlp: tlpOf(obj),
    },
  };
}

/** The label extension's body for `label`: what `withLabel` writes in an object, and what travels beside one. */
export const labelExtension = (label: ConfidentialityLabel): Record<string, unknown> => ({
  extension_type: 'property-extension',
  policy: label.policy,
  classification: label.classification,
  ...(label.releasableTo.length ? { releasable_to: label.releasableTo } : {}),
  originator: label.originator,
  creation_time: label.createdAt,
});

/** Returns a copy of the object carrying `label` in its extension. */
export function withLabel(
  obj: Record<string, unknown>,
  label: ConfidentialityLabel,
): Record<string, unknown> {
  const extensions = { ...(isObj(obj.extensions) ? obj.extensions : {}) };
  extensions[LABEL_EXTENSION_ID] = labelExtension(label);
  return { ...obj, extensions };
}

/** TAXII envelope property: a list parallel to `objects` (entry i: the label carried beside object i; null: none). */
export const LABELS_PROPERTY = 'x_tahaluf_labels';
/** TAXII manifest-record property: the label carried beside the object the record describes. */
export const LABEL_PROPERTY = 'x_tahaluf_label';

/**
 * Reads a label carried beside `obj` (`entry`: the extension's body, as in `x_tahaluf_labels`); `{label: null}`
 * when there is none. Its TLP is the object's own (`object_marking_refs`), as for a label inside.
 */
export function readBesideLabel(obj: Record<string, unknown>, entry: unknown): LabelRead {
  if (entry === undefined || entry === null) return { label: null };
  const read = readLabel({
    object_marking_refs: obj.object_marking_refs,
    extensions: { [LABEL_EXTENSION_ID]: entry },
  });
  return 'label' in read && read.label === null
    ? { error: 'the label beside the object must be an object' }
    : read;
}

/**
 * A stored object as labelled here, for this node's own uses (console, analyst tools, MISP export): the object
 * with its label inside — the stored bytes when the originator wrote it there, else the label kept beside it
 * (`besideLabel`, the extension's body as JSON text) added. What TAXII serves is the stored object itself.
 */
export function labelledObject(
  obj: Record<string, unknown>,
  besideLabel: string | null | undefined,
): Record<string, unknown> {
  if (!besideLabel) return obj;
  const extensions = { ...(isObj(obj.extensions) ? obj.extensions : {}) };
  const ext: unknown = JSON.parse(besideLabel);
  extensions[LABEL_EXTENSION_ID] = ext;
  return { ...obj, extensions };
}

/** Stable key of a label's access-relevant parts (not its creation time): objects share label rows. */
export const labelKey = (l: ConfidentialityLabel): string =>
  sha256Hex(
    canonicalJson({
      p: l.policy,
      c: l.classification,
      r: [...l.releasableTo].sort(),
      o: l.originator,
      t: l.tlp,
    }),
  ).slice(0, 32);

/** Display form, e.g. `SECRET REL TO GCC, PAK // TLP:AMBER (orig. SAU)`. */
export const labelText = (l: Omit<ConfidentialityLabel, 'createdAt'>): string =>
  `${l.classification}${l.releasableTo.length ? ` REL TO ${l.releasableTo.join(', ')}` : ''}${l.tlp ? ` // TLP:${l.tlp.toUpperCase()}` : ''} (orig. ${l.originator})`;
