/**
 * STIX 2.1 patterns checked against the cyber-observable object model (sections 6 and 9): the grammar
 * (`pattern.ts`) says a comparison is well formed; this says it can be true. For an object type the
 * specification defines:
 * - the first property of the path must be one of the type's properties (or the common SCO properties,
 *   or a custom property named `x_…`);
 * - a value compared with `=`, `!=`, `<`, `>`, `<=`, `>=`, `IN`, `ISSUBSET` or `ISSUPERSET` must be a valid
 *   value of that property: the property's own check (the one an object is validated with) is applied to
 *   the literal, at the path the pattern names (a hash of the wrong length for its algorithm, an IPv4
 *   address with an octet of 300, a string where an integer belongs, a port of 70000…).
 * Paths through a `_ref` / `_refs` property lead to another object whose type the pattern does not state,
 * and custom object types have no model here: those comparisons are not judged. Only issues at the exact
 * path compared are kept, so a partial object (an extension's other, required properties) is not judged.
 */
import type { PatternComparison, PatternValue } from './pattern.js';
import type { StixIssue } from './checks.js';
import { scoCoreShape } from './common.js';
import { SCO_SHAPES } from './observables.js';

const VALUE_OPS = new Set([
  '=',
  '==',
  '!=',
  '<>',
  '<',
  '>',
  '<=',
  '>=',
  'IN',
  'ISSUBSET',
  'ISSUPERSET',
]);

/** The JSON value a literal stands for. */
function jsonOf(v: PatternValue): unknown {
  switch (v.kind) {
    case 'int':
    case 'float':
      return Number(v.text);
    case 'bool':
      return v.text === 'true';
    default:
      return v.text;
  }
}

/** The object the path names, holding `value` at its end; null when the path leaves this object (a reference). */
function nest(path: (string | number)[], value: unknown): { root: string; value: unknown } | null {
  const [root, ...rest] = path;
  if (typeof root !== 'string') return null;
  let v = value;
  for (let i = rest.length - 1; i >= 0; i--) {
    const step = rest[i];
    v = typeof step === 'string' ? { [step]: v } : [v];
  }
  // Dereferencing: a component after a *_ref(s) property names the referenced object's properties.
  const refAt = path.findIndex((s) => typeof s === 'string' && /_refs?$/.test(s));
  if (
    refAt >= 0 &&
    refAt < path.length - 1 &&
    !(refAt + 2 === path.length && typeof path[refAt + 1] === 'number')
  )
    return null;
  return { root, value: v };
}

const pointer = (path: (string | number)[]): string =>
  `/${path.map((s) => (typeof s === 'number' || s === '*' ? '0' : s)).join('/')}`;

/** Every object-model problem of a well-formed pattern's comparisons; messages name the offset like the parser's. */
export function patternModelIssues(comparisons: PatternComparison[]): string[] {
  const out: string[] = [];
  for (const c of comparisons) {
    const own = SCO_SHAPES[c.objectType];
    if (!own) continue; // an SDO, a custom object type: no cyber-observable model to check against
    const root = c.path[0];
    if (typeof root !== 'string') continue;
    const check = own.props?.[root] ?? scoCoreShape.props?.[root];
    if (!check) {
      if (!root.startsWith('x_'))
        out.push(
          `at ${c.at}: ${c.objectType} has no property ${root} (custom properties start with x_)`,
        );
      continue;
    }
    if (!VALUE_OPS.has(c.op)) continue;
    const leaf = pointer(c.path.map((s) => (s === '*' ? 0 : s)));
    for (const v of c.values) {
      const nested = nest(
        c.path.map((s) => (s === '*' ? 0 : s)),
        jsonOf(v),
      );
      if (!nested) continue;
      const issues: StixIssue[] = [];
      check(nested.value, `/${nested.root}`, issues);
      const bad = issues.find((i) => i.path === leaf);
      if (bad)
        out.push(
          `at ${v.at}: ${v.kind === 'str' ? `'${v.text}'` : v.text} cannot be a value of ${c.objectType}:${c.path.join('.')} (${bad.message})`,
        );
    }
  }
  return out;
}
