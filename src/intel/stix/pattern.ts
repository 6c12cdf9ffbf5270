/**
 * A validator for the STIX 2.1 Patterning language (specification section 9), written by hand from the
 * specification text and the reference grammar: one tokenizer, then a recursive-descent parser. AND / OR /
 * FOLLOWEDBY chains are loops; only parentheses and brackets recurse, and their depth is capped.
 *
 * Syntax errors stop the parse (there is no sensible way to go on); rules about the content of a
 * well-formed piece (type and property names, literal contents, qualifier values) are collected and the
 * parse goes on, so one call can report several of them. Every message starts with `at N:`, N the
 * 0-based character offset in the pattern.
 */
import { parseTimestamp } from './checks.js';

/** How deep parentheses and brackets may nest before the pattern is refused. */
export const MAX_PATTERN_DEPTH = 100;

type Kind =
  | 'end'
  | '['
  | ']'
  | '('
  | ')'
  | ':'
  | '.'
  | ','
  | '*'
  | 'op' // = == != <> < <= > >=
  | 'ident' // words: keywords, object types, property names, true / false
  | 'str'
  | 'int'
  | 'float'
  | 'hex'
  | 'bin'
  | 'time';

interface Tok {
  kind: Kind;
  start: number;
  end: number;
  /** The source text of words, operators and numbers; '' for the rest. */
  text: string;
}

/** Thrown only for a syntax error (never on the happy path); patternIssues catches it. */
class PatternSyntaxError extends Error {}

const fail = (at: number, message: string): never => {
  throw new PatternSyntaxError(`at ${at}: ${message}`);
};

// Keywords are upper case (booleans lower case), as in the reference grammar; `like` is not `LIKE`.
const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
  'true',
  'false',
]);
const WORD_OPERATORS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);
const OPERATOR_LIST = '(=, !=, >, <, >=, <=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)';
const VALUE_KINDS =
  "a string 'x', a number, true / false, a timestamp t'…', hex h'…' or binary b'…'";

// Names (sections 2 and 3.1): type names a-z, 0-9 and single hyphens, 3–250 long; property names a-z, 0-9, _.
const TYPE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PROPERTY_NAME = /^([a-z0-9_]{3,250}|id)$/;
const HEX_BODY = /^([0-9a-fA-F]{2})*$/;
const BASE64_BODY = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWordStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isWordPart = (c: number): boolean => isWordStart(c) || isDigit(c) || c === 45;
/** The reference grammar's white space: ASCII spaces and the Unicode space separators. */
const isSpace = (c: number): boolean =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0x85 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000;

/**
 * Splits a pattern into tokens. Lexical syntax errors throw; a literal whose content is wrong (a bad
 * timestamp, hex or base64, an unknown string escape) is reported in `issues` and still becomes a token.
 */
