import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_DEPTH, parsePattern, patternIssues } from './pattern.js';

// Pattern examples of the STIX 2.1 specification, section 9 (as listed by the OASIS cti-pattern-validator's
// spec_examples; the PE-binary example uses the 2.1 quoted extension key). String.raw keeps each `\\` as the
// two characters the pattern text holds (an escaped backslash).
const SPEC_EXAMPLES = [
  String.raw`[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']`,
  String.raw`[email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$']`,
  String.raw`[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf']`,
  String.raw`[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']`,
  String.raw`([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']) WITHIN 300 SECONDS`,
  String.raw`[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']`,
  String.raw`[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\xd4\\xc3\\xb2\\xa1\\x02\\x00\\x04\\x00']`,
  String.raw`[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\Windows\\System32']`,
  String.raw`[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]`,
  String.raw`[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']`,
  String.raw`[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']`,
  String.raw`[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS`,
  String.raw`[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']`,
  String.raw`[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']`,
  String.raw`[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']`,
  String.raw`[windows-registry-key:key = 'HKEY_CURRENT_USER\\Software\\CryptoLocker\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\Software\\Microsoft\\CurrentVersion\\Run\\CryptoLocker_0388']`,
  String.raw`[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']`,
  String.raw`[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']`,
  String.raw`[x-usb-device:usbdrive.serial_number = '575833314133343231313937']`,
  String.raw`[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS`,
  String.raw`[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']`,
  String.raw`([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\foo\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']`,
  // The introduction's example of section 9.
  String.raw`([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'] FOLLOWEDBY [domain-name:value = 'example.com']) WITHIN 600 SECONDS`,
];

// Further valid forms: every operator, NOT, sets, literals, qualifiers, whitespace and nesting.
const MORE_VALID = [
  '[file:size = 1280]',
  '[file:size != 1280]',
  '[file:size < 1024]',
  '[file:size <= 1024]',
  '[file:size > 1024]',
  '[file:size >= 1024]',
  "[file:name LIKE 'name%']",
  "[file:name NOT LIKE 'name%']",
  "[ipv4-addr:value ISSUBSET '192.168.0.1/24']",
  "[ipv4-addr:value NOT ISSUBSET '192.168.0.1/24']",
  "[ipv4-addr:value ISSUPERSET '192.168.0.1/32']",
  "[file:name IN ('test.txt', 'test2.exe', 'README')]",
  '[file:size IN (1024, 2048, 4096)]',
  '[network-traffic:dst_port NOT IN (80, 443)]',
  "[file:name NOT = 'x']",
  '[file:size = -1]',
  '[file:size = +5]',
  '[file:entropy = .5]',
  '[file:entropy < -0.25]',
  '[file:is_encrypted = true]',
  '[file:is_encrypted != false]',
  "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
  "[file:magic_number_hex = h'']",
  "[file:created >= t'2016-01-01T00:00:00.123456Z']",
  "[file:created = t'2016-12-31T23:59:60Z']",
  String.raw`[file:name = 'it\'s']`,
  String.raw`[file:name = 'back\\slash']`,
  "[file:'name' = 'x']",
  "[network-traffic:extensions.'http-request-ext'.request_header.'Accept-Encoding' = 'gzip']",
  '[windows-registry-key:values[0].data = 1]',
  '[email-message:to_refs[*].value = 1]',
  '[x-custom-object:x_prop = 1]',
  '[foo:bar=1] REPEATS 9 TIMES',
  '[foo:bar=1] WITHIN 0.5 SECONDS',
  '[file:id = 1]',
  "[network-traffic:src_port = 37020 AND user-account:user_id = 'root'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' OR [ipv4-addr:value = '192.168.122.83'] START t'2016-06-01T03:55:00.123Z' STOP t'2016-06-01T04:30:24.743Z'",
  '( [(network-traffic:dst_port IN(443,6443,8443) AND network-traffic:src_packets != 0) ])',
  '([foo:bar = 1]) WITHIN 5 SECONDS WITHIN 6 SECONDS',
  '[file:size = 1] AND ([file:size = 2] OR [file:size = 3]) FOLLOWEDBY [file:size = 4] REPEATS 2 TIMES',
  '[EXISTS file:name]',
  '[file:size IN ()]',
  '\n\t[ file:size\n=\n1 ]\u00a0',
  '[file:size = 1] /* comment */ AND [file:size = 2] // trailing',
];

describe('patternIssues: valid patterns', () => {
  it.each(SPEC_EXAMPLES)('accepts the spec example %s', (p) => {
    expect(patternIssues(p)).toEqual([]);
  });
  it.each(MORE_VALID)('accepts %s', (p) => {
    expect(patternIssues(p)).toEqual([]);
  });
});

