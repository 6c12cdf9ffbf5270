import { it } from 'vitest';
import { describeEachDialect } from '../src/store/testing.js';
import { runBusOutage } from './support/bus-outage.js';

// #16.5: an outage of 25 s, longer than the ~20 s after which the old NATS client gave up for good.
describeEachDialect('the bus comes back after a long NATS outage', (dialect) => {
  it('reconnects after 25 s away, publishes the backlog once, resumes subscriptions', async () => {
    await runBusOutage(dialect, 25_000);
  }, 180_000);
});
