import { expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { openNode, type Node } from '../app/node.js';
import { describeEachDialect, openTestStore } from '../store/testing.js';
import { northQatarEstimate } from '../../test/support/cap-summaries.js';
import { AlertIssuer } from './alert-issuer.js';
import { warningModule, warningService } from './module.js';

/**
 * warningService(deps) keeps one service per node, shared by its routes and its background work. It was
 * keyed by the store: a node opened on the store of a node that had closed (a restart in one process, as
 * test/federation/cap-summary-outbox.test.ts does) got the closed node's service, with that node's closed
 * bus and stopped CAP relay, so its CAP messages never reached its own bus. Keyed by the node's record log
 * now (one per node; the node object and the deps its modules get share it).
 */
describeEachDialect('one warning service per node', (dialect) => {
  it('#15 two nodes on one store each get their own service; the second publishes its CAP messages', async () => {
    const store = await openTestStore(dialect);
    const config = {
      ...loadConfig({ TAHALUF_RATE_LIMIT_READS: '0', TAHALUF_RATE_LIMIT_WRITES: '0' }),
      dataDir: '/nonexistent-test-data-dir',
      port: 0,
    };
    const open = () =>
      openNode(config, {
        store,
        modules: [warningModule],
        seedModules: false,
        ephemeralKeys: true,
      });
    let first: Node | null = null;
    let second: Node | null = null;
    try {
      first = await open();
      await first.startModules();
      const firstService = warningService(first);
      expect(warningService(first)).toBe(firstService);
      await first.close();
      first = null;

      second = await open();
      await second.startModules();
      const secondService = warningService(second);
      expect(secondService).not.toBe(firstService);
      expect(warningService(second)).toBe(secondService);

      const seen: string[] = [];
      await second.bus.subscribe('warning.cap.>', (m) => {
        const data: unknown = m.data;
        if (data && typeof data === 'object' && 'identifier' in data)
          seen.push(String(data.identifier));
      });
      const issuer = new AlertIssuer({
        sender: 'tahaluf@qat',
        status: 'Exercise',
        idPrefix: `svc-${dialect}`,
        wallClock: () => Date.now(),
      });
      const now = Date.now();
      const [alert] = issuer.onThreat(
        'thr1',
        northQatarEstimate(now / 1000, 400),
        new Map([['QAT', 3]]),
        now,
      );
      secondService.issue(alert);
      await secondService.settled();
      expect(seen).toEqual([alert.identifier]);
    } finally {
      await first?.close();
      await second?.close();
      await store.close();
    }
  }, 60_000);
});
