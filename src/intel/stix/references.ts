import { fail, type StixIssue } from './checks.js';

/**
 * Which object types each reference property may point to (spec text of sections 3–6; the JSON form
 * checks only that a reference is an identifier for most of them).
 */
const SCO_ANY = [
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
];
const ADDR = ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'];

const COMMON: Record<string, string[]> = {
  created_by_ref: ['identity'],
  object_marking_refs: ['marking-definition'],
};
const BY_TYPE: Record<string, Record<string, string[]>> = {
  'domain-name': { resolves_to_refs: ['ipv4-addr', 'ipv6-addr', 'domain-name'] },
  'email-addr': { belongs_to_ref: ['user-account'] },
  'email-message': {
    from_ref: ['email-addr'],
    sender_ref: ['email-addr'],
    to_refs: ['email-addr'],
    cc_refs: ['email-addr'],
    bcc_refs: ['email-addr'],
    raw_email_ref: ['artifact'],
  },
  file: { parent_directory_ref: ['directory'], contains_refs: SCO_ANY, content_ref: ['artifact'] },
  directory: { contains_refs: ['file', 'directory'] },
  'ipv4-addr': { resolves_to_refs: ['mac-addr'], belongs_to_refs: ['autonomous-system'] },
  'ipv6-addr': { resolves_to_refs: ['mac-addr'], belongs_to_refs: ['autonomous-system'] },
  'network-traffic': {
    src_ref: ADDR,
    dst_ref: ADDR,
    src_payload_ref: ['artifact'],
    dst_payload_ref: ['artifact'],
    encapsulates_refs: ['network-traffic'],
    encapsulated_by_ref: ['network-traffic'],
  },
  process: {
    opened_connection_refs: ['network-traffic'],
    creator_user_ref: ['user-account'],
    image_ref: ['file'],
    parent_ref: ['process'],
    child_refs: ['process'],
  },
  'windows-registry-key': { creator_user_ref: ['user-account'] },
  malware: { sample_refs: ['file', 'artifact'] },
};

const typeOf = (ref: string): string => ref.slice(0, ref.indexOf('--'));

const MERGED = new Map<string, [string, string[]][]>();
const rulesFor = (type: string): [string, string[]][] => {
  let r = MERGED.get(type);
  if (!r) MERGED.set(type, (r = Object.entries({ ...COMMON, ...(BY_TYPE[type] ?? {}) })));
  return r;
};

export function refTypeIssues(type: string, v: Record<string, unknown>, out: StixIssue[]): void {
  for (const [prop, allowed] of rulesFor(type)) {
    const val = v[prop];
    if (val === undefined) continue;
    const refs = Array.isArray(val) ? val : val === undefined ? [] : [val];
    refs.forEach((r, i) => {
      if (typeof r !== 'string' || !r.includes('--')) return;
      if (!allowed.includes(typeOf(r)))
        fail(
          out,
          Array.isArray(val) ? `/${prop}/${i}` : `/${prop}`,
          `must reference ${allowed.join(' or ')}`,
          'spec',
        );
    });
  }
}
