import { isPlainObject } from '../../core/objects.js';
import { sha256Hex } from '../../core/crypto.js';
import { isIP } from 'node:net';
import { parsePattern } from '../stix/pattern.js';

/**
 * The observable values an object names, normalised so that the same value written by two members in
 * two forms is one key: what correlation indexes, what warning lists are matched against, and what the
 * MISP mapping turns into attributes.
 *
 * - `ip`: an IPv4/IPv6 address or CIDR (`ipv4-addr`, `ipv6-addr`, and `network-traffic` `src_ref`/`dst_ref`
 *   values in patterns), lower case;
 * - `domain`: `domain-name` value, lower case, without a trailing dot;
 * - `url`: `url` value as written;
 * - `email`: `email-addr` value, lower case;
 * - `mac`: `mac-addr` value, lower case;
 * - `hash`: any `hashes` entry of `file`, `artifact` or `x509-certificate`, lower case (the algorithm is
 *   kept in `algo` but not in the key: the same digest is the same value).
 *
 * From an SCO its own properties; from an indicator with a STIX pattern, every comparison with `=` or
 * `IN` on those properties (other operators name sets of values, not a value). Other objects name none.
 */
export type ObservableKind = 'ip' | 'domain' | 'url' | 'email' | 'mac' | 'hash';

export interface Observable {
  kind: ObservableKind;
  value: string;
  /** Hash algorithm for `hash`, as written (e.g. `SHA-256`). */
  algo?: string;
}

const VALUE_TYPES: Record<string, ObservableKind> = {
  'ipv4-addr': 'ip',
  'ipv6-addr': 'ip',
  'domain-name': 'domain',
  url: 'url',
  'email-addr': 'email',
  'mac-addr': 'mac',
};
const HASHED_TYPES = new Set(['file', 'artifact', 'x509-certificate']);

export function normalise(kind: ObservableKind, value: string): string {
  const v = value.trim();
  if (kind === 'url') return v;
  if (kind === 'domain') return v.toLowerCase().replace(/\.$/, '');
  return v.toLowerCase();
}

/** The index key of a value: `kind|value`. */
export const observableKey = (o: Observable): string => `${o.kind}|${normalise(o.kind, o.value)}`;

/** A 48-bit integer of the key (safe on both dialects), the indexed column; collisions are re-checked. */
export const valueKey = (key: string): number => parseInt(sha256Hex(key).slice(0, 12), 16);

/** Adds a value (normalised, keyed by `observableKey`) unless it is blank. */
function push(
  out: Map<string, Observable>,
  kind: ObservableKind,
  raw: string,
  algo?: string,
): void {
  if (!raw.trim()) return;
  const n: Observable =
    algo === undefined
      ? { kind, value: normalise(kind, raw) }
      : { kind, value: normalise(kind, raw), algo };
  out.set(observableKey(n), n);
}

/** The observables of one STIX object (deduplicated). */
export function observablesOf(obj: Record<string, unknown>): Observable[] {
  const out = new Map<string, Observable>();
  const type = typeof obj.type === 'string' ? obj.type : '';
  const kind = VALUE_TYPES[type];
  if (kind && typeof obj.value === 'string') push(out, kind, obj.value);
  if (HASHED_TYPES.has(type) && isPlainObject(obj.hashes))
    for (const [algo, v] of Object.entries(obj.hashes))
      if (typeof v === 'string') push(out, 'hash', v, algo);
  if (
    type === 'indicator' &&
    obj.pattern_type === 'stix' &&
    typeof obj.pattern === 'string' &&
    (obj.pattern_version === undefined || obj.pattern_version === '2.1')
  ) {
    const { issues, comparisons } = parsePattern(obj.pattern, '2.1');
    if (!issues.length)
      for (const c of comparisons) {
        if (c.op !== '=' && c.op !== 'IN') continue;
        const k = patternKind(c.objectType, c.path);
        if (!k) continue;
        for (const v of c.values)
          if (
            v.kind === 'str' &&
            (k.kind !== 'ip' || c.objectType !== 'network-traffic' || isIpOrCidr(v.text))
          )
            push(out, k.kind, v.text, k.algo);
      }
  }
  return [...out.values()];
}

function patternKind(
  type: string,
  path: (string | number)[],
): { kind: ObservableKind; algo?: string } | null {
  if (VALUE_TYPES[type] && path.length === 1 && path[0] === 'value')
    return { kind: VALUE_TYPES[type] };
  if (HASHED_TYPES.has(type) && path.length === 2 && path[0] === 'hashes')
    return { kind: 'hash', algo: String(path[1]) };
  if (
    type === 'network-traffic' &&
    path.length === 2 &&
    (path[0] === 'src_ref' || path[0] === 'dst_ref') &&
    path[1] === 'value'
  )
    return { kind: 'ip' };
  return null;
}

export function isIpOrCidr(s: string): boolean {
  const [addr, bits, ...rest] = s.split('/');
  if (rest.length) return false;
  const v = isIP(addr);
  if (!v) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (v === 4 ? 32 : 128);
}
