import type { Kysely } from 'kysely';
import { conflict, forbidden, refused } from '../core/errors.js';
import type { AllianceLogPort, LoggedAct } from '../registry/alliance-port.js';
import type { Migrations, SharedDb, SharedTransaction } from '../store/database.js';
import { capTime, type CapMessage } from './cap-message.js';

/**
 * Warning on the alliance log (#12 item 2, "warning: CAP issue summaries"): when a federated node issues a
 * CAP Alert, Update or Cancel to a member at risk, it publishes a summary of it on the alliance log, signed
 * with its own key; every node verifies and applies it. The summary says that a warning was issued, to
 * whom, of which kind and over which area (its bounding box): no sensor report, track or estimate, and not
 * the CAP document itself (that goes to the member's civil defence only).
 *
 * The warning module reaches the alliance log only through the registry's `AllianceLogPort` (it does not
 * import the federation layer; test/architecture.test.ts), which the federation's `AllianceLog` fits as
 * it is.
 */
export const CAP_SUMMARY_TYPE = 'warning.cap.issued';

/** The area of a CAP message, summarised: its bounding box (2 decimals, ~1 km), vertices, confidence, zones. */
export interface CapAreaSummary {
  /** [south, west, north, east] in degrees. */
  bbox: [number, number, number, number];
  vertices: number;
  confidence: number;
  zones: number;
}

export interface CapSummary {
  identifier: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  status: 'Actual' | 'Exercise';
  /** The CAP <sender> of the message. */
  sender: string;
  /** Members whose civil defence the message addressed (ISO3). */
  members: string[];
  /** The CAP <incidents> the message belongs to (the threat's id on the issuing node). */
  incident: string;
  /** Identifiers of the earlier messages it updates or cancels. */
  references: string[];
  /** CAP <sent> (ISO 8601, seconds). */
  sent: string;
  area: CapAreaSummary;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The summary of a CAP message that crosses nodes (no sensor data). */
export function capSummary(c: CapMessage): CapSummary {
  const lats = c.polygon.map((p) => p[0]);
  const lons = c.polygon.map((p) => p[1]);
  return {
    identifier: c.identifier,
    msgType: c.msgType,
    status: c.status,
    sender: c.sender,
    members: [c.member],
    incident: c.threatId,
    // "sender,identifier,sent" each: only the identifier.
    references: c.references.map((r) => r.split(',')[1] ?? r),
    sent: new Date(Date.parse(capTime(c.sent))).toISOString(),
    area: {
      bbox: [
        round2(Math.min(...lats)),
        round2(Math.min(...lons)),
        round2(Math.max(...lats)),
        round2(Math.max(...lons)),
      ],
      vertices: c.polygon.length,
      confidence: c.confidence,
      zones: c.zones,
    },
  };
}

const invalid = (message: string) => refused('invalid_summary', message);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Record<string, unknown>, k: string, max = 200): string => {
  const v = o[k];
  if (typeof v !== 'string' || !v || v.length > max) throw invalid(`${k}: a string is required`);
  return v;
};
const num = (v: unknown, k: string, lo: number, hi: number): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
    throw invalid(`${k}: a number from ${lo} to ${hi} is required`);
  return v;
};

/** Checks a summary's shape (the same on every node); throws `invalid_summary` naming the field. */
/** The fields of a CAP summary act's payload: nothing else crosses the alliance log. */
const PAYLOAD_FIELDS = [
  'identifier',
  'msgType',
  'status',
  'sender',
  'members',
  'incident',
  'references',
  'sent',
  'area',
] as const;

