import { isObj } from '../stix/checks.js';

/**
 * MISP attribute types and how each maps to a STIX 2.1 indicator pattern (and back).
 *
 * The mapping table (documented in docs/intel.md, "MISP interoperability"):
 *
 * | MISP type(s) | STIX pattern |
 * |---|---|
 * | ip-src, ip-dst | `[ipv4-addr:value = 'v']` (`ipv6-addr` when the value holds `:`) |
 * | domain, hostname | `[domain-name:value = 'v']` |
 * | url | `[url:value = 'v']` |
 * | md5, sha1, sha256, sha512 | `[file:hashes.'MD5' = 'v']` (`'SHA-1'`, `'SHA-256'`, `'SHA-512'`) |
 * | filename | `[file:name = 'v']` |
 * | filename\|md5, filename\|sha1, filename\|sha256, filename\|sha512 | `[file:name = 'f' AND file:hashes.'MD5' = 'h']` |
 * | email-src, email-dst, email | `[email-addr:value = 'v']` |
 * | email-subject | `[email-message:subject = 'v']` |
 * | mutex | `[mutex:name = 'v']` |
 * | mac-address | `[mac-addr:value = 'v']` |
 * | regkey | `[windows-registry-key:key = 'v']` |
 * | domain\|ip | `[domain-name:value = 'd' AND domain-name:resolves_to_refs[*].value = 'ip']` |
 *
 * Every other type MISP defines (KNOWN_UNSUPPORTED) is reported by the import, per type with the
 * attribute uuids, and not stored; a type MISP does not define is an error for the whole file.
 */

