import { fieldsOf } from './objects.js';

/**
 * Canonical JSON (RFC 8785 style for the values we use): object keys sorted, no whitespace, undefined
 * properties left out, undefined array items as null. The record hashes and signs this form so the same
 * act always yields the same bytes; intel hashes every ingested object with it.
 * Built by string appends rather than map/filter/join arrays: about twice as fast on large payloads.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('non-finite number in canonical JSON');
    if (value === undefined) return 'null';
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) s += ',';
      const v: unknown = value[i];
      s += v === undefined ? 'null' : canonicalJson(v);
    }
    return s + ']';
  }
  const obj = fieldsOf(value); // an object, not an array: read as its fields
  const keys = Object.keys(obj).sort();
  let s = '{';
  let first = true;
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    s += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
    first = false;
  }
  return s + '}';
}
