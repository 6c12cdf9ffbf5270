import { parse } from '@formatjs/icu-messageformat-parser';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from './i18n/messages/index.js';
import { argumentsOf } from './i18n/messages/arguments.test-support.js';

/**
 * Every refusal of the API says its reason in the console reader's language: the `detailCode` of each
 * `refused(…)`, `conflict(…)`, `new TahalufError(…)` (or the finer code its `.withDetail(…, code)` gives)
 * written in src/ has a `problem.<code>` message in the catalogue (English and Arabic), so a new refusal
 * without a translation fails here instead of reaching an Arabic reader in English.
 *
 * Codes are read from the source statically (TypeScript's parser): a literal, either branch of a
 * conditional, or the literal argument a local helper (`const bad = (…, detailCode) => …withDetail(…,
 * detailCode)`) is called with. A code passed on at run time (a variable) is allowed only at the relays
 * listed below, each with the codes it can pass on; any other site fails the test.
 */
const SRC = join(import.meta.dirname, '..');

/** Codes a console user can never meet: they answer API clients, other nodes or the log's own replay. */
const NOT_FOR_THE_CONSOLE: Record<string, string> = {
  // The request was abandoned by its client: nobody reads the answer.
  client_gone: 'the client went away',
  // An act of a type the rules do not know, met when replaying a log (never sent by the console).
  unknown_act: 'log replay of an unknown act type',
  // Idempotency-Key is for API clients; the console does not send it.
  idempotency_key_in_use: 'API clients only',
  idempotency_key_reused: 'API clients only',
  idempotency_key_committed: 'API clients only',
  // A witness's checkpoint from another node (federation transparency log).
  checkpoint_signature: 'federation witness',
  inconsistent_checkpoint: 'federation witness',
  // A CAP summary on the alliance log, built by a node (not typed in the console) and applied by all.
  invalid_summary: 'federation: alliance-log CAP summary',
  duplicate_identifier: 'federation: alliance-log CAP summary',
  unknown_reference: 'federation: alliance-log CAP summary',
};

/**
 * Sites that pass on a code they did not write (`file` and the code expression's text), with the codes
 * that can reach them; a code built at run time anywhere else fails 'passes on only listed codes'.
 */
const RELAYS: Record<string, string[]> = {
  // An act refused by the alliance log's replay on another node: its code is one of the rules' own,
  // thrown (and scanned) where the rule is.
  'federation/alliance-log.ts outcome.detail?.detailCode': [],
  // An exercise plan's hard conflict: the `severity: 'error'` codes of exercise-rules.ts other than the
  // two the planner maps itself just above (unit_double_booked, unknown_unit).
  'forces/exercise-planner.ts hard.code': ['unit_unavailable', 'unit_not_participant'],
};

/** The factories whose first argument is the code (a bare `badInput`/`forbidden` is generic). */
const FACTORIES = new Set(['refused', 'conflict']);
const FILES_NOT_SCANNED = new Set([
  // Defines the factories themselves (their `code` parameter, the generic invalid_input/forbidden).
  'core/errors.ts',
]);

/**
 * Files whose every refusal is coded, a bare `badInput(…)`/`forbidden(…)` included (its English detail
 * only would reach the console): a new check there without `.withDetail(…, code)` fails the test.
 */
const FULLY_CODED = [
  'programmes/programme-rules.ts',
  'programmes/programme-desk.ts',
  'programmes/cyber-rules.ts',
  'programmes/procurement-rules.ts',
  'programmes/procurement-desk.ts',
  'programmes/routes.ts',
  'registry/lifecycle.ts',
  'registry/documents.ts',
  'warning/drills.ts',
];
const GENERIC = new Set(['badInput', 'forbidden']);

interface Site {
  code: string;
  where: string;
  /** The names of its `detailParams` when the source says them (an object literal, or none). */
  params?: string[];
}

function sourceFiles(): string[] {
  return readdirSync(SRC, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => relative(SRC, join(e.parentPath, e.name)))
    .filter((f) => !f.startsWith('web/') && !FILES_NOT_SCANNED.has(f));
}

/** The string literals an expression can be: 'a', c ? 'a' : 'b'; undefined when it is anything else. */
function literals(e: ts.Expression | undefined): string[] | undefined {
  if (!e) return undefined;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isParenthesizedExpression(e)) return literals(e.expression);
  if (ts.isConditionalExpression(e)) {
    const a = literals(e.whenTrue),
      b = literals(e.whenFalse);
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

/** The name of the function declaring `param` (a const arrow or a function), and its position. */
function helperOf(id: ts.Identifier): { name: string; index: number } | undefined {
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!ts.isArrowFunction(n) && !ts.isFunctionDeclaration(n) && !ts.isFunctionExpression(n))
      continue;
    const index = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
    if (index < 0) continue;
    if (ts.isFunctionDeclaration(n) && n.name) return { name: n.name.text, index };
    if (ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name))
      return { name: n.parent.name.text, index };
    return undefined;
  }
  return undefined;
}

/** `e.withDetail(params, code)`: the error is given its code. */
const isWithDetail = (n: ts.Node): boolean =>
  ts.isPropertyAccessExpression(n.parent) &&
  n.parent.name.text === 'withDetail' &&
  ts.isCallExpression(n.parent.parent) &&
  n.parent.parent.arguments.length >= 2;

/** The property names of an object literal; undefined when they are not all written out. */
function keysOf(e: ts.Expression | undefined): string[] | undefined {
  if (!e || !ts.isObjectLiteralExpression(e)) return undefined;
  const keys: string[] = [];
  for (const p of e.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) return undefined;
    if (!ts.isIdentifier(p.name) && !ts.isStringLiteral(p.name)) return undefined;
    keys.push(p.name.text);
  }
  return keys;
}

