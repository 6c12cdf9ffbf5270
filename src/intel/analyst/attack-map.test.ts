import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../store/testing.js';
import { LABEL_POLICY, withLabel } from '../labels.js';
import { indicator, useIntelEnv, type IntelTestEnv, type LabelSpec } from '../testing.js';
import { ownTechniques } from './attack-map.js';
import { parseAttackBundle, saveCatalogue } from './attack.js';
import { get, post } from './testing.js';

/**
 * ATT&CK mapping (#19.6): objects mapped to techniques by `uses`/`indicates` relationships to
 * attack-patterns (the imported catalogue's or stored ones) and by their own mitre-attack references,
 * listed by technique within what the reader may see. Small self-written STIX, no MITRE data.
 */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const CATALOGUE = {
  type: 'bundle',
  id: `bundle--${uuid(99)}`,
  objects: [
    {
      type: 'x-mitre-tactic',
      id: `x-mitre-tactic--${uuid(1)}`,
      name: 'Execution',
      x_mitre_shortname: 'execution',
      external_references: [{ source_name: 'mitre-attack', external_id: 'TA9001' }],
    },
    {
      type: 'attack-pattern',
      spec_version: '2.1',
      id: `attack-pattern--${uuid(10)}`,
      name: 'Synthetic interpreter',
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'execution' }],
      external_references: [{ source_name: 'mitre-attack', external_id: 'T9001' }],
    },
  ],
};
const T9001_STIX = `attack-pattern--${uuid(10)}`;

const labelOf = (l: LabelSpec) => ({
  policy: LABEL_POLICY,
  classification: l.classification ?? 'RESTRICTED',
  releasableTo: l.rel ?? [],
  originator: l.originator,
  createdAt: '2026-01-01T00:00:00.000Z',
  tlp: null,
});
const relationship = (l: LabelSpec, type: string, source: string, target: string) =>
  withLabel(
    {
      type: 'relationship',
      spec_version: '2.1',
      id: `relationship--${randomUUID()}`,
      created: '2026-01-02T00:00:00.000Z',
      modified: '2026-01-02T00:00:00.000Z',
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    },
    labelOf(l),
  );
const attackPattern = (l: LabelSpec, techniqueId: string) =>
  withLabel(
    {
      type: 'attack-pattern',
      spec_version: '2.1',
      id: `attack-pattern--${randomUUID()}`,
      created: '2026-01-02T00:00:00.000Z',
      modified: '2026-01-02T00:00:00.000Z',
      name: `Stored ${techniqueId}`,
      external_references: [{ source_name: 'mitre-attack', external_id: techniqueId }],
    },
    labelOf(l),
  );
const withOwnRef = (l: LabelSpec, techniqueId: string): Record<string, unknown> => ({
  ...indicator(l),
  external_references: [{ source_name: 'mitre-attack', external_id: techniqueId }],
});