function tokenize(src: string, issues: string[]): Tok[] {
  const toks: Tok[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    const start = i;
    if (isSpace(c)) {
      i++;
      continue;
    }
    // Comments, as the reference grammar allows: /* … */ and // to the end of the line.
    if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) fail(i, 'unterminated comment /*');
      i = close + 2;
      continue;
    }
    if (c === 47 && src.charCodeAt(i + 1) === 47) {
      while (i < n && src.charCodeAt(i) !== 10 && src.charCodeAt(i) !== 13) i++;
      continue;
    }
    // String literal: '…' where a backslash may only escape a quote or a backslash.
    if (c === 39) {
      i++;
      for (;;) {
        if (i >= n) fail(start, 'unterminated string (no closing quote)');
        const d = src.charCodeAt(i);
        if (d === 39) break;
        if (d === 92) {
          const e = src.charCodeAt(i + 1);
          if (e !== 39 && e !== 92) {
            if (i + 1 >= n) fail(start, 'unterminated string (no closing quote)');
            issues.push(
              `at ${i}: invalid escape \\${src[i + 1]} in a string (only \\' and \\\\ are allowed)`,
            );
          }
          i += 2;
        } else i++;
      }
      i++;
      toks.push({ kind: 'str', start, end: i, text: '' });
      continue;
    }
    // Words; a lone t, h or b right before a quote opens a timestamp, hex or binary literal.
    if (isWordStart(c)) {
      if ((c === 116 || c === 104 || c === 98) && src.charCodeAt(i + 1) === 39) {
        const close = src.indexOf("'", i + 2);
        if (close < 0) fail(start, 'unterminated literal (no closing quote)');
        const body = src.slice(i + 2, close);
        i = close + 1;
        if (c === 116) {
          if (parseTimestamp(body) === null)
            issues.push(
              `at ${start}: t'${body}' is not a valid RFC 3339 UTC timestamp (yyyy-mm-ddThh:mm:ss[.s+]Z)`,
            );
          toks.push({ kind: 'time', start, end: i, text: body });
        } else if (c === 104) {
          if (!HEX_BODY.test(body))
            issues.push(`at ${start}: h'${body}' is not valid hex (pairs of 0-9, a-f)`);
          toks.push({ kind: 'hex', start, end: i, text: '' });
        } else {
          if (!BASE64_BODY.test(body)) issues.push(`at ${start}: b'${body}' is not valid base64`);
          toks.push({ kind: 'bin', start, end: i, text: '' });
        }
        continue;
      }
      i++;
      while (i < n && isWordPart(src.charCodeAt(i))) i++;
      toks.push({ kind: 'ident', start, end: i, text: src.slice(start, i) });
      continue;
    }
    // Numbers: [+-] digits [. digits], or [+-] . digits.
    const next = src.charCodeAt(i + 1);
    if (
      isDigit(c) ||
      ((c === 43 || c === 45) && (isDigit(next) || next === 46)) ||
      (c === 46 && isDigit(next))
    ) {
      if (c === 43 || c === 45) i++;
      const intStart = i;
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      const intDigits = i - intStart;
      let kind: Kind = 'int';
      if (src.charCodeAt(i) === 46) {
        i++;
        const fracStart = i;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
        if (i === fracStart)
          fail(start, `a number needs digits after the decimal point: ${src.slice(start, i)}`);
        kind = 'float';
      } else if (intDigits === 0) fail(start, `'${src[start]}' must be followed by a number`);
      else if (intDigits > 1 && src.charCodeAt(intStart) === 48)
        fail(start, `integers must not have leading zeros: ${src.slice(start, i)}`);
      toks.push({ kind, start, end: i, text: src.slice(start, i) });
      continue;
    }
    // Comparison operators.
    if (c === 61 || c === 33 || c === 60 || c === 62) {
      let op = src[i];
      if (next === 61 || (c === 60 && next === 62)) op += src[i + 1];
      if (op === '!') fail(start, "'!' must be followed by '=' (the operator is !=)");
      i += op.length;
      toks.push({ kind: 'op', start, end: i, text: op });
      continue;
    }
    const single = '[]():.,*'.indexOf(src[i]);
    if (single < 0)
      fail(start, `unexpected character '${String.fromCodePoint(src.codePointAt(i) ?? c)}'`);
    i++;
    toks.push({ kind: '[]():.,*'[single] as Kind, start, end: i, text: '' });
  }
  toks.push({ kind: 'end', start: n, end: n, text: '' });
  return toks;
}

/** Qualifier kinds, as bits, to find the same qualifier twice on one bracketed observation. */
const Q_WITHIN = 1;
const Q_REPEATS = 2;
const Q_STARTSTOP = 4;

/** A literal of a comparison, as written: its kind and its content (a string's unescaped text, a literal's body). */
export interface PatternValue {
  kind: 'str' | 'int' | 'float' | 'hex' | 'bin' | 'time' | 'bool';
  text: string;
  at: number;
}

/** One comparison of a well-formed pattern, for the object-model checks (`pattern-model.ts`). */
export interface PatternComparison {
  at: number;
  objectType: string;
  /** The property path after the type: names (quoted or bare, unquoted) and list indexes (a number or '*'). */
  path: (string | number)[];
  /** '=', '!=', '<', …, 'IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET' or 'EXISTS'. */
  op: string;
  values: PatternValue[];
}

/** The value returned while only the syntax is checked (nothing is collected). */
const NO_VALUE: PatternValue = { kind: 'str', text: '', at: 0 };

/** Versions of the patterning language this parser knows (indicator `pattern_version`). */
export type PatternVersion = '2.0' | '2.1';

