import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { badInput, messageOf } from '../../core/errors.js';
import { isOneOf, isPlainObject } from '../../core/objects.js';
import { parseJson } from '../../store/json-column.js';
import type { Store } from '../../store/database.js';
import type { AnalystTables } from './migrations.js';
import { isIpOrCidr, type Observable, type ObservableKind } from './observables.js';

/**
 * Warning lists: well-known values (public resolvers, cloud ranges, top sites, hashes of empty files…)
 * that are probably false positives. An indicator or observable naming one is stored but flagged on
 * ingest (its status detail says which list, and `intel_warning_hits` keeps it for the reader).
 *
 * The format is MISP's warninglists format (github.com/MISP/misp-warninglists, `lists/<name>/list.json`),
 * rules as implemented here:
 * - `name` (non-empty string, the list's identity here: loading a list of the same name replaces it),
 *   `list` (non-empty array of non-empty strings), `type` one of `string` (exact, case-insensitive except
 *   URLs), `substring` (the value contains the entry, case-insensitive), `hostname` (the value's host is
 *   the entry or a subdomain of it; a leading or trailing dot of the entry is ignored), `cidr` (the
 *   address is inside the entry's network; a bare address is a /32 or /128), `regex` (a JavaScript
 *   regular expression; `/body/flags` with flags among i, m, s, u, or a bare body); absent: `string`.
 * - `matching_attributes`: MISP attribute types the list applies to; mapped to observable kinds
 *   (`ip-src`, `ip-dst`, `ip-src|port`, `ip-dst|port`, `domain|ip` → ip; `domain`, `hostname`,
 *   `hostname|port`, `domain|ip` → domain; `url`, `uri`, `link` → url; `email*`, `target-email` → email;
 *   hash types → hash; `mac-address` → mac). Absent or empty: by `type` (`cidr` → ip; `hostname` → domain
 *   and url; others → every kind).
 * - `description` (string) and `version` (number or string) are optional.
 * Lists are user-supplied (`tahaluf intel warninglist add <file>`) or loaded from a directory the user
 * downloaded (`tahaluf intel warninglist load-misp <dir>`: every `lists/*\/list.json`, or every
 * `*\/list.json` under the directory). Nothing is bundled with Tahaluf.
 */
export const LIST_TYPES = ['string', 'substring', 'hostname', 'cidr', 'regex'] as const;
export type ListType = (typeof LIST_TYPES)[number];

export interface WarningList {
  name: string;
  type: ListType;
  list: string[];
  matchingAttributes: string[];
  description: string;
  version: string;
}

const ATTRIBUTE_KINDS: Record<string, ObservableKind[]> = {
  'ip-src': ['ip'],
  'ip-dst': ['ip'],
  'ip-src|port': ['ip'],
  'ip-dst|port': ['ip'],
  'domain|ip': ['ip', 'domain'],
  domain: ['domain'],
  hostname: ['domain'],
  'hostname|port': ['domain'],
  url: ['url'],
  uri: ['url'],
  link: ['url'],
  'email-src': ['email'],
  'email-dst': ['email'],
  email: ['email'],
  'target-email': ['email'],
  'email-reply-to': ['email'],
  'mac-address': ['mac'],
};
const HASH_ATTR =
  /^(md5|sha1|sha224|sha256|sha384|sha512|sha512\/224|sha512\/256|sha3-\d+|ssdeep|imphash|tlsh|authentihash|impfuzzy|pehash|x509-fingerprint-(md5|sha1|sha256)|filename\|(md5|sha1|sha224|sha256|sha384|sha512|ssdeep|imphash|authentihash|tlsh))$/;

export function kindsOf(l: Pick<WarningList, 'type' | 'matchingAttributes'>): Set<ObservableKind> {
  const out = new Set<ObservableKind>();
  for (const a of l.matchingAttributes) {
    for (const k of ATTRIBUTE_KINDS[a] ?? []) out.add(k);
    if (HASH_ATTR.test(a)) out.add('hash');
  }
  if (l.matchingAttributes.length) return out;
  if (l.type === 'cidr') return new Set(['ip']);
  if (l.type === 'hostname') return new Set(['domain', 'url']);
  return new Set(['ip', 'domain', 'url', 'email', 'mac', 'hash']);
}

