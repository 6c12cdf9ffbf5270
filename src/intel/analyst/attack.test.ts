import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../../../test/support/cli.js';
import { describeEachDialect } from '../../store/testing.js';
import { useIntelEnv } from '../testing.js';
import {
  findTechniques,
  listTactics,
  parseAttackBundle,
  saveCatalogue,
  techniqueOf,
} from './attack.js';
import type { AnalystTables } from './migrations.js';

/** A small synthetic ATT&CK-shaped bundle (no MITRE data): two tactics, three techniques, one deprecated. */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const tactic = (n: number, short: string, id: string) => ({
  type: 'x-mitre-tactic',
  id: `x-mitre-tactic--${uuid(n)}`,
  name: short,
  x_mitre_shortname: short,
  external_references: [{ source_name: 'mitre-attack', external_id: id }],
});
const technique = (n: number, id: string, name: string, phases: string[], extra = {}) => ({
  type: 'attack-pattern',
  spec_version: '2.1',
  id: `attack-pattern--${uuid(n)}`,
  name,
  kill_chain_phases: phases.map((p) => ({ kill_chain_name: 'mitre-attack', phase_name: p })),
  external_references: [
    { source_name: 'mitre-attack', external_id: id, url: `https://example.test/${id}` },
  ],
  ...extra,
});
const bundle = (objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid(99)}`, objects });
const GOOD = bundle([
  tactic(1, 'execution', 'TA9001'),
  tactic(2, 'persistence', 'TA9002'),
  technique(10, 'T9001', 'Synthetic interpreter', ['execution']),
  technique(11, 'T9001.001', 'Synthetic shell', ['execution', 'persistence']),
  technique(12, 'T9002', 'Old synthetic trick', ['persistence'], { x_mitre_deprecated: true }),
  { type: 'attack-pattern', id: `attack-pattern--${uuid(13)}`, name: 'CAPEC-like, ignored' },
]);

describe('ATT&CK bundle validation', () => {
  it('reads techniques, their tactics and deprecation', () => {
    const c = parseAttackBundle(GOOD);
    expect(c.techniques.map((t) => [t.techniqueId, t.tactics, t.deprecated])).toEqual([
      ['T9001', ['execution'], false],
      ['T9001.001', ['execution', 'persistence'], false],
      ['T9002', ['persistence'], true],
    ]);
  });
  it('refuses what is not a usable ATT&CK bundle, naming every problem', () => {
    expect(() => parseAttackBundle({ objects: [] }, 'x.json')).toThrow(
      /x\.json is not a STIX bundle/,
    );
    expect(() => parseAttackBundle(bundle([]))).toThrow(/no ATT&CK technique/);
    expect(() =>
      parseAttackBundle(
        bundle([
          technique(1, 'X12', 'bad id', []),
          technique(2, 'T9003', '', []),
          technique(3, 'T9004', 'a', []),
          technique(4, 'T9004', 'b', []),
        ]),
      ),
    ).toThrow(
      /3 problems\): object 0 .*'X12' is not T####.*; object 1 .*T9003 has no name; object 3 .*T9004 appears twice/,
    );
    expect(() =>
      parseAttackBundle(
        bundle([tactic(1, 'execution', 'TA9001'), technique(2, 'T9005', 'n', ['nope'])]),
      ),
    ).toThrow(/tactic 'nope' is not an x-mitre-tactic/);
  });
});

describeEachDialect('ATT&CK catalogue store and browse', (dialect) => {
  const env = useIntelEnv(dialect);
  it('replaces the catalogue on import; browses by tactic and by id or name', async () => {
    const store = env.node.store;
    const db = store.db.withTables<AnalystTables>();
    const seen: number[] = [];
    await saveCatalogue(store, parseAttackBundle(GOOD), '2026-03-01T00:00:00Z', (d) =>
      seen.push(d),
    );
    await saveCatalogue(store, parseAttackBundle(GOOD), '2026-03-01T00:00:00Z');
    expect(seen).toEqual([3]);
    expect((await listTactics(db)).sort((a, b) => a.shortname.localeCompare(b.shortname))).toEqual([
      { shortname: 'execution', techniques: 2 },
      { shortname: 'persistence', techniques: 1 },
    ]);
    expect(
      (await findTechniques(db, { tactic: 'persistence', limit: 10 })).map((t) => t.techniqueId),
    ).toEqual(['T9001.001']);
    expect((await findTechniques(db, { q: 't9001', limit: 10 })).map((t) => t.techniqueId)).toEqual(
      ['T9001', 'T9001.001'],
    );
    expect((await findTechniques(db, { q: 'SHELL', limit: 10 })).map((t) => t.techniqueId)).toEqual(
      ['T9001.001'],
    );
    expect(
      (await findTechniques(db, { q: 'old', includeDeprecated: true, limit: 10 })).map(
        (t) => t.techniqueId,
      ),
    ).toEqual(['T9002']);
    expect((await techniqueOf(db, `attack-pattern--${uuid(11)}`))?.techniqueId).toBe('T9001.001');
    expect(await techniqueOf(db, 'T0000')).toBeNull();
    // The API: members browse the catalogue; the public does not.
    const h = await env.auth('QAT');
    const r = await env.app.inject({
      url: '/api/intel/attack/techniques?tactic=execution&q=shell',
      headers: { authorization: h.authorization },
    });
    expect(r.statusCode).toBe(200);
    expect(
      r.json<{ techniques: { techniqueId: string }[] }>().techniques.map((t) => t.techniqueId),
    ).toEqual(['T9001.001']);
    const tactics = await env.app.inject({
      url: '/api/intel/attack/tactics',
      headers: { authorization: h.authorization },
    });
    expect(tactics.json<{ tactics: unknown[] }>().tactics).toHaveLength(2);
    expect((await env.app.inject({ url: '/api/intel/attack/tactics' })).statusCode).toBe(401);
  });
});

describe('tahaluf intel attack import', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  // Two CLI processes (tsx): a while on a loaded 2-core machine.
  it(
    'imports a valid bundle; refuses a bad one with the problems named',
    { timeout: 240_000 },
    () => {
      const data = tempDataDir();
      const files = tempDataDir();
      dirs.push(data, files);
      const env = { TAHALUF_DATA_DIR: data };
      writeFileSync(join(files, 'good.json'), JSON.stringify(GOOD));
      writeFileSync(join(files, 'bad.json'), JSON.stringify(bundle([technique(1, 'X1', 'n', [])])));
      const bad = runCli(['intel', 'attack', 'import', join(files, 'bad.json')], env);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(
        /bad\.json is not a usable ATT&CK bundle \(1 problem\): object 0 .*'X1'/,
      );
      const ok = runCli(['intel', 'attack', 'import', join(files, 'good.json')], env);
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('3 techniques (2 current), 2 tactics');
    },
  );
});