// [pattern, a fragment of the first message]
const INVALID: [string, string][] = [
  ['', 'at 0: the pattern is empty'],
  ['   ', 'the pattern is empty'],
  ['file:size = 1280', 'at 0: comparison expressions must be inside square brackets'],
  ['[file:size = ]', 'at 13: expected a value after = ('],
  ['[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]', 'strings must be in single quotes'],
  ['[file.size = 1280]', "at 5: expected ':' after the object type file"],
  [String.raw`[file:name MATCHES /.*\\.dll/]`, "at 19: unexpected character '/'"],
  ["[file:name = 'x'] WITHIN ]", 'at 25: expected a number of seconds after WITHIN'],
  ["[file:name = 'x'] WITHIN 5 HOURS", "at 27: expected 'SECONDS' after the WITHIN value"],
  [
    "[file:name = 'x'] WITHIN -5 SECONDS",
    'at 25: WITHIN needs a positive number of seconds, found -5',
  ],
  ["[file:name = 'x'] WITHIN 0 SECONDS", 'WITHIN needs a positive number of seconds, found 0'],
  ["[file:name = 'x'] REPEATS 2.5 TIMES", 'at 26: REPEATS needs a positive integer, found 2.5'],
  ["[file:name = 'x'] REPEATS 0 TIMES", 'REPEATS needs a positive integer, found 0'],
  [
    "[file:name = 'x'] REPEATS 3",
    "expected 'TIMES' after the REPEATS count, found the end of the pattern",
  ],
  ['[network-traffic:dst_ref.value ISSUBSET ]', 'at 40: ISSUBSET needs a string in single quotes'],
  ["[file:hashes.MD5 =? 'cead']", "at 18: unexpected character '?'"],
  [
    "[file:created = t'2457-73-22T32:81:84.1Z']",
    "at 16: t'2457-73-22T32:81:84.1Z' is not a valid RFC 3339 UTC timestamp",
  ],
  ["[file:created = t'2016-02-30T00:00:00Z']", 'is not a valid RFC 3339 UTC timestamp'],
  ["[file:created = t'2016-01-01T00:00:00+01:00']", 'is not a valid RFC 3339 UTC timestamp'],
  ["[artifact:payload_bin = b'====']", "at 24: b'====' is not valid base64"],
  ["[file:magic_number_hex = h'ffd']", "h'ffd' is not valid hex"],
  ['[foo:bar=1] within 2 seconds', "at 12: unexpected 'within' (keywords are upper case: WITHIN)"],
  [
    "[file:name = 'a' and file:size = 1]",
    "at 17: expected ']' to close the observation expression opened at 0, found 'and' (keywords are upper case: AND)",
  ],
  [
    "[file:name like 'a%']",
    "at 11: expected a comparison operator (=, !=, >, <, >=, <=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) after the object path file:name, found 'like'",
  ],
  ['[file:is_encrypted = True]', 'booleans are lower case: true'],
  ["[file:name = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 'the WITHIN qualifier is given twice'],
  ["([file:name = 'x'] REPEATS 2 TIMES REPEATS 3 TIMES)", 'the REPEATS qualifier is given twice'],
  [
    "[file:name = 'x'] START t'2016-06-01T01:30:00Z' STOP t'2016-06-01T02:20:00Z' START t'2016-06-01T01:30:00Z' STOP t'2016-06-01T02:20:00Z'",
    'the START/STOP qualifier is given twice',
  ],
  [
    "[file:name = 'x'] START t'2016-06-01T02:00:00Z' STOP t'2016-06-01T01:00:00Z'",
    'the STOP timestamp must be later than the START timestamp',
  ],
  [
    "[file:name = 'x'] START '2016-06-01T01:00:00Z' STOP t'2016-06-01T02:00:00Z'",
    'at 24: START needs a timestamp literal',
  ],
  ["[file:name = 'x']]", "at 17: unexpected ']' with no matching '['"],
  [
    "[file:name = 'x'",
    "at 16: expected ']' to close the observation expression opened at 0, found the end of the pattern",
  ],
  ["([file:name = 'x']", "expected ')' to close the parenthesis opened at 0"],
  ["[(file:name = 'x']", "expected ')' to close the parenthesis opened at 1"],
  ["[file:name = 'x]", 'at 13: unterminated string'],
  ["[file:name = 'x'] garbage", "at 18: unexpected 'garbage' after the end of the pattern"],
  ["[file:name = 'x'] AND", 'at 21: expected an observation expression'],
  ["[= 'x']", "at 1: expected an object path (object-type:property), found '='"],
  ["['x' = 'y']", 'at 1: expected an object path'],
  ['[file:name MATCHES 5]', "MATCHES needs a string in single quotes, found '5'"],
  ["[file:name IN 'a']", 'at 14: IN needs a set of values in parentheses'],
  ["[file:name = ('a', 'b')]", 'a set of values in parentheses is only allowed after IN'],
  ["[file:name IN ('a' 'b')]", "expected ',' or ')' in the set opened at 14"],
  ['[file:is_encrypted > true]', 'a boolean cannot be compared with >'],
  ["[File:name = 'x']", "at 1: 'File' is not a valid object type name"],
  ["[x_whatever:name = 'x']", "'x_whatever' is not a valid object type name"],
  ["[my--type:name = 'x']", "'my--type' is not a valid object type name"],
  ["[file:Name = 'x']", "at 6: 'Name' is not a valid property name"],
  [
    '[file:extensions.windows-pebinary-ext.sections[*].entropy > 7.0]',
    "the path component windows-pebinary-ext contains '-' and must be quoted",
  ],
  ['[file:sections[x] = 1]', "expected a list index (an integer or *) after '['"],
  ["[file:name. = 'x']", "expected a property name or quoted key after '.'"],
  [String.raw`[file:name = 'a\nb']`, String.raw`at 15: invalid escape \n in a string`],
  ['[file:size = 007]', 'integers must not have leading zeros'],
  ['[file:size = 7.]', 'a number needs digits after the decimal point'],
  ['[file:name EXISTS]', '(EXISTS goes before the object path)'],
  ["[file:name = 'x'] FOLLOWEDBY", 'at 28: expected an observation expression'],
  ["[file:name = 'x'] /* open", 'unterminated comment'],
  ["[NOT file:name = 'x']", 'NOT goes right before the comparison operator'],
  ["[file:name NOT NOT = 'x']", 'at 15: expected a comparison operator'],
  ["[file:name = 'x' OR]", 'at 19: expected an object path'],
  ['[]', 'at 1: expected an object path'],
];

describe('patternIssues: invalid patterns', () => {
  it.each(INVALID)('rejects %j', (p, fragment) => {
    const issues = patternIssues(p);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toContain(fragment);
  });

  it('puts the syntax error first, then content problems by position', () => {
    expect(patternIssues('[a:b = 1] OR (c:d = 2)')).toEqual([
      "at 14: comparison expressions must be inside square brackets, e.g. [file:name = 'x']",
      "at 1: 'a' is not a valid object type name (3–250 characters a-z, 0-9 and single hyphens)",
      "at 3: 'b' is not a valid property name (3–250 characters a-z, 0-9 and _)",
    ]);
  });

  it('reports several content problems in one pass', () => {
    const issues = patternIssues("[Bad:X = h'f' AND file:created = t'2016-13-01T00:00:00Z']");
    expect(issues).toEqual([
      "at 1: 'Bad' is not a valid object type name (3–250 characters a-z, 0-9 and single hyphens)",
      "at 5: 'X' is not a valid property name (3–250 characters a-z, 0-9 and _)",
      "at 9: h'f' is not valid hex (pairs of 0-9, a-f)",
      "at 33: t'2016-13-01T00:00:00Z' is not a valid RFC 3339 UTC timestamp (yyyy-mm-ddThh:mm:ss[.s+]Z)",
    ]);
  });
});

describe('patternIssues: size and depth', () => {
  it('parses 2,000 OR-ed comparisons and 2,000 AND-ed observations without deep recursion', () => {
    const comparisons = Array.from({ length: 2000 }, (_, i) => `file:name = 'f${i}.exe'`).join(
      ' OR ',
    );
    expect(patternIssues(`[${comparisons}]`)).toEqual([]);
    const observations = Array.from({ length: 2000 }, (_, i) => `[file:size = ${i}]`).join(' AND ');
    expect(patternIssues(observations)).toEqual([]);
  });

  it(`accepts nesting up to ${MAX_PATTERN_DEPTH} levels and refuses deeper nesting with a clear message`, () => {
    const nest = (n: number) => `${'('.repeat(n - 1)}[file:size = 1]${')'.repeat(n - 1)}`;
    expect(patternIssues(nest(MAX_PATTERN_DEPTH))).toEqual([]);
    expect(patternIssues(nest(MAX_PATTERN_DEPTH + 1))[0]).toContain(
      `nest deeper than ${MAX_PATTERN_DEPTH} levels`,
    );
    const deep = `[${'('.repeat(50000)}file:size = 1${')'.repeat(50000)}]`;
    expect(patternIssues(deep)).toEqual([
      `at 100: parentheses and brackets nest deeper than ${MAX_PATTERN_DEPTH} levels`,
    ]);
  });
});

describe('recent parses (an ingest validates a pattern, then indexes its observables)', () => {
  it('answers a repeated pattern as parsed, each version judged by its own grammar', () => {
    const v20 = "[file:name = 'x.exe'] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'";
    const first21 = parsePattern(v20, '2.1');
    expect(first21.issues.join()).toMatch(/START needs a timestamp literal/);
    expect(parsePattern(v20, '2.0').issues).toEqual([]);
    expect(parsePattern(v20, '2.1')).toEqual(first21);
    expect(patternIssues(v20, '2.1')).toEqual(first21.issues);
    const ok = "[ipv4-addr:value = '198.51.100.7'] AND [domain-name:value = 'example.com']";
    const once = parsePattern(ok);
    // Past the memo's two generations (2 × 4,096 other patterns): parsed again, the same answer.
    for (let i = 0; i < 8200; i++) parsePattern(`[ipv4-addr:value = '10.0.${i >> 8}.${i & 255}']`);
    expect(parsePattern(ok)).toEqual(once);
    expect(once.comparisons.map((c) => [c.objectType, c.path, c.op])).toEqual([
      ['ipv4-addr', ['value'], '='],
      ['domain-name', ['value'], '='],
    ]);
  });
});
