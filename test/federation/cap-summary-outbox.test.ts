import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { allianceDirectory } from '../support/alliance-directory.js';
import { startNatsServer } from '../support/nats-server.js';
import { streamIds } from '../support/bus-outage.js';
import {
  nationalAllianceEnv,
  northQatarEstimate,
  writeDirectoryWithNodeKeys,
} from '../support/cap-summaries.js';
import { loadConfig } from '../../src/core/config.js';
import { openNode, type Node } from '../../src/app/node.js';
import { describeEachDialect, openTestStore } from '../../src/store/testing.js';
import { warningModule, warningService } from '../../src/warning/module.js';
import { AlertIssuer } from '../../src/warning/alert-issuer.js';
import { appliedCapSummaries, CAP_SUMMARY_TYPE } from '../../src/warning/alliance-summary.js';
import type { AllianceOutboxTables } from '../../src/federation/alliance-outbox.js';

/**
 * #12: CAP issue summaries go through the alliance log's transactional outbox. A summary is queued in the
 * transaction that stores its CAP message, so one committed while the alliance's NATS server is down, by
 * a node that then stops before it could publish it, is published by the node when it starts again (a
 * real nats-server process, SIGKILLed and restarted on its port and store). Before, summaries were
 * published live only and lost. A row left by a crash between the stream's acknowledgement and its delete
 * is not published a second time: every act id is in the stream once.
 */
describeEachDialect('CAP summaries survive a restart', (dialect) => {
  const fixture = allianceDirectory(['SECRETARIAT'], 'tahaluf-cap-outbox-', 'capout');

  it('#12 a summary committed during a NATS outage by a node that then stopped is on the log after its restart, once', async () => {
    const nats = await startNatsServer();
    const store = await openTestStore(dialect);
    const dataDir = mkdtempSync(join(tmpdir(), 'tahaluf-cap-outbox-node-'));
    const run = randomUUID().replace(/-/g, '').slice(0, 10);
    const stream = `CAPOUTBOX_${dialect}_${run}`.toUpperCase();
    const config = {
      ...loadConfig({
        ...nationalAllianceEnv('QAT', {
          natsUrl: nats.url,
          directoryFile: fixture.directoryFile,
          stream,
          subjectPrefix: `capoutbox-${dialect}-${run}`,
        }),
        TAHALUF_RATE_LIMIT_READS: '0',
        TAHALUF_RATE_LIMIT_WRITES: '0',
      }),
      dataDir,
      port: 0,
    };
    // QAT's key lives in dataDir/keys: the restarted node signs with the same key.
    const open = () => openNode(config, { store, modules: [warningModule], seedModules: false });
    const issuer = new AlertIssuer({
      sender: 'tahaluf@qat',
      status: 'Actual',
      idPrefix: run,
      wallClock: () => Date.now(),
    });
    const now = Date.now();
    const t = now / 1000;
    let first: Node | null = null;
    let second: Node | null = null;
    try {
      first = await open();
      await writeDirectoryWithNodeKeys(fixture, ['SECRETARIAT'], [first]);
      await first.alliance!.loadDirectory();
      await first.startModules();

      // The Alert crosses while NATS is up.
      const [alert] = issuer.onThreat(
        'thr1',
        northQatarEstimate(t, 400),
        new Map([['QAT', 3]]),
        now,
      );
      const svc1 = warningService(first);
      svc1.issue(alert);
      expect(await svc1.summariesSettled(30_000)).toBe(true);
      const [alertEntry] = (await first.alliance!.entries({ limit: 10 })).filter(
        (e) => e.type === CAP_SUMMARY_TYPE,
      );
      expect(alertEntry).toMatchObject({ status: 'applied', subject: alert.identifier });

      // NATS dies; the Update and the Cancel are stored (civil defence has them) and their summaries
      // queued in the same transactions, but cannot be published.
      await nats.kill();
      const later = [
        ...issuer.onThreat('thr1', northQatarEstimate(t, 100), new Map([['QAT', 2]]), now + 6000),
        ...issuer.tick(now + 10 * 60_000),
      ];
      expect(later.map((c) => c.msgType)).toEqual(['Update', 'Cancel']);
      for (const c of later) svc1.issue(c);
      await svc1.settled();
      expect(await first.alliance!.outbox.pending()).toBe(2);
      // A crash between the stream's acknowledgement of the Alert's summary and the delete of its row
      // leaves the row behind: put it back as such a crash would have.
      await store.db
        .withTables<AllianceOutboxTables>()
        .insertInto('alliance_outbox')
        .values({
          position: 0,
          act_id: alertEntry.actId!,
          actor: 'QAT',
          type: CAP_SUMMARY_TYPE,
          subject: alert.identifier,
          payload: JSON.stringify((alertEntry.envelope as { payload: unknown }).payload),
          queued_at: new Date(now).toISOString(),
        })
        .execute();
      await first.close(); // stopped before NATS came back: nothing but the database remembers
      first = null;

      await nats.restart();
      second = await open();
      await second.startModules();
      // (The new node's own log: its warning service is its own, the first node's closed with it.)
      expect(await second.alliance!.queuedSettled(60_000)).toBe(true);
      expect(await second.alliance!.outbox.pending()).toBe(0);

      const entries = (await second.alliance!.entries({ limit: 100 })).filter(
        (e) => e.type === CAP_SUMMARY_TYPE,
      );
      expect(entries.map((e) => [e.status, e.subject])).toEqual(
        [alert, ...later].map((c) => ['applied', c.identifier]),
      );
      // Every act id once on the stream: the Alert's left-over row was not published again.
      const ids = await streamIds(nats.url, stream);
      expect(ids).toEqual(entries.map((e) => e.actId));
      const summaries = await appliedCapSummaries(store.db);
      expect(summaries.map((s) => [s.identifier, s.msgType, s.actor])).toEqual(
        [alert, ...later].map((c) => [c.identifier, c.msgType, 'QAT']).reverse(),
      );
      expect(summaries[0].references).toEqual([alert.identifier, later[0].identifier]);
    } finally {
      await first?.close();
      await second?.close();
      await store.close();
      await nats.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