class PatternParser {
  private pos = 0;
  private depth = 0;
  readonly comparisons: PatternComparison[] = [];

  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
    private readonly issues: string[],
    private readonly version: PatternVersion = '2.1',
    /** Collect `comparisons` (for the object-model checks); off when only the syntax is asked for. */
    private readonly collect = true,
  ) {}

  /** The content of a literal token: a string unescaped, a t/h/b literal's body, a number or boolean as written. */
  private literal(t: Tok): PatternValue {
    const raw = this.src.slice(t.start, t.end);
    switch (t.kind) {
      case 'str':
        return { kind: 'str', text: raw.slice(1, -1).replace(/\\(['\\])/g, '$1'), at: t.start };
      case 'time':
        return { kind: 'time', text: t.text, at: t.start };
      case 'hex':
      case 'bin':
        return { kind: t.kind, text: raw.slice(2, -1), at: t.start };
      case 'int':
      case 'float':
        return { kind: t.kind, text: raw, at: t.start };
      default:
        return { kind: 'bool', text: raw, at: t.start };
    }
  }

  private get tok(): Tok {
    return this.toks[this.pos];
  }

  private isWord(word: string): boolean {
    const t = this.toks[this.pos];
    return t.kind === 'ident' && t.text === word;
  }

  /** How a token reads in a message, with a hint when a keyword or boolean has the wrong case. */
  private describe(t: Tok): string {
    if (t.kind === 'end') return 'the end of the pattern';
    const raw = this.src.slice(t.start, t.end);
    const shown = raw.length > 40 ? `'${raw.slice(0, 40)}…'` : `'${raw}'`;
    if (t.kind !== 'ident') return shown;
    const upper = raw.toUpperCase();
    if (upper !== raw && KEYWORDS.has(upper)) return `${shown} (keywords are upper case: ${upper})`;
    const lower = raw.toLowerCase();
    if ((lower === 'true' || lower === 'false') && lower !== raw)
      return `${shown} (booleans are lower case: ${lower})`;
    return shown;
  }

  private expect(kind: Kind, what: string): Tok {
    const t = this.tok;
    if (t.kind !== kind) fail(t.start, `expected ${what}, found ${this.describe(t)}`);
    this.pos++;
    return t;
  }

  /** operand ( keyword operand )*: a loop, so long AND / OR / FOLLOWEDBY chains need no stack. */
  private chain(keyword: string, operand: () => void): void {
    operand();
    while (this.isWord(keyword)) {
      this.pos++;
      operand();
    }
  }

  /** open inner close, at the current '(' or '[': the only recursion, bounded by MAX_PATTERN_DEPTH. */
  private group(close: ']' | ')', what: string, inner: () => void): void {
    const open = this.tok;
    if (++this.depth > MAX_PATTERN_DEPTH)
      fail(open.start, `parentheses and brackets nest deeper than ${MAX_PATTERN_DEPTH} levels`);
    this.pos++;
    inner();
    this.expect(close, `'${close}' to close ${what} opened at ${open.start}`);
    this.depth--;
  }

  // pattern := observationExpressions <end>
  parsePattern(): void {
    if (this.tok.kind === 'end') fail(0, 'the pattern is empty');
    this.observationExpressions();
    const t = this.tok;
    if (t.kind === ']' || t.kind === ')')
      fail(t.start, `unexpected '${t.kind}' with no matching '${t.kind === ']' ? '[' : '('}'`);
    if (t.kind !== 'end')
      fail(
        t.start,
        `unexpected ${this.describe(t)} after the end of the pattern (expected AND, OR, FOLLOWEDBY or a qualifier)`,
      );
  }

  // observationExpressions := observationExpressionOr ( FOLLOWEDBY observationExpressionOr )*
  private observationExpressions(): void {
    this.chain('FOLLOWEDBY', () => this.observationOr());
  }

  // observationExpressionOr := observationExpressionAnd ( OR observationExpressionAnd )*
  private observationOr(): void {
    this.chain('OR', () => this.observationAnd());
  }

  // observationExpressionAnd := observationExpression ( AND observationExpression )*
  private observationAnd(): void {
    this.chain('AND', () => this.observation());
  }

  // observationExpression := ( '[' comparisonExpression ']' | '(' observationExpressions ')' ) qualifier*
  private observation(): void {
    const open = this.tok;
    if (open.kind === '[') {
      this.group(']', 'the observation expression', () => this.comparisonOr());
      this.qualifiers(true);
    } else if (open.kind === '(') {
      this.group(')', 'the parenthesis', () => this.observationExpressions());
      this.qualifiers(false);
    } else {
      const bare = open.kind === 'ident' && this.toks[this.pos + 1].kind === ':';
      fail(
        open.start,
        bare
          ? "comparison expressions must be inside square brackets, e.g. [file:name = 'x']"
          : `expected an observation expression ('[' or '('), found ${this.describe(open)}`,
      );
    }
  }

  /** `seen` with `bit` added; a qualifier already in it on a bracketed observation is reported. */
  private onceOnly(
    seen: number,
    bit: number,
    name: string,
    at: number,
    bracketed: boolean,
  ): number {
    if (bracketed && seen & bit)
      this.issues.push(`at ${at}: the ${name} qualifier is given twice for the same observation`);
    return seen | bit;
  }

  // qualifier := WITHIN number SECONDS | REPEATS integer TIMES | START timestamp STOP timestamp
  // The same qualifier twice on one bracketed observation is refused, as the reference validator does.
  private qualifiers(bracketed: boolean): void {
    let seen = 0;
    for (;;) {
      const q = this.tok;
      if (this.isWord('WITHIN')) {
        this.pos++;
        const v = this.tok;
        if (v.kind !== 'int' && v.kind !== 'float')
          fail(v.start, `expected a number of seconds after WITHIN, found ${this.describe(v)}`);
        if (!(Number(v.text) > 0))
          this.issues.push(
            `at ${v.start}: WITHIN needs a positive number of seconds, found ${v.text}`,
          );
        this.pos++;
        this.expectWord('SECONDS', 'after the WITHIN value (seconds are the only unit)');
        seen = this.onceOnly(seen, Q_WITHIN, 'WITHIN', q.start, bracketed);
      } else if (this.isWord('REPEATS')) {
        this.pos++;
        const v = this.tok;
        if (v.kind !== 'int' && v.kind !== 'float')
          fail(v.start, `expected a number of times after REPEATS, found ${this.describe(v)}`);
        if (v.kind !== 'int' || !(Number(v.text) > 0))
          this.issues.push(`at ${v.start}: REPEATS needs a positive integer, found ${v.text}`);
        this.pos++;
        this.expectWord('TIMES', 'after the REPEATS count');
        seen = this.onceOnly(seen, Q_REPEATS, 'REPEATS', q.start, bracketed);
      } else if (this.isWord('START')) {
        this.pos++;
        const from = this.timestamp('START');
        this.expectWord('STOP', 'after the START timestamp');
        const to = this.timestamp('STOP');
        if (from.ms !== null && to.ms !== null && to.ms <= from.ms)
          this.issues.push(
            `at ${to.at}: the STOP timestamp must be later than the START timestamp`,
          );
        seen = this.onceOnly(seen, Q_STARTSTOP, 'START/STOP', q.start, bracketed);
      } else return;
    }
  }

  private expectWord(word: string, where: string): void {
    const t = this.tok;
    if (!this.isWord(word)) fail(t.start, `expected '${word}' ${where}, found ${this.describe(t)}`);
    this.pos++;
  }

  private timestamp(keyword: string): { at: number; ms: number | null } {
    const t = this.tok;
    // STIX 2.0 patterns write START / STOP timestamps as plain strings ('2016-06-01T00:00:00Z').
    if (this.version === '2.0' && t.kind === 'str') {
      const body = this.literal(t).text;
      const ms = parseTimestamp(body);
      if (ms === null)
        this.issues.push(`at ${t.start}: '${body}' is not a valid RFC 3339 UTC timestamp`);
      this.pos++;
      return { at: t.start, ms };
    }
    if (t.kind !== 'time')
      fail(
        t.start,
        `${keyword} needs a timestamp literal t'yyyy-mm-ddThh:mm:ssZ', found ${this.describe(t)}`,
      );
    this.pos++;
    return { at: t.start, ms: parseTimestamp(t.text) };
  }

  // comparisonExpression := comparisonExpressionAnd ( OR comparisonExpressionAnd )*
  private comparisonOr(): void {
    this.chain('OR', () => this.comparisonAnd());
  }

  // comparisonExpressionAnd := propTest ( AND propTest )*
  private comparisonAnd(): void {
    this.chain('AND', () => this.propTest());
  }

  // propTest := '(' comparisonExpression ')' | EXISTS objectPath | objectPath NOT? operator value
  private propTest(): void {
    const first = this.tok;
    if (first.kind === '(') return this.group(')', 'the parenthesis', () => this.comparisonOr());
    if (this.isWord('EXISTS')) {
      this.pos++;
      const p = this.objectPath();
      if (this.collect) this.comparisons.push({ at: first.start, ...p, op: 'EXISTS', values: [] });
      return;
    }
    const path = this.objectPath();
    if (this.isWord('NOT')) this.pos++;
    const op = this.tok;
    if (op.kind === 'op') {
      this.pos++;
      const v = this.value(
        op.text,
        op.text === '=' || op.text === '==' || op.text === '!=' || op.text === '<>',
      );
      if (this.collect)
        this.comparisons.push({ at: first.start, ...path, op: op.text, values: [v] });
    } else if (op.kind === 'ident' && WORD_OPERATORS.has(op.text)) {
      this.pos++;
      if (op.text === 'IN') {
        const values = this.set();
        if (this.collect) this.comparisons.push({ at: first.start, ...path, op: 'IN', values });
      } else {
        const v = this.tok;
        if (v.kind !== 'str')
          fail(v.start, `${op.text} needs a string in single quotes, found ${this.describe(v)}`);
        this.pos++;
        if (this.collect)
          this.comparisons.push({
            at: first.start,
            ...path,
            op: op.text,
            values: [this.literal(v)],
          });
      }
    } else {
      const hint =
        op.kind === 'ident' && op.text === 'EXISTS' ? ' (EXISTS goes before the object path)' : '';
      fail(
        op.start,
        `expected a comparison operator ${OPERATOR_LIST} after the object path ${path.text}, found ${this.describe(op)}${hint}`,
      );
    }
  }

  // value := string | integer | float | binary | hex | timestamp | true | false  (no booleans after < > <= >=)
  private value(op: string, booleanAllowed: boolean): PatternValue {
    const v = this.tok;
    switch (v.kind) {
      case 'str':
      case 'int':
      case 'float':
      case 'hex':
      case 'bin':
      case 'time':
        this.pos++;
        return this.collect ? this.literal(v) : NO_VALUE;
      case 'ident':
        if (v.text === 'true' || v.text === 'false') {
          if (!booleanAllowed) fail(v.start, `a boolean cannot be compared with ${op}`);
          this.pos++;
          return this.collect ? this.literal(v) : NO_VALUE;
        }
        return fail(
          v.start,
          `expected a value after ${op}, found ${this.describe(v)} (strings must be in single quotes)`,
        );
      case '(':
        return fail(
          v.start,
          `a set of values in parentheses is only allowed after IN, not after ${op}`,
        );
      default:
        return fail(
          v.start,
          `expected a value after ${op} (${VALUE_KINDS}), found ${this.describe(v)}`,
        );
    }
  }

  // set := '(' ( value ( ',' value )* )? ')'
  private set(): PatternValue[] {
    const open = this.tok;
    const values: PatternValue[] = [];
    if (open.kind !== '(')
      fail(
        open.start,
        `IN needs a set of values in parentheses, e.g. ('a', 'b'), found ${this.describe(open)}`,
      );
    this.pos++;
    if (this.tok.kind === ')') {
      this.pos++;
      return values;
    }
    for (;;) {
      values.push(this.value('IN', true));
      const t = this.tok;
      if (t.kind === ')') break;
      if (t.kind !== ',')
        fail(
          t.start,
          `expected ',' or ')' in the set opened at ${open.start}, found ${this.describe(t)}`,
        );
      this.pos++;
    }
    this.pos++;
    return values;
  }

  // objectPath := objectType ':' firstComponent ( '.' component | '[' ( integer | '*' ) ']' )*
  // firstComponent and component: a bare name (letters, digits, _) or a quoted string.
  private objectPath(): { text: string; objectType: string; path: (string | number)[] } {
    const type = this.tok;
    const path: (string | number)[] = [];
    if (type.kind !== 'ident' || KEYWORDS.has(type.text)) {
      const hint =
        type.kind === 'ident' && type.text === 'NOT'
          ? ' (NOT goes right before the comparison operator)'
          : '';
      fail(
        type.start,
        `expected an object path (object-type:property), found ${this.describe(type)}${hint}`,
      );
    }
    if (type.text.length < 3 || type.text.length > 250 || !TYPE_NAME.test(type.text))
      this.issues.push(
        `at ${type.start}: '${type.text}' is not a valid object type name (3–250 characters a-z, 0-9 and single hyphens)`,
      );
    this.pos++;
    this.expect(':', `':' after the object type ${type.text}`);
    const prop = this.tok;
    path.push(prop.kind === 'str' ? this.literal(prop).text : prop.text);
    if (prop.kind === 'ident') {
      if (!PROPERTY_NAME.test(prop.text))
        this.issues.push(
          `at ${prop.start}: '${prop.text}' is not a valid property name (3–250 characters a-z, 0-9 and _)`,
        );
    } else if (prop.kind === 'str') {
      const name = this.src.slice(prop.start + 1, prop.end - 1);
      if (!PROPERTY_NAME.test(name))
        this.issues.push(
          `at ${prop.start}: '${name}' is not a valid property name (3–250 characters a-z, 0-9 and _)`,
        );
    } else
      fail(
        prop.start,
        `expected a property name after ${type.text}:, found ${this.describe(prop)}`,
      );
    this.pos++;
    for (;;) {
      const t = this.tok;
      if (t.kind === '.') {
        this.pos++;
        const key = this.tok;
        path.push(key.kind === 'str' ? this.literal(key).text : key.text);
        if (key.kind === 'ident') {
          if (key.text.includes('-'))
            this.issues.push(
              `at ${key.start}: the path component ${key.text} contains '-' and must be quoted: '${key.text}'`,
            );
        } else if (key.kind === 'str') {
          if (key.end - key.start < 3 || key.end - key.start > 252)
            this.issues.push(`at ${key.start}: a quoted path component must be 1–250 characters`);
        } else
          fail(
            key.start,
            `expected a property name or quoted key after '.', found ${this.describe(key)}`,
          );
        this.pos++;
      } else if (t.kind === '[') {
        this.pos++;
        const index = this.tok;
        if (index.kind !== 'int' && index.kind !== '*')
          fail(
            index.start,
            `expected a list index (an integer or *) after '[', found ${this.describe(index)}`,
          );
        path.push(index.kind === 'int' ? Number(index.text) : '*');
        this.pos++;
        this.expect(']', `']' to close the list index opened at ${t.start}`);
      } else break;
    }
    return {
      text: this.src.slice(type.start, this.toks[this.pos - 1].end),
      objectType: type.text,
      path,
    };
  }
}

/** The N of a message `at N: …`. */
const offsetOf = (message: string): number => parseInt(message.slice(3), 10);

/**
 * Every syntax problem of a STIX pattern (section 9) written in `version` of the language; [] when it is
 * valid. Messages name the character offset, e.g. `at 14: expected a comparison operator (…) after the
 * object path file:name, found 'x'`.
 */
export function patternIssues(pattern: string, version: PatternVersion = '2.1'): string[] {
  return parsePattern(pattern, version, false).issues;
}

export interface ParsedPattern {
  issues: string[];
  comparisons: PatternComparison[];
}

/**
 * Recent parses (with comparisons), by version and text: an ingest validates each indicator's pattern and
 * then reads its observables for the correlation index from the same pattern. Two generations of at most
 * PARSE_MEMO entries each, so the last PARSE_MEMO to 2·PARSE_MEMO distinct patterns are answered from memory.
 * Patterns up to PARSE_MEMO_TEXT characters. A parse is a pure function of (text, version); callers only
 * read what it returns and must not modify it.
 */
const PARSE_MEMO = 4096;
/** Longer patterns are parsed every time (the memo's memory stays bounded). */
const PARSE_MEMO_TEXT = 2048;
let parsedNow = new Map<string, ParsedPattern>();
let parsedBefore = new Map<string, ParsedPattern>();

/** The syntax problems, and (when there is no syntax error) every comparison the pattern makes. */
export function parsePattern(
  pattern: string,
  version: PatternVersion = '2.1',
  collect = true,
): ParsedPattern {
  if (typeof pattern !== 'string')
    return { issues: ['the pattern must be a string'], comparisons: [] };
  if (!collect || pattern.length > PARSE_MEMO_TEXT) return parseUncached(pattern, version, collect);
  const key = `${version}\u0000${pattern}`;
  let parsed = parsedNow.get(key) ?? parsedBefore.get(key);
  if (parsed === undefined) {
    parsed = parseUncached(pattern, version, true);
    if (parsedNow.size >= PARSE_MEMO) {
      parsedBefore = parsedNow;
      parsedNow = new Map();
    }
    parsedNow.set(key, parsed);
  }
  return parsed;
}

function parseUncached(pattern: string, version: PatternVersion, collect: boolean): ParsedPattern {
  const issues: string[] = [];
  let syntax: string | null = null;
  let comparisons: PatternComparison[] = [];
  try {
    const toks = tokenize(pattern, issues);
    const parser = new PatternParser(pattern, toks, issues, version, collect);
    parser.parsePattern();
    comparisons = parser.comparisons;
  } catch (e) {
    if (!(e instanceof PatternSyntaxError)) throw e;
    syntax = e.message;
  }
  // The syntax error (if any) first, then the content problems in the order they appear in the pattern.
  if (issues.length > 1) issues.sort((a, b) => offsetOf(a) - offsetOf(b));
  if (syntax !== null) issues.unshift(syntax);
  return { issues, comparisons };
}
