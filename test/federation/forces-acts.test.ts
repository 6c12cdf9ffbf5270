import { afterAll, beforeAll, expect, it } from 'vitest';
import { allianceDirectory } from '../support/alliance-directory.js';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { forcesModule } from '../../src/forces/module.js';
import { ForcesRepository } from '../../src/forces/repository.js';
import { describeEachDialect } from '../../src/store/testing.js';
import { envelopeSubject } from '../../src/federation/envelope.js';

/** Forces pledges on the alliance log: raised and withdrawn by their member, checked by every node. */
const ACTORS = ['SECRETARIAT', 'QAT', 'SAU', 'EGY'] as const;
const directory = allianceDirectory(ACTORS, 'tahaluf-forces-acts-', 'forces');
const { directoryFile } = directory;

const unit = (id: string) => ({
  id,
  name: id,
  type: 'land',
  size: 800,
  readinessDays: 20,
  durationDays: 365,
  homeBase: { name: 'Riyadh area', lon: 46.7, lat: 24.7 },
  caveats: [],
  equipment: [],
});

describeEachDialect('forces pledges on the alliance log', (dialect) => {
  let node: TestNode;
  let seq = 0;
  const feed = (actor: string, type: string, subject: string, payload: Record<string, unknown>) => {
    const e = directory.sign(actor, type, subject, payload);
    return node.alliance!.processMessage(
      envelopeSubject('alliance', actor, type),
      JSON.stringify(e),
      ++seq,
      new Date().toISOString(),
    );
  };
  beforeAll(async () => {
    node = await openTestNode({
      dialect,
      env: {
        TAHALUF_MODE: 'national',
        TAHALUF_MEMBER: 'QAT',
        TAHALUF_ALLIANCE_NATS: 'nats://127.0.0.1:4222',
        TAHALUF_ALLIANCE_DIRECTORY: directoryFile,
      },
      modules: [forcesModule],
    });
  });
  afterAll(() => node?.close());

  it('#12 a pledge raised and withdrawn by its member is applied; a non-member pledge and a withdrawal by another member are rejected', async () => {
    const body = (id: string) => ({
      pledgeId: id,
      allianceId: 'gcc',
      availableFrom: '2026-01-01',
      units: [unit(`${id.replace('pledge_', '')}-bde`)],
    });
    const raised = await feed('SAU', 'forces.pledge.raised', 'pledge_sau1', body('pledge_sau1'));
    expect(raised.status, raised.reason ?? '').toBe('applied');
    const outsider = await feed('EGY', 'forces.pledge.raised', 'pledge_egy1', body('pledge_egy1'));
    expect(outsider.status).toBe('rejected');
    expect(outsider.reason).toMatch(/EGY/);
    const foreign = await feed('QAT', 'forces.pledge.withdrawn', 'pledge_sau1', {
      pledgeId: 'pledge_sau1',
      reason: null,
    });
    expect(foreign).toMatchObject({ status: 'rejected' });
    expect(foreign.reason).toMatch(/belongs to SAU/);
    const repo = ForcesRepository.on(node.store.db);
    expect((await repo.pledge('pledge_sau1'))?.status).toBe('raised');
    const withdrawn = await feed('SAU', 'forces.pledge.withdrawn', 'pledge_sau1', {
      pledgeId: 'pledge_sau1',
      reason: 'rotation',
    });
    expect(withdrawn.status, withdrawn.reason ?? '').toBe('applied');
    expect(await repo.pledge('pledge_sau1')).toMatchObject({ status: 'withdrawn', member: 'SAU' });
    expect(await repo.pledge('pledge_egy1')).toBeUndefined();
    // tahaluf verify's forces replay includes the pledges on the alliance log.
    const findings = await forcesModule.verify!(node);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings.map((f) => f.message).join('\n')).toMatch(
      /pledge pledge_sau1 replayed: withdrawn/,
    );
  });
});