export interface PatternSpec {
  /** MISP type → STIX pattern of a value. */
  pattern(value: string): string | { error: string };
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
const unesc = (v: string) => v.replace(/\\(['\\])/g, '$1');
const cmp = (path: string, v: string) => `${path} = '${esc(v)}'`;

const ipPath = (v: string) => (v.includes(':') ? 'ipv6-addr:value' : 'ipv4-addr:value');
const HASH_NAMES: Record<string, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};
const HASH_LENGTHS: Record<string, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

const single = (path: (v: string) => string) => ({
  pattern: (v: string) => `[${cmp(path(v), v)}]`,
});
const hash = (algo: string): PatternSpec => ({
  pattern: (v) =>
    new RegExp(`^[0-9a-fA-F]{${HASH_LENGTHS[algo]}}$`).test(v)
      ? `[${cmp(`file:hashes.'${HASH_NAMES[algo]}'`, v)}]`
      : { error: `'${v}' is not a ${algo} hash (${HASH_LENGTHS[algo]} hexadecimal digits)` },
});
/** `a|b` composite values of MISP. */
const pair = (v: string): [string, string] | null => {
  const i = v.indexOf('|');
  return i > 0 && i < v.length - 1 ? [v.slice(0, i), v.slice(i + 1)] : null;
};
const filenameHash = (algo: string): PatternSpec => ({
  pattern: (v) => {
    const p = pair(v);
    if (!p) return { error: `'${v}' is not 'filename|${algo}'` };
    const h = hash(algo).pattern(p[1]);
    if (typeof h !== 'string') return h;
    return `[${cmp('file:name', p[0])} AND ${h.slice(1, -1)}]`;
  },
});

/**
 * MISP registry keys usually start with an abbreviated hive (`HKLM\Software\…`, as analysts write them);
 * STIX forbids abbreviated hives in windows-registry-key:key, so the import writes the hive in full.
 */
const HIVES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};
export const fullHive = (key: string): string =>
  key.replace(/^(HKLM|HKCU|HKCR|HKU|HKCC)(?=\\|$)/i, (h) => HIVES[h.toUpperCase()] ?? h);

/** The MISP types Tahaluf maps, with their pattern builders. */
export const SUPPORTED: Record<string, PatternSpec> = {
  'ip-src': single(ipPath),
  'ip-dst': single(ipPath),
  domain: single(() => 'domain-name:value'),
  hostname: single(() => 'domain-name:value'),
  url: single(() => 'url:value'),
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  filename: single(() => 'file:name'),
  'filename|md5': filenameHash('md5'),
  'filename|sha1': filenameHash('sha1'),
  'filename|sha256': filenameHash('sha256'),
  'filename|sha512': filenameHash('sha512'),
  'email-src': single(() => 'email-addr:value'),
  'email-dst': single(() => 'email-addr:value'),
  email: single(() => 'email-addr:value'),
  'email-subject': single(() => 'email-message:subject'),
  mutex: single(() => 'mutex:name'),
  'mac-address': single(() => 'mac-addr:value'),
  regkey: { pattern: (v) => `[${cmp('windows-registry-key:key', fullHive(v))}]` },
  'domain|ip': {
    pattern: (v) => {
      const p = pair(v);
      if (!p) return { error: `'${v}' is not 'domain|ip'` };
      return `[${cmp('domain-name:value', p[0])} AND ${cmp('domain-name:resolves_to_refs[*].value', p[1])}]`;
    },
  },
};

/**
 * The cyber-observables (SCOs) of a supported attribute's value, as a MISP object's attributes without
 * `to_ids` are imported (in one observed-data per object): the attribute's own SCO first, then any it
 * references (`domain|ip`: the domain-name resolves to the address). `idOf` gives an SCO body its id.
 */
export function scosOf(
  type: string,
  value: string,
  idOf: (sco: Record<string, unknown>) => string,
): Record<string, unknown>[] {
  const withId = (sco: Record<string, unknown>) => ({ ...sco, id: idOf(sco) });
  const ip = (v: string) => withId({ type: v.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value: v });
  const algo = HASH_NAMES[type.replace(/^filename\|/, '')];
  const p = pair(value);
  switch (type) {
    case 'ip-src':
    case 'ip-dst':
      return [ip(value)];
    case 'domain':
    case 'hostname':
      return [withId({ type: 'domain-name', value })];
    case 'url':
      return [withId({ type: 'url', value })];
    case 'filename':
      return [withId({ type: 'file', name: value })];
    case 'email-src':
    case 'email-dst':
    case 'email':
      return [withId({ type: 'email-addr', value })];
    case 'email-subject':
      return [withId({ type: 'email-message', is_multipart: false, subject: value })];
    case 'mutex':
      return [withId({ type: 'mutex', name: value })];
    case 'mac-address':
      return [withId({ type: 'mac-addr', value })];
    case 'regkey':
      return [withId({ type: 'windows-registry-key', key: fullHive(value) })];
    case 'domain|ip': {
      if (!p) return [];
      const addr = ip(p[1]);
      return [withId({ type: 'domain-name', value: p[0], resolves_to_refs: [addr.id] }), addr];
    }
  }
  if (algo && type.startsWith('filename|'))
    return p ? [withId({ type: 'file', name: p[0], hashes: { [algo]: p[1] } })] : [];
  if (algo) return [withId({ type: 'file', hashes: { [algo]: value } })];
  return [];
}

/** The MISP value of a `type` attribute read back from its SCO (`scosOf`'s inverse); null when it does not fit. */
export function valueOfSco(
  type: string,
  sco: Record<string, unknown>,
  byId: (id: string) => Record<string, unknown> | undefined,
): string | null {
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  const algo = HASH_NAMES[type.replace(/^filename\|/, '')];
  const hashOf = () => (algo && isObj(sco.hashes) ? str(sco.hashes[algo]) : null);
  const is = (...types: string[]) => types.includes(String(sco.type));
  switch (type) {
    case 'ip-src':
    case 'ip-dst':
      return is('ipv4-addr', 'ipv6-addr') ? str(sco.value) : null;
    case 'domain':
    case 'hostname':
      return is('domain-name') ? str(sco.value) : null;
    case 'url':
      return is('url') ? str(sco.value) : null;
    case 'filename':
      return is('file') ? str(sco.name) : null;
    case 'email-src':
    case 'email-dst':
    case 'email':
      return is('email-addr') ? str(sco.value) : null;
    case 'email-subject':
      return is('email-message') ? str(sco.subject) : null;
    case 'mutex':
      return is('mutex') ? str(sco.name) : null;
    case 'mac-address':
      return is('mac-addr') ? str(sco.value) : null;
    case 'regkey':
      return is('windows-registry-key') ? str(sco.key) : null;
    case 'domain|ip': {
      const refs = Array.isArray(sco.resolves_to_refs) ? sco.resolves_to_refs : [];
      const addr = typeof refs[0] === 'string' ? byId(refs[0]) : undefined;
      const d = is('domain-name') ? str(sco.value) : null;
      const a =
        addr && ['ipv4-addr', 'ipv6-addr'].includes(String(addr.type)) ? str(addr.value) : null;
      return d && a ? `${d}|${a}` : null;
    }
  }
  if (!is('file')) return null;
  if (type.startsWith('filename|')) {
    const n = str(sco.name);
    const h = hashOf();
    return n && h ? `${n}|${h}` : null;
  }
  return hashOf();
}

/**
 * The observation expressions of a pattern joined at the top level by AND (`[a] AND [b]`, as a MISP
 * object's indicator is written), each with its brackets; null when the pattern is not of that form.
 */
export function observationsOf(pattern: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  // Bounded: each step consumes at least one character.
  while (i < pattern.length) {
    if (pattern[i] !== '[') return null;
    // Brackets nest (`resolves_to_refs[*]`); quoted values may hold any of them.
    let j = i + 1;
    let depth = 1;
    let quote = false;
    for (; j < pattern.length && depth > 0; j++) {
      const c = pattern[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === "'") quote = false;
      } else if (c === "'") quote = true;
      else if (c === '[') depth++;
      else if (c === ']') depth--;
    }
    if (depth > 0) return null;
    out.push(pattern.slice(i, j));
    i = j;
    if (i === pattern.length) break;
    if (!pattern.startsWith(' AND ', i)) return null;
    i += 5;
  }
  return out.length ? out : null;
}

/** An attribute of a MISP object, as the template mapping reads it. */
export interface ObjectAttr {
  uuid: string;
  type: string;
  value: string;
  /** Its pattern by the table above (a single comparison for the types the templates hold). */
  pattern: string;
}

const FILE_TYPES = new Set(['filename', 'md5', 'sha1', 'sha256', 'sha512']);
const IP_TYPES = new Set(['ip-src', 'ip-dst']);

/**
 * Does a MISP object's attributes fit its template as a whole? `file`: filename and hashes, each at most
 * once (one file); `domain-ip`: one domain (or hostname) and its addresses. Null for another template,
 * or attributes that do not fit (two filenames, two domains, a type the template does not hold): those
 * are mapped one by one.
 */
function templateOf(name: string, parts: ObjectAttr[]): 'file' | 'domain-ip' | null {
  if (!parts.length) return null;
  const once = (types: string[]) => new Set(types).size === types.length;
  if (name === 'file')
    return parts.every((p) => FILE_TYPES.has(p.type)) && once(parts.map((p) => p.type))
      ? 'file'
      : null;
  if (name === 'domain-ip') {
    const domains = parts.filter((p) => p.type === 'domain' || p.type === 'hostname');
    const ips = parts.filter((p) => IP_TYPES.has(p.type));
    return domains.length === 1 && ips.length + 1 === parts.length && ips.length > 0
      ? 'domain-ip'
      : null;
  }
  return null;
}

/**
 * The pattern of a MISP object's indicator when its attributes fit the template as a whole: ONE
 * observation joining their comparisons (`[file:name = 'f' AND file:hashes.'MD5' = 'h']`, `[domain-name:value
 * = 'd' AND domain-name:resolves_to_refs[*].value = 'ip']`), in the attributes' order; null otherwise.
 */
export function templatePattern(name: string, parts: ObjectAttr[]): string | null {
  const t = templateOf(name, parts);
  if (!t) return null;
  const comparisons = parts.map((p) =>
    t === 'domain-ip' && IP_TYPES.has(p.type)
      ? cmp('domain-name:resolves_to_refs[*].value', p.value)
      : p.pattern.slice(1, -1),
  );
  return `[${comparisons.join(' AND ')}]`;
}

/**
 * The SCOs of a MISP object's attributes when they fit the template as a whole: a `file` object's
 * filename and hashes are ONE `file` SCO (name, hashes); a `domain-ip` object's domain is a `domain-name`
 * whose `resolves_to_refs` are its addresses' `ipv4-addr`/`ipv6-addr`. `sco[i]` is the id of the SCO
 * attribute i became; `idOf` names an SCO by its body and the uuids of the attributes it holds. Null when
 * the attributes do not fit (each is then mapped alone by `scosOf`).
 */
export function templateScos(
  name: string,
  parts: ObjectAttr[],
  idOf: (sco: Record<string, unknown>, uuids: string[]) => string,
): { scos: Record<string, unknown>[]; sco: string[] } | null {
  const t = templateOf(name, parts);
  if (t === 'file') {
    const hashes: Record<string, string> = {};
    let fileName: string | undefined;
    for (const p of parts)
      if (p.type === 'filename') fileName = p.value;
      else hashes[HASH_NAMES[p.type]] = p.value;
    const body = {
      type: 'file',
      ...(Object.keys(hashes).length ? { hashes } : {}),
      ...(fileName !== undefined ? { name: fileName } : {}),
    };
    const file = {
      ...body,
      id: idOf(
        body,
        parts.map((p) => p.uuid),
      ),
    };
    return { scos: [file], sco: parts.map(() => file.id) };
  }
  if (t === 'domain-ip') {
    const ids: string[] = [];
    const scos: Record<string, unknown>[] = [];
    for (const p of parts)
      if (IP_TYPES.has(p.type)) {
        const body = { type: p.value.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value: p.value };
        const sco = { ...body, id: idOf(body, [p.uuid]) };
        scos.push(sco);
        ids.push(sco.id);
      } else ids.push('');
    const i = ids.indexOf('');
    const d = parts[i];
    const refs = [...new Set(ids.filter((x) => x))];
    const body = { type: 'domain-name', value: d.value, resolves_to_refs: refs };
    const domain = { ...body, id: idOf(body, [d.uuid]) };
    ids[i] = domain.id;
    return { scos: [domain, ...scos], sco: ids };
  }
  return null;
}

/**
 * The comparisons of one observation joined by AND (`[a AND b]` → `[a]`, `[b]`), each as a pattern of
 * its own; null when the pattern is not one observation of ANDed comparisons.
 */
export function comparisonsOf(observation: string): string[] | null {
  if (!observation.startsWith('[') || !observation.endsWith(']')) return null;
  const body = observation.slice(1, -1);
  const out: string[] = [];
  let start = 0;
  let quote = false;
  let depth = 0;
  // Bounded: one pass over the characters.
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === "'") quote = false;
    } else if (c === "'") quote = true;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (depth === 0 && body.startsWith(' AND ', i)) {
      out.push(`[${body.slice(start, i)}]`);
      start = i + 5;
      i += 4;
    } else if (depth === 0 && body.startsWith(' OR ', i)) return null;
  }
  out.push(`[${body.slice(start)}]`);
  return out;
}

