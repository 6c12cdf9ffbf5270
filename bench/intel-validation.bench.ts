// #19.3 / #19.2: what the stricter STIX validation and the sealed TAXII cursors cost.
// `npm run bench -- intel-validation` (about 1 minute on 2 shared cores).
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { LABEL_POLICY, withLabel } from '../src/intel/labels.js';
import { parsePattern, patternIssues } from '../src/intel/stix/pattern.js';
import { patternModelIssues } from '../src/intel/stix/pattern-model.js';
import { moreSpecIssues } from '../src/intel/stix/spec-rules.js';
import { validateObject, type StixIssue } from '../src/intel/stix/validate.js';
import { CursorCodec, cursorBinding } from '../src/intel/taxii/cursor.js';
import {
  benchCollection,
  cpuMs,
  fmt,
  memberPrincipal,
  nowMs,
  openIntelBenchNode,
  percentile,
  table,
} from './support.js';

const PATTERNS = 20_000;
const INGEST = Number(process.env.INTEL_VALIDATION_BENCH_OBJECTS ?? 50_000);
const ROUNDS = 5;

const hex = (n: number, i: number) =>
  (i.toString(16).padStart(8, '0') + 'ab').repeat(20).slice(0, n);
/** A mix of the comparisons indicators carry: addresses, domains, URLs, hashes, ports, AND/OR, qualifiers. */
function pattern(i: number): string {
  switch (i % 8) {
    case 0:
      return `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`;
    case 1:
      return `[domain-name:value = 'host${i}.example.com']`;
    case 2:
      return `[file:hashes.'SHA-256' = '${hex(64, i)}'] OR [file:hashes.MD5 = '${hex(32, i)}']`;
    case 3:
      return `[url:value = 'https://example.com/p/${i}']`;
    case 4:
      return `[network-traffic:dst_port = ${i % 65536} AND network-traffic:protocols[*] = 'tcp']`;
    case 5:
      return `[ipv4-addr:value ISSUBSET '198.51.${i & 255}.0/24'] WITHIN 300 SECONDS`;
    case 6:
      return `[email-addr:value = 'user${i}@example.com'] FOLLOWEDBY [file:name = 'a${i}.exe']`;
    default:
      return `[file:hashes.'SHA-1' = '${hex(40, i)}' AND file:size > ${i}]`;
  }
}

/** Best (highest) rate of `rounds` interleaved runs: the least disturbed by other work on the shared cores. */
function rates(fns: Record<string, () => number>, rounds: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (let r = 0; r < rounds; r++)
    for (const [k, f] of Object.entries(fns)) {
      const c0 = process.cpuUsage();
      const n = f();
      (out[k] ??= []).push(n / (cpuMs(process.cpuUsage(c0)) / 1000));
    }
  return out;
}