interface Listed {
  total: number;
  objects: { id: string; via: string[]; techniques: string[] }[];
}
interface Indexed {
  techniques: {
    techniqueId: string;
    name: string | null;
    parent: string | null;
    count: number;
    direct: number;
  }[];
  total: number;
  truncated: boolean;
}
const indexOf = async (env: IntelTestEnv, member: string, query = ''): Promise<Indexed> => {
  const r = await get(env, member, `/api/intel/attack/index${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Indexed>();
};
/** The index entry of a technique, or null when nothing the member may see is mapped to it. */
const entryOf = async (env: IntelTestEnv, member: string, t: string) =>
  (await indexOf(env, member)).techniques.find((e) => e.techniqueId === t) ?? null;
const byTechnique = async (env: IntelTestEnv, member: string, t: string): Promise<Listed> => {
  const r = await get(env, member, `/api/intel/attack/techniques/${t}/objects?limit=1000`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Listed>();
};
const techniquesOf = async (env: IntelTestEnv, member: string, id: string) => {
  const r = await get(env, member, `/api/intel/objects/${id}`);
  return r.statusCode === 200
    ? r.json<{ techniques: { techniqueId: string; name: string | null; via: string[] }[] }>()
        .techniques
    : null;
};

it('reads an object’s own mitre-attack references and technique kill-chain phases', () => {
  expect(
    ownTechniques({
      external_references: [
        { source_name: 'mitre-attack', external_id: 'T1059.001' },
        { source_name: 'capec', external_id: 'CAPEC-1' },
        { source_name: 'mitre-attack', external_id: 'TA0002' },
      ],
      kill_chain_phases: [
        { kill_chain_name: 'mitre-attack', phase_name: 'execution' },
        { kill_chain_name: 'mitre-attack', phase_name: 't1204' },
        { kill_chain_name: 'lockheed-martin-cyber-kill-chain', phase_name: 'T1000' },
      ],
    }),
  ).toEqual([
    { techniqueId: 'T1059.001', via: 'external-reference' },
    { techniqueId: 'T1204', via: 'kill-chain-phase' },
  ]);
});

describeEachDialect('ATT&CK mapping within visibility (#19.6)', (dialect) => {
  const env = useIntelEnv(dialect);

  it('maps by relationship to the catalogue technique, to a stored attack-pattern, and by own reference; lists by technique', async () => {
    await saveCatalogue(env.node.store, parseAttackBundle(CATALOGUE), '2026-03-01T00:00:00Z');
    const gcc = { originator: 'SAU', rel: ['GCC'] };
    const usesCat = indicator(gcc, { name: 'uses catalogue technique' });
    const ownRef = withOwnRef(gcc, 'T9001');
    const storedAp = attackPattern(gcc, 'T9001');
    const toStored = indicator(gcc, { name: 'indicates stored pattern' });
    const relatedOnly = indicator(gcc, { name: 'only related-to' });
    const secret = indicator({ originator: 'SAU', rel: ['QAT'] }, { name: 'for QAT only' });
    const st = await post(env, 'SAU', [
      usesCat,
      ownRef,
      storedAp,
      toStored,
      relatedOnly,
      secret,
      relationship(gcc, 'uses', usesCat.id as string, T9001_STIX),
      relationship(gcc, 'indicates', toStored.id as string, storedAp.id as string),
      relationship(gcc, 'related-to', relatedOnly.id as string, T9001_STIX),
      relationship({ originator: 'SAU', rel: ['QAT'] }, 'uses', secret.id as string, T9001_STIX),
    ]);
    expect(st.failures ?? []).toEqual([]);

    const kwt = await byTechnique(env, 'KWT', 'T9001');
    expect(kwt.total).toBe(3);
    expect(Object.fromEntries(kwt.objects.map((o) => [o.id, o.via]))).toEqual({
      [usesCat.id as string]: ['relationship'],
      [ownRef.id as string]: ['external-reference'],
      [toStored.id as string]: ['relationship'],
    });
    // QAT also sees the object and mapping released to it alone; the catalogue's STIX id works too.
    const qat = await byTechnique(env, 'QAT', T9001_STIX);
    expect(qat.total).toBe(4);
    expect(qat.objects.map((o) => o.id)).toContain(secret.id);
    // The object panel's techniques.
    expect(await techniquesOf(env, 'KWT', usesCat.id as string)).toEqual([
      {
        techniqueId: 'T9001',
        name: 'Synthetic interpreter',
        tactics: ['execution'],
        via: ['relationship'],
      },
    ]);
    expect(await techniquesOf(env, 'KWT', ownRef.id as string)).toEqual([
      {
        techniqueId: 'T9001',
        name: 'Synthetic interpreter',
        tactics: ['execution'],
        via: ['external-reference'],
      },
    ]);
    expect(await techniquesOf(env, 'KWT', relatedOnly.id as string)).toEqual([]);
    expect(await techniquesOf(env, 'KWT', secret.id as string)).toBeNull();
    // The technique index counts within visibility: KWT 3, QAT 4 (the object and mapping for QAT alone).
    expect(await entryOf(env, 'KWT', 'T9001')).toEqual({
      techniqueId: 'T9001',
      name: 'Synthetic interpreter',
      tactics: ['execution'],
      parent: null,
      count: 3,
      direct: 3,
    });
    expect((await entryOf(env, 'QAT', 'T9001'))?.count).toBe(4);
    expect(
      (await indexOf(env, 'KWT', '?tactic=execution')).techniques.map((t) => t.techniqueId),
    ).toEqual(['T9001']);
    expect((await indexOf(env, 'KWT', '?tactic=persistence')).techniques).toEqual([]);
    // A bad id is a 400; an unknown technique id simply has no objects.
    expect((await get(env, 'KWT', '/api/intel/attack/techniques/X1/objects')).statusCode).toBe(400);
    expect((await byTechnique(env, 'KWT', 'T9999')).total).toBe(0);
  });

  it('rolls sub-techniques up into their technique: listed under T9200, counted once, each also indexed alone', async () => {
    const gcc = { originator: 'SAU', rel: ['GCC'] };
    const parentRef = withOwnRef(gcc, 'T9200');
    const subRef = withOwnRef(gcc, 'T9200.001');
    const both: Record<string, unknown> = {
      ...indicator(gcc),
      external_references: [
        { source_name: 'mitre-attack', external_id: 'T9200' },
        { source_name: 'mitre-attack', external_id: 'T9200.002' },
      ],
    };
    const subPattern = attackPattern(gcc, 'T9200.002');
    const usesSub = indicator(gcc, { name: 'uses a sub-technique' });
    // Not covered: T92001 is another technique, T9201.001 another parent's sub-technique.
    const other = withOwnRef(gcc, 'T9201.001');
    const forQat = withOwnRef({ originator: 'SAU', rel: ['QAT'] }, 'T9200.001');
    const st = await post(env, 'SAU', [
      parentRef,
      subRef,
      both,
      subPattern,
      usesSub,
      other,
      forQat,
      relationship(gcc, 'uses', usesSub.id as string, subPattern.id as string),
    ]);
    expect(st.failures ?? []).toEqual([]);

    const parent = await byTechnique(env, 'KWT', 'T9200');
    expect(parent.total).toBe(4);
    expect(Object.fromEntries(parent.objects.map((o) => [o.id, o.techniques]))).toEqual({
      [parentRef.id as string]: ['T9200'],
      [subRef.id as string]: ['T9200.001'],
      [both.id as string]: ['T9200', 'T9200.002'],
      [usesSub.id as string]: ['T9200.002'],
    });
    // A sub-technique lists only its own objects.
    expect((await byTechnique(env, 'KWT', 'T9200.001')).objects.map((o) => o.id)).toEqual([
      subRef.id,
    ]);
    const idx = await indexOf(env, 'KWT');
    const entry = (t: string) => idx.techniques.find((e) => e.techniqueId === t);
    expect(entry('T9200')).toMatchObject({ parent: null, count: 4, direct: 2 });
    expect(entry('T9200.001')).toMatchObject({ parent: 'T9200', count: 1, direct: 1 });
    expect(entry('T9200.002')).toMatchObject({ parent: 'T9200', count: 2, direct: 2 });
    expect(entry('T9201')).toMatchObject({ count: 1, direct: 0 });
    expect(entry('T9201.001')).toMatchObject({ parent: 'T9201', count: 1 });
    // QAT also sees the object released to it alone, under the sub-technique and the technique.
    expect((await entryOf(env, 'QAT', 'T9200'))?.count).toBe(5);
    expect((await entryOf(env, 'QAT', 'T9200.001'))?.count).toBe(2);
    expect((await byTechnique(env, 'QAT', 'T9200')).total).toBe(5);
  });

  // Six runs of up to six HTTP posts and 4 × 3 reads each: on PostgreSQL at load 13 on the 2 shared cores
  // this took over the 30 s default (timed out in the #19 audit run); a limit, never a timing assertion.
  it(
    'leak property: a member outside an object’s label, or outside the mapping’s, never sees it listed or counted',
    { timeout: 180_000 },
    async () => {
      const members = ['QAT', 'SAU', 'KWT', 'OMN'] as const;
      const relSet = fc.subarray([...members], { minLength: 0 });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              originator: fc.constantFrom(...members),
              rel: relSet,
              how: fc.constantFrom(
                'uses',
                'indicates',
                'related-to',
                'own-ref',
                'sub-ref',
                'sub-uses',
              ),
              relOriginator: fc.constantFrom(...members),
              relRel: relSet,
            }),
            { minLength: 1, maxLength: 6 },
          ),
          async (specs) => {
            const techniqueId = `T${String(9100 + run++).padStart(4, '0')}`;
            // The attack-pattern is visible to every member: only objects' and mappings' labels decide.
            const subId = `${techniqueId}.001`;
            const ap = attackPattern({ originator: 'SAU', rel: ['GCC'] }, techniqueId);
            const subAp = attackPattern({ originator: 'SAU', rel: ['GCC'] }, subId);
            expect((await post(env, 'SAU', [ap, subAp])).success_count).toBe(2);
            // Per member: objects mapped to the technique or its sub-technique (rolled up), and to the sub alone.
            const oracle = new Map<string, Set<string>>(members.map((m) => [m, new Set()]));
            const oracleSub = new Map<string, Set<string>>(members.map((m) => [m, new Set()]));
            const sees = (m: string, l: { originator: string; rel: string[] }) =>
              l.originator === m || l.rel.includes(m);
            for (const s of specs) {
              const own = s.how === 'own-ref' || s.how === 'sub-ref';
              const sub = s.how === 'sub-ref' || s.how === 'sub-uses';
              const obj = own
                ? withOwnRef({ originator: s.originator, rel: s.rel }, sub ? subId : techniqueId)
                : indicator({ originator: s.originator, rel: s.rel });
              expect((await post(env, s.originator, [obj])).success_count).toBe(1);
              const mapping = { originator: s.relOriginator, rel: s.relRel };
              if (!own) {
                const r = relationship(
                  mapping,
                  s.how === 'sub-uses' ? 'uses' : s.how,
                  obj.id as string,
                  (sub ? subAp.id : ap.id) as string,
                );
                expect((await post(env, s.relOriginator, [r])).success_count).toBe(1);
              }
              for (const m of members)
                if (sees(m, s) && (own || (s.how !== 'related-to' && sees(m, mapping)))) {
                  oracle.get(m)!.add(obj.id as string);
                  if (sub) oracleSub.get(m)!.add(obj.id as string);
                }
            }
            for (const m of members) {
              const got = await byTechnique(env, m, techniqueId);
              expect(got.total).toBe(oracle.get(m)!.size);
              expect(got.objects.map((o) => o.id).sort()).toEqual([...oracle.get(m)!].sort());
              const gotSub = await byTechnique(env, m, subId);
              expect(gotSub.objects.map((o) => o.id).sort()).toEqual([...oracleSub.get(m)!].sort());
              // The index's counts equal the oracle's: an entry only when something visible is mapped.
              const idx = await indexOf(env, m);
              expect(idx.truncated).toBe(false);
              const count = (t: string) =>
                idx.techniques.find((e) => e.techniqueId === t)?.count ?? 0;
              expect(count(techniqueId), `${m} ${techniqueId}`).toBe(oracle.get(m)!.size);
              expect(count(subId), `${m} ${subId}`).toBe(oracleSub.get(m)!.size);
            }
          },
        ),
        { numRuns: 6 },
      );
    },
  );
});
