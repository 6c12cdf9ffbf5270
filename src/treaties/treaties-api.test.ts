import type { TreatiesTables } from './repository.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import { findAtopFiles, readAtopFiles } from './atop-import.js';
import { treatiesModule } from './module.js';
import { loadAtop } from './repository.js';
import { verifyAtopImport } from './verify-import.js';
import { treatiesService } from './treaties-service.js';
import { ATOP_TEST_DIR } from './testing.js';

describeEachDialect('treaties store and API', (dialect) => {
  const { node, app } = useTestApp({ dialect, modules: [treatiesModule] });
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url });
    return { status: r.statusCode, body: r.json() };
  };

  it('answers the golden Qatar question over HTTP without any ATOP import', async () => {
    const r = await get('/api/obligations?attacked=QAT&date=2025-09-09');
    expect(r.status).toBe(200);
    const gcc = r.body.bound
      .filter((o: any) => o.allianceId === 'gcc-jda')
      .map((o: any) => o.state)
      .sort();
    expect(gcc).toEqual(['ARE', 'BHR', 'KWT', 'OMN', 'SAU']);
    expect(r.body.notBinding.map((n: any) => n.allianceId)).toEqual(
      expect.arrayContaining(['imctc', 'us-qatar-eo-2025']),
    );
  });

  it('rejects unknown state codes and impossible dates naming the field', async () => {
    for (const [url, field] of [
      ['/api/obligations?attacked=ZZZ&date=2025-09-09', 'query/attacked'],
      ['/api/obligations?attacked=qat', 'query/attacked'],
      ['/api/obligations?attacked=QAT&date=2025-02-30', 'query/date'],
      ['/api/obligations?attacked=QAT&attacker=12', 'query/attacker'],
      ['/api/obligations?attacked=QAT&attacker=QAT', 'query/attacker'],
      ['/api/obligations/between?a=SAU&b=NOPE', 'query/b'],
      ['/api/obligations/web?state=SAU&date=yesterday', 'query/date'],
      // 1815 to today (+ a small margin); outside that the date is refused, naming it.
      ['/api/obligations?attacked=QAT&date=1700-01-01', 'query/date'],
      ['/api/obligations?attacked=QAT&date=1814-12-31', 'query/date'],
      ['/api/obligations?attacked=QAT&date=2999-01-01', 'query/date'],
      ['/api/obligations/between?a=SAU&b=PAK&date=2999-01-01', 'query/date'],
      ['/api/obligations/web?state=SAU&date=1700-01-01', 'query/date'],
    ]) {
      const r = await get(url);
      expect(r.status, url).toBe(400);
      expect(r.body.field, url).toBe(field);
    }
  });

  it('answers from 1815-01-01, and a date shortly after today as a projection', async () => {
    const first = await get('/api/obligations?attacked=FRA&date=1815-01-01');
    expect(first.status).toBe(200);
    const soon = new Date(node.clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const r = await get(`/api/obligations?attacked=QAT&date=${soon}`);
    expect(r.status).toBe(200);
    expect(r.body.coverage.projection).toBe(true);
    expect(r.body.coverage.note).toMatch(/after today .*projection/);
    const far = new Date(node.clock.now().getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    const refused = await get(`/api/obligations?attacked=QAT&date=${far}`);
    expect([refused.status, refused.body.field]).toEqual([400, 'query/date']);
    expect(refused.body.detail).toMatch(/more than 31 days after today/);
  });

  it('states its coverage: without ATOP a 1939 question is "data absent", not "nobody bound"', async () => {
    const r = await get('/api/obligations?attacked=POL&date=1939-09-01');
    expect(r.status).toBe(200);
    expect(r.body.bound).toEqual([]);
    expect(r.body.coverage).toMatchObject({
      atopImported: false,
      complete: false,
      atopYears: null,
      handCodedFrom: '1945-03-22',
    });
    expect(r.body.coverage.note).toMatch(/no alliance data.*`tahaluf atop import DIR`/);
    const now = await get('/api/obligations?attacked=QAT&date=2025-09-09');
    expect(now.body.coverage).toMatchObject({ atopImported: false, complete: false });
    expect(now.body.coverage.note).toMatch(/ATOP, which is not imported/);
    // Every code the queries accept is listed for the console; no ATOP states before an import.
    const t = await get('/api/treaties');
    expect(t.body.codes).toEqual(
      expect.arrayContaining([
        { code: 'POL', name: 'Poland' },
        { code: 'XAH', name: 'Austria-Hungary (Austrian Empire to 1867)' },
      ]),
    );
    expect(t.body.atop).toMatchObject({ memberRows: 0, years: null, states: [] });
  });

  it('imports ATOP all or nothing, recording the import, and the engine then sees ATOP alliances', async () => {
    const data = readAtopFiles(findAtopFiles(ATOP_TEST_DIR));
    const service = await treatiesService(node);
    const first = await service.importAtop(data, ATOP_TEST_DIR);
    expect(first.memberRows).toBe(2398);
    const stored = await loadAtop(node.store.db);
    expect(stored.members).toEqual(data.members);
    expect(stored.alliances).toEqual(data.alliances);

    // An import interrupted halfway (here: the progress callback fails after the first chunks) changes nothing.
    await expect(
      service.importAtop(
        { members: data.members.slice(0, 500), alliances: data.alliances },
        'partial',
        (done) => {
          if (done > 900) throw new Error('interrupted');
        },
      ),
    ).rejects.toThrow('interrupted');
    expect((await loadAtop(node.store.db)).members.length).toBe(2398);
    const acts = await node.record.list({ type: 'treaties.atop_imported' });
    expect(acts.length).toBe(1);

    const t = await get('/api/treaties');
    expect(t.body.atop).toMatchObject({
      memberRows: 2398,
      allianceRows: 745,
      years: { from: 1815, to: 2016 },
    });
    // The states ATOP knows, with names, for the console's pickers.
    expect(t.body.atop.states).toEqual(
      expect.arrayContaining([
        { code: 'POL', name: 'Poland' },
        { code: 'FRA', name: 'France' },
        { code: 'XAH', name: 'Austria-Hungary (Austrian Empire to 1867)' },
      ]),
    );

    // With ATOP imported, the 1939 question has an answer and says it is complete.
    const pol = await get('/api/obligations?attacked=POL&date=1939-09-01');
    expect(
      pol.body.bound.filter((o: any) => o.obligation === 'defense').map((o: any) => o.state),
    ).toEqual(expect.arrayContaining(['GBR', 'FRA']));
    expect(pol.body.coverage).toMatchObject({
      atopImported: true,
      complete: true,
      atopYears: { from: 1815, to: 2016 },
    });
    const late = await get('/api/obligations?attacked=POL&date=2020-01-01');
    expect(late.body.coverage.complete).toBe(false);
    expect(late.body.coverage.note).toMatch(/ATOP data ends in 2016/);
    expect(t.body.atop.lastImport.id).toBe(first.id);
    expect(t.body.treaties.map((x: any) => x.allianceId)).toEqual(
      expect.arrayContaining(['arab-league', 'sau-pak-smda', 'joint-arab-force']),
    );

    const w = await get('/api/obligations/between?a=USA&b=GBR&date=1980-06-01');
    expect(w.body.aToB.some((o: any) => o.origin === 'atop' && o.obligation === 'defense')).toBe(
      true,
    );

    // `tahaluf verify`: the stored rows hash to the recorded act; an altered row is detected.
    expect((await verifyAtopImport(node)).map((f) => f.ok)).toEqual([true]);
    const before = await node.store.db
      .withTables<TreatiesTables>()
      .selectFrom('treaties_atop_members')
      .select('defense')
      .where('row_no', '=', 1)
      .executeTakeFirstOrThrow();
    await node.store.db
      .withTables<TreatiesTables>()
      .updateTable('treaties_atop_members')
      .set({ defense: 1 - Number(before.defense) })
      .where('row_no', '=', 1)
      .execute();
    const [finding] = await verifyAtopImport(node);
    expect(finding.ok).toBe(false);
    expect(finding.message).toMatch(/differ from the import act/);
  });

  it('lists the obligations web and between two states', async () => {
    const b = await get('/api/obligations/between?a=SAU&b=PAK&date=2025-10-01');
    expect(b.body.aToB.map((o: any) => o.allianceId)).toContain('sau-pak-smda');
    expect(b.body.bToA.map((o: any) => o.allianceId)).toContain('sau-pak-smda');
    const w = await get('/api/obligations/web?state=QAT&date=2025-10-01');
    expect(w.body.receives.some((o: any) => o.state === 'USA')).toBe(true);
    expect(w.body.gives.some((o: any) => o.toward === 'USA')).toBe(false);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await get('/api/openapi.json')).body;
    for (const p of [
      '/api/obligations',
      '/api/obligations/between',
      '/api/obligations/web',
      '/api/treaties',
    ])
      expect(doc.paths[p], p).toBeDefined();
  });
});