export default async function run(): Promise<string> {
  const patterns = Array.from({ length: PATTERNS }, (_, i) => pattern(i));
  for (const p of patterns.slice(0, 16)) {
    const parsed = parsePattern(p);
    if (parsed.issues.length || patternModelIssues(parsed.comparisons).length)
      throw new Error(`bench pattern refused: ${p}`);
  }
  const indicators = patterns.map((p, i) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${randomUUID()}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: `indicator ${i}`,
    pattern: p,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
  }));
  const p = rates(
    {
      grammar: () => {
        for (const x of patterns) patternIssues(x);
        return patterns.length;
      },
      model: () => {
        for (const x of patterns) {
          const parsed = parsePattern(x);
          if (!parsed.issues.length) patternModelIssues(parsed.comparisons);
        }
        return patterns.length;
      },
      object: () => {
        for (const o of indicators) validateObject(o);
        return indicators.length;
      },
      added: () => {
        // Only the rules added by #19.3 for an object (the model check of its pattern, spec-rules.ts).
        for (const o of indicators) {
          const out: StixIssue[] = [];
          patternModelIssues(parsePattern(o.pattern).comparisons);
          moreSpecIssues(o, out);
        }
        return indicators.length;
      },
      parseOnly: () => {
        for (const o of indicators) parsePattern(o.pattern);
        return indicators.length;
      },
    },
    ROUNDS,
  );
  const best = (k: string) => Math.max(...p[k]);
  const usPer = (k: string) => 1e6 / best(k);
  // The added cost is `added` minus a second parse (the model check reuses the parse validateObject does).
  const addedUs = usPer('added') - usPer('parseOnly');

  // Sealed cursors: one seal per page served, one open per page requested.
  const codec = new CursorCodec(Buffer.alloc(32, 1));
  const binding = cursorBinding(
    { member: 'QAT', user: 'analyst', clearance: 'SECRET' },
    'objects',
    {
      collection: 'gcc',
      versions: ['last'],
    },
  );
  const sealUs: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const s = nowMs();
    const t = codec.seal(i * 7919, binding);
    if (codec.open(t, binding) !== i * 7919) throw new Error('cursor round trip failed');
    sealUs.push((nowMs() - s) * 1000);
  }

  // Ingest with the new validation on a fresh SQLite node (envelopes of 1,000, as the intel section).
  const ingest = { wall: 0, cpu: 0 };
  {
    const bench = await openIntelBenchNode('tahaluf-intel-validation-');
    try {
      const { hub } = bench;
      const coll = benchCollection(bench.node, 'gcc');
      const poster = memberPrincipal('QAT', 'TOP SECRET');
      let ms = 0;
      let cpu = 0;
      for (let done = 0; done < INGEST; done += 1000) {
        const objs = Array.from({ length: 1000 }, (_, i) =>
          withLabel(
            { ...indicators[(done + i) % indicators.length], id: `indicator--${randomUUID()}` },
            {
              policy: LABEL_POLICY,
              classification: 'RESTRICTED',
              releasableTo: ['GCC'],
              originator: 'QAT',
              createdAt: '2026-01-01T00:00:00.000Z',
              tlp: null,
            },
          ),
        );
        const s = nowMs();
        const c0 = process.cpuUsage();
        const st = await hub.ingest(coll, objs, poster, 'bench');
        ms += nowMs() - s;
        cpu += cpuMs(process.cpuUsage(c0));
        if (st.failure_count) throw new Error(`ingest refused: ${st.failures[0].message}`);
      }
      ingest.wall = INGEST / (ms / 1000);
      ingest.cpu = INGEST / (cpu / 1000);
    } finally {
      await bench.close();
    }
  }

  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');
  return `## Intelligence: exact STIX validation and sealed cursors (#19)

${PATTERNS.toLocaleString('en-GB')} STIX patterns of eight shapes (IPv4, domain, file hashes with OR, URL, network-traffic port AND protocol, CIDR ISSUBSET with WITHIN, e-mail FOLLOWEDBY file, SHA-1 AND size), all valid; CPU time of this process, best of ${ROUNDS} interleaved rounds.

${table(
  ['measure', 'without the new work', 'with it'],
  [
    [
      'pattern validation (patterns/s)',
      `${fmt(best('grammar'), 0)} (grammar only, as before #19.3)`,
      `${fmt(best('model'), 0)} (grammar + object model)`,
    ],
    [
      'indicator validation, whole object (objects/s)',
      `≈ ${fmt(1e6 / (usPer('object') - addedUs), 0)} (the full check minus the added rules' ${fmt(addedUs, 1)} µs)`,
      `${fmt(best('object'), 0)}`,
    ],
    [
      `ingest into a new SQLite store, ${INGEST.toLocaleString('en-GB')} labelled indicators, envelopes of 1,000 (objects/s wall / CPU)`,
      '(not re-measured: see "Intelligence sharing", 1,000,000 objects)',
      `${fmt(ingest.wall, 0)} / ${fmt(ingest.cpu, 0)}`,
    ],
    [
      'TAXII next cursor: seal + open (AES-256-GCM), p50 / p99 µs per page',
      '0 (the sequence in clear)',
      `${fmt(percentile(sealUs, 50), 1)} / ${fmt(percentile(sealUs, 99), 1)}`,
    ],
  ],
)}

How: "without the new work" for patterns is \`patternIssues\` (the grammar, which is what ran before the object-model check); for whole indicators it is the full \`validateObject\` minus the measured cost of the rules #19.3 added (\`patternModelIssues\` over an already parsed pattern and \`moreSpecIssues\`), since the old code no longer exists beside the new. Ingest is \`IntelHub.ingest\` end to end (validation, labels, dedupe, insert, one signed act per envelope) into an empty store; its wall figure is set by the machine's load (other engineers' work on the 2 shared cores, load average below), its CPU figure by the work itself. The ≥ 10,000 objects/s target for ingest with signatures verified is measured in the section "Intelligence: ingest with signatures verified (#19.3)" (\`npm run bench -- intel-ingest\`: signed and unsigned envelopes interleaved in one run); this row posts objects as their originator, with no carried signatures to verify. The 1,000,000-object store is in "Intelligence sharing", which this run did not repeat (it takes minutes on an idle machine). Load average at the end: ${load} (2 cores shared with other work).`;
}