function regexOf(entry: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(entry);
  if (m) {
    if (!/^[imsu]*$/.test(m[2])) throw new Error(`regex flags '${m[2]}' are not among i, m, s, u`);
    return new RegExp(m[1], m[2]);
  }
  return new RegExp(entry);
}

/** Validates one list.json document; throws a bad-input error naming the file and the first problem. */
export function parseWarningList(doc: unknown, source: string): WarningList {
  const bad = (msg: string) => badInput('warning list', `${source}: ${msg}`);
  if (!isPlainObject(doc)) throw bad('not a JSON object');
  const d = doc;
  if (typeof d.name !== 'string' || !d.name.trim()) throw bad('"name" must be a non-empty string');
  const type = d.type ?? 'string';
  if (!isOneOf(LIST_TYPES, type))
    throw bad(`"type" must be one of ${LIST_TYPES.join(', ')} (found ${JSON.stringify(type)})`);
  if (!Array.isArray(d.list) || !d.list.length)
    throw bad('"list" must be a non-empty array of strings');
  const list: string[] = [];
  for (const [i, e] of d.list.entries()) {
    if (typeof e !== 'string' || !e.trim()) throw bad(`"list"[${i}] is not a non-empty string`);
    if (type === 'cidr' && !isIpOrCidr(e.trim()))
      throw bad(`"list"[${i}] '${e}' is not an IP address or CIDR network`);
    if (type === 'regex')
      try {
        regexOf(e);
      } catch (err) {
        throw bad(`"list"[${i}] is not a valid regular expression: ${messageOf(err)}`);
      }
    list.push(e.trim());
  }
  const ma = d.matching_attributes ?? [];
  if (!Array.isArray(ma) || !ma.every((a): a is string => typeof a === 'string'))
    throw bad('"matching_attributes" must be an array of MISP attribute types');
  if (d.description !== undefined && typeof d.description !== 'string')
    throw bad('"description" must be a string');
  if (d.version !== undefined && typeof d.version !== 'number' && typeof d.version !== 'string')
    throw bad('"version" must be a number or a string');
  return {
    name: d.name.trim(),
    type,
    list,
    matchingAttributes: ma.map(String),
    description: d.description ?? '',
    version: d.version === undefined ? '' : String(d.version),
  };
}

export function readWarningListFile(file: string): WarningList {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw badInput('warning list', `${file} is not JSON: ${messageOf(e)}`);
  }
  return parseWarningList(doc, file);
}

/** Every list.json under a MISP warninglists download (`<dir>/lists/*\/list.json`, or `<dir>/*\/list.json`). */
export function readMispDirectory(dir: string): WarningList[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw badInput('directory', `${dir} is not a directory`);
  const base = existsSync(join(dir, 'lists')) ? join(dir, 'lists') : dir;
  const files = readdirSync(base)
    .sort()
    .map((n) => join(base, n, 'list.json'))
    .filter((f) => existsSync(f));
  if (!files.length)
    throw badInput(
      'directory',
      `${dir} holds no lists/<name>/list.json (download github.com/MISP/misp-warninglists and name its folder)`,
    );
  const lists = files.map(readWarningListFile);
  const seen = new Set<string>();
  for (const l of lists) {
    if (seen.has(l.name)) throw badInput('directory', `two lists are named '${l.name}'`);
    seen.add(l.name);
  }
  return lists;
}

// --- matching ---------------------------------------------------------------------------------------

function ipBits(addr: string): { v: 4 | 6; n: bigint } | null {
  const v = isIP(addr);
  if (v === 4) {
    const n = addr.split('.').reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
    return { v: 4, n };
  }
  if (v === 6) {
    let a = addr.toLowerCase();
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    if (v4) {
      const x = ipBits(v4[1])!.n;
      a = a.slice(0, -v4[1].length) + `${(x >> 16n).toString(16)}:${(x & 0xffffn).toString(16)}`;
    }
    const [head, tail] = a.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail ? tail.split(':') : [];
    const groups =
      tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
    return {
      v: 6,
      n: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n),
    };
  }
  return null;
}