export function parseCapSummary(p: unknown): CapSummary {
  if (!isObject(p)) throw invalid('the payload is not an object');
  const msgType = str(p, 'msgType');
  if (msgType !== 'Alert' && msgType !== 'Update' && msgType !== 'Cancel')
    throw invalid('msgType: Alert, Update or Cancel');
  const status = str(p, 'status');
  if (status !== 'Actual' && status !== 'Exercise') throw invalid('status: Actual or Exercise');
  const members = p.members;
  if (
    !Array.isArray(members) ||
    !members.length ||
    members.length > 50 ||
    !members.every((m) => typeof m === 'string' && /^[A-Z]{3}$/.test(m))
  )
    throw invalid('members: a non-empty list of ISO 3166-1 alpha-3 codes');
  const references = p.references;
  if (
    !Array.isArray(references) ||
    references.length > 1000 ||
    !references.every((r) => typeof r === 'string' && r.length > 0 && r.length <= 200)
  )
    throw invalid('references: a list of CAP identifiers');
  const sent = str(p, 'sent', 40);
  if (!Number.isFinite(Date.parse(sent))) throw invalid('sent: an ISO 8601 time');
  if (!isObject(p.area)) throw invalid('area: an object');
  const a = p.area;
  const bbox = a.bbox;
  if (!Array.isArray(bbox) || bbox.length !== 4)
    throw invalid('area.bbox: [south, west, north, east]');
  const [s, w, n, e] = [
    num(bbox[0], 'area.bbox[0]', -90, 90),
    num(bbox[1], 'area.bbox[1]', -180, 180),
    num(bbox[2], 'area.bbox[2]', -90, 90),
    num(bbox[3], 'area.bbox[3]', -180, 180),
  ];
  if (s > n || w > e) throw invalid('area.bbox: south above north or west east of east');
  const allowed = new Set<string>(PAYLOAD_FIELDS);
  const extra = Object.keys(p).filter((k) => !allowed.has(k));
  // Nothing but the summary crosses: a payload carrying more (e.g. sensor reports) is refused.
  if (extra.length) throw invalid(`fields not part of a CAP summary: ${extra.join(', ')}`);
  return {
    identifier: str(p, 'identifier'),
    msgType,
    status,
    sender: str(p, 'sender'),
    members: [...new Set(members.map(String))],
    incident: str(p, 'incident'),
    references: references.map(String),
    sent,
    area: {
      bbox: [s, w, n, e],
      vertices: num(a.vertices, 'area.vertices', 4, 100_000),
      confidence: num(a.confidence, 'area.confidence', 0, 1),
      zones: num(a.zones, 'area.zones', 0, 10_000_000),
    },
  };
}

interface AllianceCapRow {
  identifier: string;
  stream_seq: number;
  act_id: string;
  actor: string;
  msg_type: string;
  status: string;
  sender: string;
  members: string;
  incident: string;
  refs: string;
  sent: string;
  area: string;
  at: string;
  /**
   * The id of the key that signed the act, stored when it is applied (null on rows applied before
   * migration 1803; the API then looks the key up on the alliance log by act id).
   */
  key_id: string | null;
}
export type WarningAllianceTables = { warning_alliance_caps: AllianceCapRow };

