import { isIPv6 } from 'node:net';
import {
  arr,
  atLeastOne,
  binary,
  bool,
  dictionary,
  email,
  fail,
  has,
  hashes,
  hex,
  hostname,
  ident,
  int,
  isObj,
  list,
  matching,
  notMatching,
  num,
  nul,
  shape,
  str,
  strIn,
  strings,
  timestamp,
  typedDict,
  uri,
  type Check,
  type Shape,
} from './checks.js';

/** Cyber-observable objects (section 6): their own properties and predefined extensions. */
const any = (...keys: string[]) => atLeastOne(...keys.map((k) => [k]));

const IPV4 =
  /^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\/(3[0-2]|[1-2][0-9]|[0-9]))?$/;
const ipv6: Check = (v, p, out) => {
  if (typeof v !== 'string') return fail(out, p, 'must be a string');
  const m = /^([^/%]+)(%[^/]+)?(\/(12[0-8]|1[0-1][0-9]|[1-9][0-9]|[0-9]))?$/.exec(v);
  if (!m || !isIPv6(m[1])) fail(out, p, 'must be an IPv6 address or CIDR block');
};
const ENC_NAME = /^[a-zA-Z0-9/.+_:-]{2,250}$/;
const LANG_TAG =
  /^([a-z]{2}(-[A-Z]{2})?(-[a-z]{4})?(-[A-Z]{2}|[0-9]{3})?(-[a-z0-9]{5,8}|[0-9][a-z0-9]{3})*(-[a-z0-9]{1,8})*|[a-z]{3})$/;
const CPE = /^cpe:2\.3:[aho*-](:[^:\s]+){10}$/;
const MIME_MAIN =
  /^(application|audio|font|image|message|model|multipart|text|video)\/[a-zA-Z0-9.+_-]+/;
/**
 * STIX 2.1 section 6.13.2, `key`: "The hive portion of the key MUST be fully expanded and not truncated; e.g.,
 * HKEY_LOCAL_MACHINE must be used instead of HKLM". The hive portion is the key's first segment (up to the first
 * backslash, or the whole key), so a key is refused when that segment is one of the abbreviations the official
 * schema lists, in any case (registry names are case-insensitive). The official schema's own pattern
 * (`^HKLM|HKCC|…|hku`) anchors only its first alternative, so it also refuses keys that merely contain `hku` or
 * `HKCC` further on (`HKEY_CURRENT_USER\hkupdate`) or start with a longer name (`HKUpdate\…`): the one place our
 * schema layer departs from the official schemas (validate.test.ts states the difference).
 */
const REG_ABBREV = /^(HKLM|HKCC|HKCR|HKCU|HKU)(\\|$)/i;
/**
 * `additional_header_fields` holds the headers "except for date, received_lines, content_type, from_ref, sender_ref,
 * to_refs, cc_refs, bcc_refs, and subject" (6.5.2): a key that is one of these names (whole name, any case, as header
 * names are case-insensitive) is refused. The official schema's `^date|…|subject$` anchors only its first and last
 * alternatives (so `date_sent` or `x_subject` matched and `cc_refs_old` too) and refuses only a dictionary made of
 * nothing else; we refuse each reserved key and no other (validate.test.ts, "anchored alternations").
 */
const HEADER_RESERVED =
  /^(date|received_lines|content_type|from_ref|sender_ref|to_refs|cc_refs|bcc_refs|subject)$/i;

/** Extensions of an SCO: named predefined checks, any other key must hold a dictionary. */
const extDict = (named: Record<string, Check>): Check =>
  typedDict(
    [
      [
        /^.*$/,
        (v, p, out) => {
          const key = p.slice(p.lastIndexOf('/') + 1);
          const c = named[key];
          if (c) c(v, p, out);
          else dictionary(v, p, out);
        },
      ],
    ],
    false,
  );
const obj = (s: Shape): Check => shape(s);