describe('ATOP files: clear errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atop-bad-'));
  const member = readFileSync(join(ATOP_TEST_DIR, 'atop4_01_member_level.csv'), 'utf8').split('\n');
  const alliance = readFileSync(join(ATOP_TEST_DIR, 'atop4_01_alliance_level.csv'), 'utf8');
  const write = (lines: string[]) => {
    writeFileSync(join(dir, 'atop_member_level.csv'), lines.join('\n'));
    writeFileSync(join(dir, 'atop_alliance_level.csv'), alliance);
  };

  it('names the row and field of a malformed value', () => {
    const bad = [...member];
    bad[10] = bad[10].replace(/^(\d+),,,(\d+),/, '$1,,,abc,');
    write(bad);
    expect(() => readAtopFiles(findAtopFiles(dir))).toThrow(
      /row 11, field member: 'abc' is not an integer/,
    );
  });
  it('names an unknown COW code', () => {
    const bad = [...member];
    bad[5] = bad[5].replace(/^(\d+),,,(\d+),/, '$1,,,999,');
    write(bad);
    expect(() => readAtopFiles(findAtopFiles(dir))).toThrow(
      /row 6, field member: unknown COW state code 999/,
    );
  });
  it('names a missing column and a short row', () => {
    write([member[0].replace('yrexit', 'yr_exit'), ...member.slice(1)]);
    expect(() => readAtopFiles(findAtopFiles(dir))).toThrow(/lacks column\(s\) yrexit/);
    write([...member.slice(0, 3), '1005,,,200', ...member.slice(3)]);
    expect(() => readAtopFiles(findAtopFiles(dir))).toThrow(/row 4: 4 fields/);
  });
});