/** MISP attribute types that exist in MISP but that Tahaluf does not map (reported, not stored). */
export const KNOWN_UNSUPPORTED = new Set(
  `AS anonymised attachment authentihash bic bin boolean btc campaign-id campaign-name cc-number cdhash
  chrome-extension-id comment community-id cookie cortex counter country-of-residence cpe dash
  date-of-birth datetime dkim dkim-signature dns-soa-email email-attachment email-body
  email-dst-display-name email-header email-message-id email-mime-boundary email-reply-to
  email-src-display-name email-thread-index email-x-mailer favicon-mmh3 filename-pattern filename|authentihash
  filename|impfuzzy filename|imphash filename|pehash filename|sha224 filename|sha3-224 filename|sha3-256
  filename|sha3-384 filename|sha3-512 filename|sha384 filename|sha512/224 filename|sha512/256
  filename|ssdeep filename|tlsh filename|vhash first-name float frequent-flyer-number full-name gender
  gene git-commit-id github-organisation github-repository github-username hassh-md5 hasshserver-md5 hex
  hostname|port http-method iban identity-card-number impfuzzy imphash ip-dst|port ip-src|port
  issue-date-of-the-visa ja3-fingerprint-md5 jabber-id jarm-fingerprint kusto-query last-name link
  mac-eui-64 malware-sample malware-type middle-name mime-type mobile-application-id named-pipe
  nationality other passenger-name-record-locator-number passport-country passport-expiration
  passport-number pattern-in-file pattern-in-memory pattern-in-traffic payment-details pdb pehash
  phone-number place-of-birth place-port-of-clearance place-port-of-onward-foreign-destination
  place-port-of-original-embarkation port primary-residence process-state prtn redress-number
  regkey|value sha224 sha3-224 sha3-256 sha3-384 sha3-512 sha384 sha512/224 sha512/256 sigma
  size-in-bytes snort special-service-request ssdeep stix2-pattern target-email target-external
  target-location target-machine target-org target-user telfhash text threat-actor tlsh travel-details
  twitter-id uri url-regex user-agent vhash visa-number vulnerability weakness whois-creation-date
  whois-registrant-email whois-registrant-name whois-registrant-org whois-registrant-phone
  whois-registrar windows-scheduled-task windows-service-displayname windows-service-name
  x509-fingerprint-md5 x509-fingerprint-sha1 x509-fingerprint-sha256 xmr yara zeek`.split(/\s+/),
);

