import { ApiError } from './api.js';
import { MESSAGES, type MessageId } from './i18n/messages/index.js';

/** A form's labels for the API's field paths: `[/\/homeBase\/lon$/, 'Longitude']`. */
export type FieldLabels = [RegExp, string][];

export interface PlainProblem {
  /** The API's field path (`body/units/0/size`), when it named one. */
  field?: string;
  /** The form's label for that field, when the form has one. */
  label?: string;
  /** The message in plain language, naming the field as the form labels it. */
  text: string;
}

/** JSON-schema phrases as a reader would say them. */
const PHRASES: [RegExp, string][] = [
  [/must be number\b/g, 'must be a number'],
  [/must be integer\b/g, 'must be a whole number'],
  [/must be string\b/g, 'must be text'],
  [/must be >= (-?[\d.]+)/g, 'must be at least $1'],
  [/must be <= (-?[\d.]+)/g, 'must be at most $1'],
  [/must be > (-?[\d.]+)/g, 'must be more than $1'],
  [/must be < (-?[\d.]+)/g, 'must be less than $1'],
  [/must NOT have fewer than 1 characters/g, 'must not be empty'],
  [/must NOT have more than (\d+) characters/g, 'must be at most $1 characters'],
  [/must have required property '([^']+)'/g, 'needs $1'],
];

/**
 * An API problem (RFC 9457 with `field`) in the words of the form that sent it: the field path is
 * replaced by the form's label (`body/units/0/homeBase/lon must be number` → `Longitude must be a
 * number`). A field the form does not show keeps the API's name, after the form's own.
 */
export function plainProblem(e: unknown, labels: FieldLabels = []): PlainProblem {
  if (!(e instanceof ApiError)) return { text: e instanceof Error ? e.message : String(e) };
  const labelOf = (path: string) => labels.find(([re]) => re.test(path))?.[1];
  let text = e.detail || e.title;
  // Every field path in the text, longest first so body/units/0/homeBase/lon wins over body/units/0.
  const paths = [...new Set(text.match(/\b(?:body|query|params)(?:\/[\w-]+)+/g) ?? [])].sort(
    (a, b) => b.length - a.length,
  );
  for (const path of paths) {
    const l = labelOf(path);
    if (l) text = text.split(path).join(l);
  }
  for (const [re, to] of PHRASES) text = text.replace(re, to);
  const label = e.field ? labelOf(e.field) : undefined;
  if (label && !text.includes(label)) text = `${label}: ${text}`;
  if (!/^(body|query|params)\//.test(text)) text = text.charAt(0).toUpperCase() + text.slice(1);
  if (!/[.!?]$/.test(text)) text += '.';
  return { field: e.field, label, text };
}

/** What `problemText` needs of the console's i18n (`useI18n()` gives it). */
export interface ProblemI18n {
  t: (id: MessageId, values?: Record<string, string | number>) => string;
}

export interface ProblemTextOptions {
  /** The form's labels for the API's field paths, in the reader's language. */
  labels?: FieldLabels;
  /** A state's name in the reader's language (for `member`, `openedBy` … parameters). */
  stateName?: (iso3: string) => string;
  /**
   * An alliance's name in the reader's language, from its id (or the English name a refusal carries;
   * `useAllianceNames()` gives it), for the `alliance` parameter.
   */
  allianceName?: (idOrName: string) => string;
  /** Other parameters said in the reader's words (`{ kind: (k) => t('accession.kind', { kind: k }) }`). */
  paramText?: Record<string, (value: string) => string>;
}

/** Parameters that name a member state by its ISO 3166 alpha-3 code. */
const STATE_PARAMS = new Set(['member', 'openedBy', 'actor', 'declaredBy']);

/**
 * An API problem in the reader's language: its `detailCode` looked up in the console's catalogue
 * (`problem.<detailCode>`), filled with its `detailParams` and with the field as the form labels it
 * (`Longitude must be a number.` / `يجب أن يكون «خط الطول» رقمًا.`). A code the catalogue does not know
 * (or an answer without one) falls back to the English `detail` said in the form's words (plainProblem).
 */
export function problemText(
  e: unknown,
  i18n: ProblemI18n,
  options: ProblemTextOptions = {},
): PlainProblem {
  const labels = options.labels ?? [];
  const fallback = plainProblem(e, labels);
  if (!(e instanceof ApiError) || !e.detailCode) return fallback;
  const id = `problem.${e.detailCode}`;
  if (!isMessageId(id)) return fallback;
  const params = e.detailParams ?? {};
  const field = e.field ?? '';
  // The field as the form labels it; else the API's last path segment (`units/0/size` → size).
  const label = labels.find(([re]) => re.test(field))?.[1];
  const values: Record<string, string | number> = {
    field: label ?? (field.split('/').pop() || field),
  };
  for (const [k, v] of Object.entries(params)) {
    const said = options.paramText?.[k];
    if (said) values[k] = said(String(v));
    else if (STATE_PARAMS.has(k) && options.stateName) values[k] = options.stateName(String(v));
    else if (k === 'alliance' && options.allianceName) values[k] = options.allianceName(String(v));
    else values[k] = v;
  }
  // An ICU select key has no hyphen: JSON-schema's `date-time` format is selected as date_time.
  if (typeof values.format === 'string') values.format = values.format.replace(/-/g, '_');
  try {
    return { field: e.field, label, text: i18n.t(id, values) };
  } catch {
    return fallback;
  }
}

const isMessageId = (id: string): id is MessageId => Object.hasOwn(MESSAGES, id);