const hostOf = (kind: ObservableKind, value: string): string | null => {
  if (kind === 'domain') return value.toLowerCase();
  if (kind === 'url')
    try {
      return new URL(value).hostname.toLowerCase();
    } catch {
      return null;
    }
  return null;
};

interface Compiled {
  list: WarningList;
  kinds: Set<ObservableKind>;
  test(o: Observable): boolean;
}

function compile(l: WarningList): Compiled {
  const kinds = kindsOf(l);
  let test: (o: Observable) => boolean;
  const fold = (o: Observable) => (o.kind === 'url' ? o.value : o.value.toLowerCase());
  switch (l.type) {
    case 'string': {
      const set = new Set(l.list.map((e) => e.toLowerCase()));
      const exact = new Set(l.list);
      test = (o) => (o.kind === 'url' ? exact.has(o.value) : set.has(fold(o)));
      break;
    }
    case 'substring': {
      const subs = l.list.map((e) => e.toLowerCase());
      test = (o) => {
        const v = o.value.toLowerCase();
        return subs.some((s) => v.includes(s));
      };
      break;
    }
    case 'hostname': {
      const set = new Set(l.list.map((e) => e.toLowerCase().replace(/^\.|\.$/g, '')));
      test = (o) => {
        const host = hostOf(o.kind, o.value);
        if (!host) return false;
        const labels = host.replace(/\.$/, '').split('.');
        for (let i = 0; i < labels.length; i++) if (set.has(labels.slice(i).join('.'))) return true;
        return false;
      };
      break;
    }
    case 'cidr': {
      // Networks grouped by (version, prefix length): one masked lookup per length the list uses.
      const nets = new Map<string, Set<bigint>>();
      for (const e of l.list) {
        const [a, b] = e.split('/');
        const ip = ipBits(a)!;
        const width = ip.v === 4 ? 32 : 128;
        const bits = b === undefined ? width : Number(b);
        const key = `${ip.v}/${bits}`;
        const shift = BigInt(width - bits);
        if (!nets.has(key)) nets.set(key, new Set());
        nets.get(key)!.add(ip.n >> shift);
      }
      test = (o) => {
        if (o.kind !== 'ip') return false;
        const ip = ipBits(o.value.split('/')[0]);
        if (!ip) return false;
        const width = ip.v === 4 ? 32 : 128;
        for (const [key, set] of nets) {
          const [v, bits] = key.split('/').map(Number);
          if (v === ip.v && set.has(ip.n >> BigInt(width - bits))) return true;
        }
        return false;
      };
      break;
    }
    case 'regex': {
      const res = l.list.map(regexOf);
      test = (o) => res.some((r) => r.test(o.value));
      break;
    }
  }
  return { list: l, kinds, test };
}

export class WarningMatcher {
  private compiled: Compiled[];
  constructor(lists: WarningList[]) {
    this.compiled = lists.map(compile);
  }
  get size(): number {
    return this.compiled.length;
  }
  /** The names of the lists an observable matches. */
  match(o: Observable): string[] {
    return this.compiled.filter((c) => c.kinds.has(o.kind) && c.test(o)).map((c) => c.list.name);
  }
}

// --- storage ----------------------------------------------------------------------------------------

const cache = new WeakMap<object, { checkedAt: number; stamp: string; matcher: WarningMatcher }>();

export function invalidateWarningLists(store: Store): void {
  cache.delete(store);
}

/** What changes when any list is stored, replaced or removed (here or by another process): count and latest load time. */
async function listsStamp(db: Kysely<AnalystTables>): Promise<string> {
  const r = await db
    .selectFrom('intel_warninglists')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('loaded_at').as('latest')])
    .executeTakeFirst();
  return `${Number(r?.n ?? 0)}|${r?.latest ?? ''}`;
}