export const isMispType = (t: string): boolean => t in SUPPORTED || KNOWN_UNSUPPORTED.has(t);

/** The MISP category an exported attribute of a type gets (MISP requires one per attribute). */
export function categoryOf(type: string): string {
  if (['ip-src', 'ip-dst', 'domain', 'hostname', 'url', 'domain|ip', 'mac-address'].includes(type))
    return 'Network activity';
  if (type.startsWith('email')) return 'Payload delivery';
  if (['mutex', 'regkey'].includes(type)) return 'Artifacts dropped';
  return 'Payload delivery';
}

/**
 * A STIX pattern written as the table above writes it, read back as a MISP type and value; null when
 * the pattern is not one of those forms (the export reports such indicators as not representable).
 * `hint` (the `x_misp_type` an imported indicator carries) chooses between types sharing a form
 * (ip-src/ip-dst, domain/hostname, email-src/email-dst/email).
 */
export function mispOfPattern(
  pattern: string,
  hint?: unknown,
): { type: string; value: string } | null {
  const q = "'((?:[^'\\\\]|\\\\.)*)'";
  const one = new RegExp(`^\\[([a-z0-9-]+):([a-z_]+(?:\\.'[A-Z0-9-]+')?) = ${q}\\]$`).exec(pattern);
  const pick = (choices: string[], dflt: string) =>
    typeof hint === 'string' && choices.includes(hint) ? hint : dflt;
  if (one) {
    const [, t, p, raw] = one;
    const v = unesc(raw);
    const path = `${t}:${p}`;
    if (path === 'ipv4-addr:value' || path === 'ipv6-addr:value')
      return { type: pick(['ip-src', 'ip-dst'], 'ip-dst'), value: v };
    if (path === 'domain-name:value')
      return { type: pick(['domain', 'hostname'], 'domain'), value: v };
    if (path === 'url:value') return { type: 'url', value: v };
    if (path === 'file:name') return { type: 'filename', value: v };
    if (path === 'email-addr:value')
      return { type: pick(['email-src', 'email-dst', 'email'], 'email-src'), value: v };
    if (path === 'email-message:subject') return { type: 'email-subject', value: v };
    if (path === 'mutex:name') return { type: 'mutex', value: v };
    if (path === 'mac-addr:value') return { type: 'mac-address', value: v };
    if (path === 'windows-registry-key:key') return { type: 'regkey', value: v };
    const h = /^file:hashes\.'([A-Z0-9-]+)'$/.exec(path);
    const algo = h && Object.keys(HASH_NAMES).find((k) => HASH_NAMES[k] === h[1]);
    if (algo) return { type: algo, value: v };
    return null;
  }
  const fileHash = new RegExp(
    `^\\[file:name = ${q} AND file:hashes\\.'([A-Z0-9-]+)' = ${q}\\]$`,
  ).exec(pattern);
  if (fileHash) {
    const algo = Object.keys(HASH_NAMES).find((k) => HASH_NAMES[k] === fileHash[2]);
    return algo
      ? { type: `filename|${algo}`, value: `${unesc(fileHash[1])}|${unesc(fileHash[3])}` }
      : null;
  }
  const resolved = new RegExp(`^\\[domain-name:resolves_to_refs\\[\\*\\]\\.value = ${q}\\]$`).exec(
    pattern,
  );
  if (resolved) return { type: pick(['ip-src', 'ip-dst'], 'ip-dst'), value: unesc(resolved[1]) };
  const domIp = new RegExp(
    `^\\[domain-name:value = ${q} AND domain-name:resolves_to_refs\\[\\*\\]\\.value = ${q}\\]$`,
  ).exec(pattern);
  if (domIp) return { type: 'domain|ip', value: `${unesc(domIp[1])}|${unesc(domIp[2])}` };
  return null;
}
