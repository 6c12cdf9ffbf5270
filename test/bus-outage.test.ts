import { it } from 'vitest';
import { describeEachDialect } from '../src/store/testing.js';
import { runBusOutage, runOutboxRecovery } from './support/bus-outage.js';

// #16.5: a real nats-server is SIGKILLed mid-stream for 2 s and restarted on the same port and store.
// The outage longer than the old client's give-up (~20 s) is in bus-outage.slow.test.ts.
describeEachDialect('the bus comes back after a NATS restart', (dialect) => {
  it('writes during the outage commit at once, health says so, every act is published once', async () => {
    await runBusOutage(dialect, 2000);
  }, 90_000);

  it('acts held in the outbox by a node that stopped during the outage are published by the next', async () => {
    await runOutboxRecovery(dialect);
  }, 90_000);
});