/**
 * The lists stored on this node, compiled. Call it **outside** any ingest transaction (the hub does, before
 * opening one): the compiled matcher is cached per store and rebuilt only when the lists change — at once
 * when this process changes them (`saveLists`, `removeList`), and for changes by another process (the CLI
 * while the node runs) when a one-row probe of count and latest load time, made at most every
 * `probeMs`, differs.
 */
export async function warningMatcher(store: Store, probeMs = 3000): Promise<WarningMatcher> {
  const db = store.db.withTables<AnalystTables>();
  const hit = cache.get(store);
  const now = Date.now();
  if (hit && now - hit.checkedAt < probeMs) return hit.matcher;
  const stamp = await listsStamp(db);
  if (hit && hit.stamp === stamp) {
    hit.checkedAt = now;
    return hit.matcher;
  }
  const matcher = new WarningMatcher((await storedLists(db)).map((r) => r.list));
  cache.set(store, { checkedAt: now, stamp, matcher });
  return matcher;
}

export async function storedLists(
  db: Kysely<AnalystTables>,
): Promise<{ list: WarningList; source: string; loadedAt: string }[]> {
  const rows = await db.selectFrom('intel_warninglists').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    source: r.source,
    loadedAt: r.loaded_at,
    list: {
      name: r.name,
      type: r.type,
      list: parseJson(r.entries),
      matchingAttributes: parseJson(r.matching_attributes),
      description: r.description,
      version: r.version,
    },
  }));
}

/** Stores (or replaces, by name) lists in one transaction: all or none. */
export async function saveLists(
  store: Store,
  lists: WarningList[],
  source: 'user' | 'misp',
  now: string,
): Promise<void> {
  const db = store.db.withTables<AnalystTables>();
  await db.transaction().execute(async (trx) => {
    for (const l of lists) {
      const row = {
        name: l.name,
        type: l.type,
        entries: JSON.stringify(l.list),
        matching_attributes: JSON.stringify(l.matchingAttributes),
        description: l.description,
        version: l.version,
        source,
        loaded_at: now,
      };
      await trx
        .insertInto('intel_warninglists')
        .values(row)
        .onConflict((oc) => oc.column('name').doUpdateSet(row))
        .execute();
    }
  });
  invalidateWarningLists(store);
}

export async function removeList(store: Store, name: string): Promise<boolean> {
  const r = await store.db
    .withTables<AnalystTables>()
    .deleteFrom('intel_warninglists')
    .where('name', '=', name)
    .executeTakeFirst();
  invalidateWarningLists(store);
  return Number(r.numDeletedRows) > 0;
}

/** A warning-list flag on a stored object version: the list and the value it matched. */
export interface WarningFlag {
  list: string;
  value: string;
}

/**
 * The flags of object versions the caller has already read through the hub (so nothing is revealed about
 * others): keyed `collection|id|version|label`, one indexed query by id.
 */
export async function warningFlagsOf(
  store: Store,
  rows: { collection_id: string; id: string; version: string; label_id: string }[],
): Promise<Map<string, WarningFlag[]>> {
  const out = new Map<string, WarningFlag[]>();
  if (!rows.length) return out;
  const want = new Set(rows.map((r) => `${r.collection_id}|${r.id}|${r.version}|${r.label_id}`));
  const ids = [...new Set(rows.map((r) => r.id))];
  const db = store.db.withTables<AnalystTables>();
  for (let i = 0; i < ids.length; i += 500) {
    const hits = await db
      .selectFrom('intel_warning_hits')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + 500))
      .orderBy('list_name')
      .execute();
    for (const h of hits) {
      const k = `${h.collection_id}|${h.id}|${h.version}|${h.label_id}`;
      if (!want.has(k)) continue;
      const l = out.get(k) ?? [];
      if (!l.some((f) => f.list === h.list_name && f.value === h.value))
        l.push({ list: h.list_name, value: h.value });
      out.set(k, l);
    }
  }
  return out;
}

export const flagKey = (r: {
  collection_id: string;
  id: string;
  version: string;
  label_id: string;
}): string => `${r.collection_id}|${r.id}|${r.version}|${r.label_id}`;