function sitesOf(file: string): { sites: Site[]; unchecked: string[]; bare: string[] } {
  const text = readFileSync(join(SRC, file), 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const sites: Site[] = [];
  const unchecked: string[] = [];
  const bare: string[] = [];
  const helpers: { name: string; index: number }[] = [];
  const where = (n: ts.Node) =>
    `${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const add = (n: ts.Node, e: ts.Expression | undefined, params: string[] | undefined) => {
    const codes = literals(e);
    const helper = e && ts.isIdentifier(e) ? helperOf(e) : undefined;
    if (codes) for (const code of codes) sites.push({ code, where: where(n), params });
    else if (helper) helpers.push(helper);
    else unchecked.push(`${file} ${e?.getText() ?? '(none)'}`);
  };
  const visit = (n: ts.Node): void => {
    let code: ts.Expression | undefined;
    let isRefusal = false;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      isRefusal = FACTORIES.has(n.expression.text);
      if (isRefusal) code = n.arguments[0];
      if (GENERIC.has(n.expression.text) && !isWithDetail(n)) bare.push(where(n));
    }
    if (
      ts.isNewExpression(n) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'TahalufError'
    ) {
      isRefusal = true;
      code = n.arguments?.[1];
    }
    // Any error's `.withDetail(params, code)` names its message (a bare badInput's too).
    const p = n.parent;
    const withDetail =
      p &&
      ts.isPropertyAccessExpression(p) &&
      p.name.text === 'withDetail' &&
      ts.isCallExpression(p.parent)
        ? p.parent
        : undefined;
    const detail = withDetail?.arguments[1];
    if (detail) add(n, detail, keysOf(withDetail.arguments[0]));
    else if (isRefusal) add(n, code, withDetail ? keysOf(withDetail.arguments[0]) : []);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  // The literal codes a helper passing its parameter on is called with (`bad(field, msg, 'code')`).
  const collect = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const callee = n.expression.text;
      for (const h of helpers.filter((x) => x.name === callee)) {
        const codes = literals(n.arguments[h.index]);
        if (codes) for (const code of codes) sites.push({ code, where: where(n) });
        else unchecked.push(`${file} ${n.arguments[h.index]?.getText() ?? '(none)'}`);
      }
    }
    ts.forEachChild(n, collect);
  };
  if (helpers.length) collect(sf);
  return { sites, unchecked, bare };
}

describe('every refusal a console can meet has a message in both languages', () => {
  const all = sourceFiles().map(sitesOf);
  const sites: Site[] = [
    ...all.flatMap((s) => s.sites),
    ...Object.entries(RELAYS).flatMap(([where, codes]) => codes.map((code) => ({ code, where }))),
  ];
  const codes = new Set(sites.map((s) => s.code));

  it('finds the refusals of the modules (the scan itself works)', () => {
    // A few codes known to be thrown: if the scan stopped seeing them, it would pass vacuously.
    for (const code of ['already_voted', 'not_a_member', 'case_closed', 'text_length', 'exists'])
      expect(codes, code).toContain(code);
    expect(codes.size).toBeGreaterThan(150);
  });

  it('has problem.<detailCode> in English and Arabic for each, but the listed exceptions', () => {
    const messages: Record<string, { en: string; ar: string } | undefined> = MESSAGES;
    const missing = sites
      .filter((s) => !Object.hasOwn(NOT_FOR_THE_CONSOLE, s.code))
      .filter((s) => {
        const m = messages[`problem.${s.code}`];
        return !m?.en.trim() || !m.ar.trim();
      })
      .map((s) => `${s.code} (${s.where})`);
    expect(missing).toEqual([]);
  });

  it('gives each message the values it says (a missing one would fall back to English)', () => {
    const messages: Record<string, { en: string } | undefined> = MESSAGES;
    const short = sites.flatMap((s) => {
      const m = messages[`problem.${s.code}`];
      if (!m || !s.params) return [];
      // `field` is the form's label of the problem's field, filled in by the console.
      const wanted = [...argumentsOf(parse(m.en))].filter((a) => a !== 'field');
      const missing = wanted.filter((a) => !s.params?.includes(a));
      return missing.length ? [`${s.code} (${s.where}) lacks ${missing.join(', ')}`] : [];
    });
    expect(short).toEqual([]);
  });

  it('codes even the input checks of the fully coded files', () => {
    const bare = FULLY_CODED.flatMap((f) => sitesOf(f).bare);
    expect(bare).toEqual([]);
  });

  it('passes on only listed codes: a code built at run time is a listed relay', () => {
    // Before, `already_${kind}` (council-service.ts) and the sensor refusals (warning/routes.ts) passed
    // codes with no message (already_position, unknown_sensor, …) and the scan could not see them.
    const unlisted = all.flatMap((s) => s.unchecked).filter((u) => !Object.hasOwn(RELAYS, u));
    expect(unlisted).toEqual([]);
    const seen = new Set(all.flatMap((s) => s.unchecked));
    for (const relay of Object.keys(RELAYS))
      expect(seen, `${relay} is gone: unlist it`).toContain(relay);
  });

  it('keeps the exception list to codes that are still thrown and have no message', () => {
    for (const code of Object.keys(NOT_FOR_THE_CONSOLE)) {
      expect(codes, `${code} is no longer thrown: drop it from the list`).toContain(code);
      expect(Object.hasOwn(MESSAGES, `problem.${code}`), `${code} has a message now`).toBe(false);
    }
  });
});