const ntfs = obj({
  props: {
    sid: str,
    alternate_data_streams: arr(
      obj({ required: ['name'], props: { name: str, hashes, size: int(0) } }),
    ),
  },
  rules: [any('sid', 'alternate_data_streams')],
});
const raster = obj({
  props: {
    image_height: int(),
    image_width: int(),
    bits_per_pixel: int(),
    exif_tags: typedDict(
      [
        [
          /^[A-Z][a-zA-Z0-9_-]+$/,
          (v, p, out) => {
            if (typeof v !== 'string' && !Number.isInteger(v))
              fail(out, p, 'must be a string or integer');
          },
        ],
      ],
      true,
    ),
  },
  rules: [
    any(
      'image_height',
      'image_width',
      'bits_per_pixel',
      'image_compression_algorithm',
      'exif_tags',
    ),
  ],
});
const pdf = obj({
  props: {
    version: str,
    is_optimized: bool,
    document_info_dict: typedDict([[/^[a-zA-Z0-9_-]{0,250}$/, str]], false),
    pdfid0: str,
    pdfid1: str,
  },
  rules: [any('version', 'is_optimized', 'document_info_dict', 'pdfid0', 'pdfid1')],
});
const archive = obj({
  required: ['contains_refs'],
  props: { contains_refs: strings, comment: str },
});
const peSection = obj({
  required: ['name'],
  props: { name: str, size: int(0), entropy: num(), hashes },
});
const OPT_INT = [
  'major_linker_version',
  'minor_linker_version',
  'address_of_entry_point',
  'base_of_code',
  'base_of_data',
  'image_base',
  'section_alignment',
  'file_alignment',
  'major_os_version',
  'minor_os_version',
  'major_image_version',
  'minor_image_version',
  'major_subsystem_version',
  'minor_subsystem_version',
  'number_of_rva_and_sizes',
];
const OPT_UINT = [
  'size_of_code',
  'size_of_initialized_data',
  'size_of_uninitialized_data',
  'size_of_image',
  'size_of_headers',
  'size_of_stack_reserve',
  'size_of_stack_commit',
  'size_of_heap_reserve',
  'size_of_heap_commit',
];
const OPT_HEX = [
  'magic_hex',
  'win32_version_value_hex',
  'checksum_hex',
  'subsystem_hex',
  'dll_characteristics_hex',
  'loader_flags_hex',
];
const optionalHeaderProps: Record<string, Check> = { hashes };
for (const k of OPT_INT) optionalHeaderProps[k] = int();
for (const k of OPT_UINT) optionalHeaderProps[k] = int(0);
for (const k of OPT_HEX) optionalHeaderProps[k] = hex;
const optionalHeader: Check = (v, p, out) => {
  if (!isObj(v)) return fail(out, p, 'must be an object');
  if (Object.keys(v).length < 1) fail(out, p, 'must not be empty');
  for (const [k, x] of Object.entries(v)) {
    const c = optionalHeaderProps[k];
    if (c) c(x, `${p}/${k}`, out);
    else fail(out, `${p}/${k}`, 'is not a property of the optional header');
  }
};
const pe = obj({
  required: ['pe_type'],
  props: {
    pe_type: str,
    imphash: str,
    machine_hex: hex,
    number_of_sections: int(0),
    time_date_stamp: (v, p, out) => {
      timestamp(v, p, out);
      if (typeof v === 'string' && !/T\d{2}:\d{2}:\d{2}Z$/.test(v))
        fail(out, p, 'must be precise to the second');
    },
    pointer_to_symbol_table_hex: hex,
    number_of_symbols: int(0),
    size_of_optional_header: int(0),
    characteristics_hex: hex,
    file_header_hashes: hashes,
    optional_header: optionalHeader,
    sections: list(peSection),
  },
  rules: [
    any(
      'imphash',
      'machine_hex',
      'number_of_sections',
      'time_date_stamp',
      'pointer_to_symbol_table_hex',
      'number_of_symbols',
      'size_of_optional_header',
      'characteristics_hex',
      'file_header_hashes',
      'optional_header',
      'sections',
    ),
  ],
});

const http = obj({
  required: ['request_method', 'request_value'],
  props: {
    request_method: str,
    request_value: str,
    request_version: str,
    request_header: typedDict([[/^.+$/, arr(str)]], true),
    message_body_length: int(),
    message_body_data_ref: str,
  },
});
const icmp = obj({
  required: ['icmp_type_hex', 'icmp_code_hex'],
  props: { icmp_type_hex: hex, icmp_code_hex: hex },
});
const socket = obj({
  required: ['address_family'],
  props: {
    address_family: strIn([
      'AF_UNSPEC',
      'AF_INET',
      'AF_IPX',
      'AF_APPLETALK',
      'AF_NETBIOS',
      'AF_INET6',
      'AF_IRDA',
      'AF_BTH',
    ]),
    is_blocking: bool,
    is_listening: bool,
    options: typedDict([[/^(SO|ICMP|ICMP6|IP|IPV6|MCAST|TCP|IRLMP)(_[A-Z]+)+$/, int()]], true),
    socket_type: strIn(['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET']),
    socket_descriptor: int(0),
    socket_handle: int(),
  },
});
const tcp = obj({
  props: { src_flags_hex: hex, dst_flags_hex: hex },
  rules: [any('src_flags_hex', 'dst_flags_hex')],
});

