import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyChain } from '../record/verify.js';
import type { RecordTables } from '../record/migrations.js';
import { describeEachDialect } from '../store/testing.js';
import { openTestNode, type TestNode } from '../app/testing.js';
import { CouncilService } from './council-service.js';
import { councilModule } from './module.js';
import { REPLAYS, runReplay, seedReplays } from './replays.js';
import { verifyCouncil } from './verify.js';

const byId = (id: string) => REPLAYS.find((r) => r.id === id)!;

describeEachDialect('council replays of real cases', (dialect) => {
  let node: TestNode;
  let svc: CouncilService;
  beforeAll(async () => {
    node = await openTestNode({ dialect, modules: [councilModule] });
    svc = new CouncilService(node);
  });
  afterAll(() => node?.close());

  it('NATO, Feb 2003: circulated 6 Feb, deadline 10 Feb; France, Germany and Belgium broke silence; then Turkey requested consultations', async () => {
    const ids = await runReplay(node, byId('nato-2003-silence'));
    const silence = await svc.get(ids.silence);
    expect(silence.openedAt).toBe('2003-02-06T12:00:00.000Z');
    expect(silence.deadline).toBe('2003-02-10T09:00:00.000Z');
    expect(silence.outcome).toMatchObject({
      status: 'not_adopted',
      reason: 'silence broken by BEL, DEU, FRA before the deadline',
      bound: [],
    });
    const art4 = await svc.get(ids.art4);
    expect(art4).toMatchObject({
      kind: 'consultation',
      openedBy: 'TUR',
      status: 'closed',
      summary: 'The matter moved to the Defence Planning Committee.',
    });
    expect(art4.openedAt > silence.closedAt!).toBe(true);
  });

  it('Doha, Sep 2025: emergency summit statement by consensus without a joint force; GCC joint-defence clause invoked and measures decided', async () => {
    const ids = await runReplay(node, byId('doha-2025'));
    const statement = await svc.get(ids.statement);
    expect(statement.outcome).toMatchObject({ status: 'adopted', bindingScope: 'all' });
    expect(statement.outcome!.reason).toMatch(/^adopted by consensus/);
    expect(statement.open.text).toContain('Creates no joint force');
    expect(statement.outcome!.bound).toHaveLength(57);
    const defence = await svc.get(ids.defence);
    expect(defence).toMatchObject({
      kind: 'defence',
      openedBy: 'QAT',
      openedAt: '2025-09-15T09:00:00.000Z',
    });
    expect(defence.open.article).toBe('GCC Joint Defence Agreement (2000), Art. 2');
    const measures = await svc.get(ids.measures);
    expect(measures.open.relatedTo).toBe(ids.defence);
    expect(measures.outcome).toMatchObject({
      status: 'adopted',
      bound: ['ARE', 'BHR', 'KWT', 'OMN', 'QAT', 'SAU'],
    });
    expect((await svc.get(ids.consult)).status).toBe('closed');
  });

  it('Arab League summit presidency 2016–2018: Morocco and Yemen declined, Saudi Arabia instead of the UAE', async () => {
    const cal = await svc.calendar('arab-league', '2018-12-31');
    expect(cal.chair!.terms.map((t) => [t.from.slice(0, 4), t.inLine, t.holder])).toEqual([
      ['2016', 'MAR', 'MRT'],
      ['2017', 'YEM', 'JOR'],
      ['2018', 'ARE', 'SAU'],
    ]);
    expect((await svc.offices('arab-league', '2017-03-29')).chair?.holder).toBe('JOR');
  });

  it('seeding is idempotent and every seeded outcome replays from the record', async () => {
    await seedReplays(node); // both cases already ran above: nothing added
    const n = await node.record.count();
    await seedReplays(node);
    expect(await node.record.count()).toBe(n);
    const findings = await verifyCouncil(node, svc);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings.filter((f) => /matches stored/.test(f.message)).length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('#12.1 replayed acts are signed by the illustrative identity, never by a member key, and name whom they depict', async () => {
    const db = node.store.db.withTables<RecordTables>();
    const replayed = await db
      .selectFrom('record_acts')
      .select(['actor', 'payload'])
      .where('type', 'like', 'council.%')
      .execute();
    expect(replayed.length).toBeGreaterThan(20);
    expect(new Set(replayed.map((r) => r.actor))).toEqual(new Set(['ILLUSTRATIVE']));
    const depicted = new Set(
      replayed.map((r) => (JSON.parse(r.payload) as { depicts: string }).depicts),
    );
    expect(depicted).toEqual(
      new Set([
        'SECRETARIAT',
        'FRA',
        'BEL',
        'DEU',
        'TUR',
        'QAT',
        'ARE',
        'BHR',
        'KWT',
        'OMN',
        'SAU',
      ]),
    );
    const identity = await db
      .selectFrom('identities')
      .select(['actor', 'custody'])
      .where('actor', '=', 'ILLUSTRATIVE')
      .executeTakeFirstOrThrow();
    expect(identity.custody).toBe('illustrative');
    // No member (and not the secretariat) has a key registered through the replays.
    const others = await db
      .selectFrom('identities')
      .select('actor')
      .where('actor', '!=', 'ILLUSTRATIVE')
      .execute();
    expect(others.map((o) => o.actor)).not.toContain('OMN');
  });

  it('tampering with one byte of a stored act is detected, naming the act', async () => {
    const db = node.store.db.withTables<RecordTables>();
    const vote = await db
      .selectFrom('record_acts')
      .selectAll()
      .where('type', '=', 'council.vote')
      .where('actor', '=', 'ILLUSTRATIVE')
      .where('payload', 'like', '%"depicts":"OMN"%')
      .executeTakeFirstOrThrow();
    const tampered = vote.payload.replace('"yes"', '"no"');
    expect(tampered).not.toBe(vote.payload);
    await db
      .updateTable('record_acts')
      .set({ payload: tampered })
      .where('id', '=', vote.id)
      .execute();
    const findings = await verifyCouncil(node, svc);
    const bad = findings.filter((f) => !f.ok);
    expect(bad[0]).toMatchObject({ actId: vote.id });
    expect(bad[0].message).toContain(`act ${vote.id}`);
    expect(bad.some((f) => /stored outcome differs/.test(f.message))).toBe(true);
    expect((await verifyChain(db)).firstBroken?.id).toBe(vote.id);
    await db
      .updateTable('record_acts')
      .set({ payload: vote.payload })
      .where('id', '=', vote.id)
      .execute();
    const flip = vote.payload.replace(/.$/, ' ');
    await db.updateTable('record_acts').set({ payload: flip }).where('id', '=', vote.id).execute();
    expect((await verifyCouncil(node, svc)).find((f) => !f.ok)?.actId).toBe(vote.id);
    await db
      .updateTable('record_acts')
      .set({ payload: vote.payload })
      .where('id', '=', vote.id)
      .execute();
    expect((await verifyCouncil(node, svc)).every((f) => f.ok)).toBe(true);
  });
});