export const allianceSummaryMigrations: Migrations = {
  '1802_warning_alliance_caps': {
    async up(db) {
      await db.schema
        .createTable('warning_alliance_caps')
        .ifNotExists()
        .addColumn('identifier', 'text', (c) => c.primaryKey())
        .addColumn('stream_seq', 'bigint', (c) => c.notNull())
        .addColumn('act_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('msg_type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('members', 'text', (c) => c.notNull())
        .addColumn('incident', 'text', (c) => c.notNull())
        .addColumn('refs', 'text', (c) => c.notNull())
        .addColumn('sent', 'text', (c) => c.notNull())
        .addColumn('area', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // GET /api/warning/alliance-caps reads each summary's signing key from its row, not from the log.
  '1803_warning_alliance_caps_key_id': {
    async up(db) {
      await db.schema.alterTable('warning_alliance_caps').addColumn('key_id', 'text').execute();
    },
  },
};

/** A CAP summary as applied from the alliance log (API, verify). */
export interface AppliedCapSummary extends CapSummary {
  streamSeq: number;
  actId: string;
  /** The member (or SECRETARIAT) whose node issued the message and signed the summary. */
  actor: string;
  at: string;
}

/** An applied CAP summary with the id of the key that signed its act (null: not stored, see key_id). */
export interface ListedCapSummary extends AppliedCapSummary {
  keyId: string | null;
}

const fromRow = (r: AllianceCapRow): ListedCapSummary => ({
  identifier: r.identifier,
  msgType: parseCapSummaryField(r.msg_type),
  status: r.status === 'Exercise' ? 'Exercise' : 'Actual',
  sender: r.sender,
  members: parseStrings(r.members),
  incident: r.incident,
  references: parseStrings(r.refs),
  sent: r.sent,
  area: parseArea(r.area),
  streamSeq: Number(r.stream_seq),
  actId: r.act_id,
  actor: r.actor,
  at: r.at,
  keyId: r.key_id,
});
function parseCapSummaryField(v: string): CapSummary['msgType'] {
  return v === 'Update' || v === 'Cancel' ? v : 'Alert';
}
function parseStrings(text: string): string[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : [];
}
function parseArea(text: string): CapAreaSummary {
  const v: unknown = JSON.parse(text);
  if (!isObject(v) || !Array.isArray(v.bbox))
    return { bbox: [0, 0, 0, 0], vertices: 0, confidence: 0, zones: 0 };
  const b = v.bbox.map(Number);
  return {
    bbox: [b[0], b[1], b[2], b[3]],
    vertices: Number(v.vertices),
    confidence: Number(v.confidence),
    zones: Number(v.zones),
  };
}

/** The projection of CAP summaries applied from the alliance log, newest first. */
export async function appliedCapSummaries(
  db: SharedDb,
  q: { limit?: number; actor?: string } = {},
): Promise<ListedCapSummary[]> {
  let s = db
    .withTables<WarningAllianceTables>()
    .selectFrom('warning_alliance_caps')
    .selectAll()
    .orderBy('stream_seq', 'desc')
    .limit(Math.min(q.limit ?? 100, 1000));
  if (q.actor) s = s.where('actor', '=', q.actor);
  return (await s.execute()).map(fromRow);
}

/**
 * Applies a CAP summary from the alliance log (every federated node, in stream order). The issuer must be
 * the secretariat or a member of the warning network, and every member addressed a member of it; an
 * identifier is summarised once; an Alert refers to nothing, an Update or Cancel only to messages this same
 * issuer summarised before on the log; the message was not sent after the act was signed (1 min leeway).
 */
export async function applyCapSummary(
  tx: SharedTransaction,
  act: LoggedAct,
  networkMembers: readonly string[],
): Promise<AppliedCapSummary> {
  const s = parseCapSummary(act.payload);
  if (act.subject !== s.identifier)
    throw invalid(
      `the act's subject ${act.subject ?? '(none)'} is not the message ${s.identifier}`,
    );
  if (act.actor !== 'SECRETARIAT' && !networkMembers.includes(act.actor))
    throw forbidden(
      `${act.actor} is not a member of the warning network and issues no warnings to its members`,
    );
  const outside = s.members.filter((m) => !networkMembers.includes(m));
  if (outside.length)
    throw refused(
      'not_in_network',
      `${outside.join(', ')} ${outside.length > 1 ? 'are' : 'is'} not a member of the warning network`,
    ).withDetail({ members: outside.join(', '), count: outside.length }, 'not_in_network.list');
  if (Date.parse(s.sent) > Date.parse(act.at) + 60_000)
    throw invalid(
      `the message says it was sent at ${s.sent}, after the act was signed (${act.at})`,
    );
  const db: Kysely<WarningAllianceTables> = tx.withTables<WarningAllianceTables>();
  const earlier = await db
    .selectFrom('warning_alliance_caps')
    .select(['stream_seq', 'actor'])
    .where('identifier', '=', s.identifier)
    .executeTakeFirst();
  if (earlier)
    throw conflict(
      'duplicate_identifier',
      `CAP message ${s.identifier} was already summarised at stream sequence ${Number(earlier.stream_seq)} by ${earlier.actor}`,
    );
  if (s.msgType === 'Alert' && s.references.length)
    throw invalid('an Alert refers to no earlier message');
  if (s.msgType !== 'Alert') {
    if (!s.references.length) throw invalid(`a ${s.msgType} refers to the messages it follows`);
    const found = await db
      .selectFrom('warning_alliance_caps')
      .select(['identifier', 'actor'])
      .where('identifier', 'in', s.references)
      .execute();
    const mine = new Set(found.filter((f) => f.actor === act.actor).map((f) => f.identifier));
    const unknown = s.references.filter((r) => !mine.has(r));
    if (unknown.length)
      throw refused(
        'unknown_reference',
        `${act.actor}'s ${s.msgType} refers to ${unknown.join(', ')}, which ${act.actor} did not issue earlier on the alliance log`,
      );
  }
  await db
    .insertInto('warning_alliance_caps')
    .values({
      identifier: s.identifier,
      stream_seq: act.seq,
      act_id: act.id,
      actor: act.actor,
      msg_type: s.msgType,
      status: s.status,
      sender: s.sender,
      members: JSON.stringify(s.members),
      incident: s.incident,
      refs: JSON.stringify(s.references),
      sent: s.sent,
      area: JSON.stringify(s.area),
      at: act.at,
      key_id: act.keyId,
    })
    .execute();
  return { ...s, streamSeq: act.seq, actId: act.id, actor: act.actor, at: act.at };
}

const SUMMARY_FIELDS = [
  ...PAYLOAD_FIELDS,
  'streamSeq',
  'actId',
  'actor',
  'at',
] as const satisfies readonly (keyof AppliedCapSummary)[];

/** A finding of `tahaluf verify` (runtime's VerifyFinding has this shape). */
interface SummaryFinding {
  module: string;
  ok: boolean;
  message: string;
  actId?: string;
}

/**
 * `tahaluf verify` on a federated node: the CAP summaries applied from the alliance log, compared with
 * the projection `warning_alliance_caps` (an edited, added or removed row is named).
 */
export async function verifyCapSummaries(
  db: SharedDb,
  alliance: Pick<AllianceLogPort, 'appliedActs'>,
): Promise<SummaryFinding[]> {
  const findings: SummaryFinding[] = [];
  const acts = (await alliance.appliedActs(CAP_SUMMARY_TYPE)).filter(
    (a) => a.type === CAP_SUMMARY_TYPE,
  );
  const rows = new Map(
    (
      await db
        .withTables<WarningAllianceTables>()
        .selectFrom('warning_alliance_caps')
        .selectAll()
        .execute()
    ).map((r) => [r.identifier, fromRow(r)]),
  );
  let problems = 0;
  for (const act of acts) {
    let s: CapSummary;
    try {
      s = parseCapSummary(act.payload);
    } catch {
      continue; // an applied act always parsed; the log's own check reports an altered envelope
    }
    const row = rows.get(s.identifier);
    rows.delete(s.identifier);
    const expected: ListedCapSummary = {
      ...s,
      streamSeq: act.seq,
      actId: act.id,
      actor: act.actor,
      at: act.at,
      keyId: act.keyId,
    };
    if (!row) {
      problems++;
      findings.push({
        module: 'warning',
        ok: false,
        actId: act.id,
        message: `CAP summary ${s.identifier} (alliance log #${act.seq}) is missing from warning_alliance_caps`,
      });
      continue;
    }
    const edited: (keyof ListedCapSummary)[] = SUMMARY_FIELDS.filter(
      (k) => JSON.stringify(row[k]) !== JSON.stringify(expected[k]),
    );
    // The signing key the API serves (null on rows applied before it was stored).
    if (row.keyId !== null && row.keyId !== act.keyId) edited.push('keyId');
    if (edited.length) {
      problems++;
      findings.push({
        module: 'warning',
        ok: false,
        actId: act.id,
        message: `CAP summary ${s.identifier}: projection edited: ${edited
          .map(
            (k) =>
              `${k} is ${JSON.stringify(row[k])} in warning_alliance_caps but ${JSON.stringify(expected[k])} on the alliance log`,
          )
          .join('; ')}`,
      });
    }
  }
  for (const extra of rows.values()) {
    problems++;
    findings.push({
      module: 'warning',
      ok: false,
      message: `CAP summary ${extra.identifier} is in warning_alliance_caps but no applied act of the alliance log brought it`,
    });
  }
  if (!problems)
    findings.push({
      module: 'warning',
      ok: true,
      message: `${acts.length} CAP summaries on the alliance log match warning_alliance_caps`,
    });
  return findings;
}