const startupInfo = typedDict(
  [
    // Whole names (the official schema's `^a|b|c$` anchors only its first and last alternatives).
    [
      /^(lpDesktop|lpTitle|dwFillAttribute|dwFlags|wShowWindow|hStdInput|hStdOutput|hStdError)$/,
      str,
    ],
    [/^(lpReserved|lpReserved2)$/, nul],
    [/^(cb|dwX|dwY|dwXSize|dwYSize|dwXCountChars|dwYCountChars)$/, int()],
    [/^cbReserved2$/, int(0, 0)],
  ],
  true,
);
const winProcess = obj({
  props: {
    aslr_enabled: bool,
    dep_enabled: bool,
    priority: str,
    owner_sid: str,
    window_title: str,
    startup_info: startupInfo,
    integrity_level: strIn(['low', 'medium', 'high', 'system']),
  },
  rules: [
    any('aslr_enabled', 'dep_enabled', 'priority', 'owner_sid', 'window_title', 'startup_info'),
  ],
});
const winService = obj({
  props: {
    service_name: str,
    descriptions: strings,
    display_name: str,
    group_name: str,
    start_type: strIn([
      'SERVICE_AUTO_START',
      'SERVICE_BOOT_START',
      'SERVICE_DEMAND_START',
      'SERVICE_DISABLED',
      'SERVICE_SYSTEM_ALERT',
    ]),
    service_dll_refs: strings,
    service_type: strIn([
      'SERVICE_KERNEL_DRIVER',
      'SERVICE_FILE_SYSTEM_DRIVER',
      'SERVICE_WIN32_OWN_PROCESS',
      'SERVICE_WIN32_SHARE_PROCESS',
    ]),
    service_status: strIn([
      'SERVICE_CONTINUE_PENDING',
      'SERVICE_PAUSE_PENDING',
      'SERVICE_PAUSED',
      'SERVICE_RUNNING',
      'SERVICE_START_PENDING',
      'SERVICE_STOP_PENDING',
      'SERVICE_STOPPED',
    ]),
  },
  rules: [
    any(
      'service_name',
      'descriptions',
      'display_name',
      'group_name',
      'start_type',
      'service_dll_refs',
      'service_type',
      'service_status',
    ),
  ],
});
const unixAccount = obj({
  props: { gid: num(), groups: strings, home_dir: str, shell: str },
  rules: [any('gid', 'groups', 'home_dir', 'shell')],
});

const mimePart = obj({
  props: { body: str, body_raw_ref: str, content_type: str, content_disposition: str },
  rules: [
    (o, p, out) => {
      if (has(o, 'body') === has(o, 'body_raw_ref'))
        fail(out, p, 'needs exactly one of body and body_raw_ref');
    },
  ],
});
const headerFields: Check = (v, p, out) => {
  dictionary(v, p, out);
  if (!isObj(v)) return;
  for (const k of Object.keys(v))
    if (HEADER_RESERVED.test(k))
      fail(out, `${p}/${k}`, 'is a header that has its own property of email-message');
  for (const [k, x] of Object.entries(v)) {
    if (!/^[a-zA-Z0-9_-]{0,250}$/.test(k)) continue;
    const okList = Array.isArray(x) && x.length >= 2 && x.every((s) => typeof s === 'string');
    if (typeof x !== 'string' && !okList)
      fail(out, `${p}/${k}`, 'must be a string or a list of at least two strings');
  }
};

const V3_STRINGS = [
  'basic_constraints',
  'name_constraints',
  'policy_constraints',
  'key_usage',
  'extended_key_usage',
  'subject_key_identifier',
  'authority_key_identifier',
  'subject_alternative_name',
  'issuer_alternative_name',
  'subject_directory_attributes',
  'crl_distribution_points',
  'inhibit_any_policy',
  'certificate_policies',
  'policy_mappings',
];
const v3Props: Record<string, Check> = {
  private_key_usage_period_not_before: timestamp,
  private_key_usage_period_not_after: timestamp,
};
for (const k of V3_STRINGS) v3Props[k] = str;
const x509v3 = obj({ props: v3Props, rules: [any(...Object.keys(v3Props))] });

export const SCO_SHAPES: Record<string, Shape> = {
  artifact: {
    props: {
      mime_type: matching(MIME_MAIN, 'a MIME type'),
      payload_bin: binary,
      url: uri,
      hashes,
      encryption_algorithm: strIn(['AES-256-GCM', 'ChaCha20-Poly1305', 'mime-type-indicated']),
      decryption_key: str,
    },
    rules: [
      (o, p, out) => {
        const payload = has(o, 'payload_bin');
        const byUrl = has(o, 'url') && has(o, 'hashes');
        if (payload === byUrl || (payload && has(o, 'url')))
          fail(out, p, 'needs payload_bin, or url with hashes (not both)');
        if (has(o, 'decryption_key') && !has(o, 'encryption_algorithm'))
          fail(out, `${p}/decryption_key`, 'needs encryption_algorithm');
      },
    ],
  },
  'autonomous-system': { required: ['number'], props: { number: int(), name: str, rir: str } },
  directory: {
    required: ['path'],
    props: {
      path: str,
      path_enc: matching(ENC_NAME, 'a character set name'),
      ctime: timestamp,
      mtime: timestamp,
      atime: timestamp,
      contains_refs: strings,
    },
  },
  'domain-name': { required: ['value'], props: { value: hostname, resolves_to_refs: strings } },
  'email-addr': {
    required: ['value'],
    props: { value: email, display_name: str, belongs_to_ref: str },
  },
  'email-message': {
    required: ['is_multipart'],
    props: {
      is_multipart: bool,
      date: timestamp,
      content_type: str,
      from_ref: str,
      sender_ref: str,
      to_refs: strings,
      cc_refs: strings,
      bcc_refs: strings,
      message_id: str,
      subject: str,
      received_lines: arr(str),
      additional_header_fields: headerFields,
      raw_email_ref: str,
      body: str,
      body_multipart: arr(mimePart),
    },
    rules: [
      (o, p, out) => {
        if (o.is_multipart === true && has(o, 'body'))
          fail(out, `${p}/body`, 'a multipart message uses body_multipart');
        if (o.is_multipart === false && has(o, 'body_multipart'))
          fail(out, `${p}/body_multipart`, 'only a multipart message has body_multipart');
      },
    ],
  },
  file: {
    props: {
      extensions: extDict({
        'ntfs-ext': ntfs,
        'raster-image-ext': raster,
        'pdf-ext': pdf,
        'archive-ext': archive,
        'windows-pebinary-ext': pe,
      }),
      hashes,
      size: int(0),
      name: str,
      name_enc: matching(ENC_NAME, 'a character set name'),
      magic_number_hex: hex,
      mime_type: str,
      ctime: timestamp,
      mtime: timestamp,
      atime: timestamp,
      parent_directory_ref: str,
      contains_refs: strings,
      content_ref: str,
    },
    rules: [any('hashes', 'name')],
  },
  'ipv4-addr': {
    required: ['value'],
    props: {
      value: matching(IPV4, 'an IPv4 address or CIDR block'),
      resolves_to_refs: strings,
      belongs_to_refs: strings,
    },
  },
  'ipv6-addr': {
    required: ['value'],
    props: { value: ipv6, resolves_to_refs: strings, belongs_to_refs: strings },
  },
  'mac-addr': {
    required: ['value'],
    props: {
      value: matching(
        /^([0-9a-f]{2}[:]){5}([0-9a-f]{2})$/,
        'a lower-case colon-separated MAC address',
      ),
    },
  },
  mutex: { required: ['name'], props: { name: str } },
  'network-traffic': {
    required: ['protocols'],
    props: {
      extensions: extDict({
        'http-request-ext': http,
        'icmp-ext': icmp,
        'socket-ext': socket,
        'tcp-ext': tcp,
      }),
      start: timestamp,
      end: timestamp,
      is_active: bool,
      src_ref: str,
      dst_ref: str,
      src_port: int(0, 65535),
      dst_port: int(0, 65535),
      protocols: strings,
      src_byte_count: int(),
      dst_byte_count: int(),
      src_packets: int(),
      dst_packets: int(),
      ipfix: typedDict(
        [
          [
            /^[a-zA-Z0-9_-]{0,250}$/,
            (v, p, out) => {
              if (typeof v !== 'string' && !Number.isInteger(v))
                fail(out, p, 'must be a string or integer');
            },
          ],
        ],
        false,
      ),
      src_payload_ref: str,
      dst_payload_ref: str,
      encapsulates_refs: strings,
      encapsulated_by_ref: str,
    },
    rules: [
      any('src_ref', 'dst_ref'),
      (o, p, out) => {
        if (o.is_active === true && has(o, 'end'))
          fail(out, `${p}/end`, 'an active flow has no end');
      },
    ],
  },
  process: {
    props: {
      extensions: extDict({ 'windows-process-ext': winProcess, 'windows-service-ext': winService }),
      is_hidden: bool,
      pid: int(),
      created_time: timestamp,
      cwd: str,
      command_line: str,
      environment_variables: dictionary,
      opened_connection_refs: strings,
      creator_user_ref: str,
      image_ref: str,
      parent_ref: str,
      child_refs: strings,
    },
    rules: [
      any(
        'extensions',
        'is_hidden',
        'pid',
        'name',
        'created',
        'cwd',
        'arguments',
        'command_line',
        'environment_variables',
        'opened_connection_refs',
        'creator_user_ref',
        'image_ref',
        'parent_ref',
        'child_refs',
      ),
    ],
  },
  software: {
    required: ['name'],
    props: {
      name: str,
      cpe: matching(CPE, 'a CPE 2.3 name'),
      swid: str,
      languages: list(matching(LANG_TAG, 'a language tag')),
      vendor: str,
      version: str,
    },
  },
  url: { required: ['value'], props: { value: uri } },
  'user-account': {
    props: {
      extensions: extDict({ 'unix-account-ext': unixAccount }),
      user_id: str,
      credential: str,
      account_login: str,
      account_type: str,
      display_name: str,
      is_service_account: bool,
      is_privileged: bool,
      can_escalate_privs: bool,
      is_disabled: bool,
      account_created: timestamp,
      account_expires: timestamp,
      credential_last_changed: timestamp,
      account_first_login: timestamp,
      account_last_login: timestamp,
    },
    rules: [
      any(
        'extensions',
        'user_id',
        'credential',
        'account_login',
        'account_type',
        'display_name',
        'is_service_account',
        'is_privileged',
        'can_escalate_privs',
        'is_disabled',
        'account_created',
        'account_expires',
        'credential_last_changed',
        'account_first_login',
        'account_last_login',
      ),
    ],
  },
  'windows-registry-key': {
    props: {
      key: notMatching(REG_ABBREV, 'an abbreviated hive name'),
      values: arr(
        obj({
          props: {
            name: str,
            data: str,
            data_type: strIn([
              'REG_NONE',
              'REG_SZ',
              'REG_EXPAND_SZ',
              'REG_BINARY',
              'REG_DWORD',
              'REG_DWORD_BIG_ENDIAN',
              'REG_DWORD_LITTLE_ENDIAN',
              'REG_LINK',
              'REG_MULTI_SZ',
              'REG_RESOURCE_LIST',
              'REG_FULL_RESOURCE_DESCRIPTION',
              'REG_RESOURCE_REQUIREMENTS_LIST',
              'REG_QWORD',
              'REG_INVALID_TYPE',
            ]),
          },
          rules: [any('name', 'data', 'data_type')],
        }),
      ),
      modified_time: timestamp,
      creator_user_ref: str,
      number_of_subkeys: int(),
    },
    rules: [any('key', 'values', 'modified', 'creator_user_ref', 'number_of_subkeys')],
  },
  'x509-certificate': {
    props: {
      is_self_signed: bool,
      hashes,
      version: str,
      serial_number: str,
      signature_algorithm: str,
      issuer: str,
      validity_not_before: timestamp,
      validity_not_after: timestamp,
      subject: str,
      subject_public_key_algorithm: str,
      subject_public_key_modulus: str,
      subject_public_key_exponent: int(),
      x509_v3_extensions: x509v3,
    },
    rules: [
      any(
        'is_self_signed',
        'hashes',
        'version',
        'serial_number',
        'signature_algorithm',
        'issuer',
        'validity_not_before',
        'validity_not_after',
        'subject',
        'subject_public_key_algorithm',
        'subject_public_key_modulus',
        'subject_public_key_exponent',
        'x509_v3_extensions',
      ),
    ],
  },
};

export const SCO_TYPES = new Set(Object.keys(SCO_SHAPES));
export { ident };
