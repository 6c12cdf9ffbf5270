import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { InProcessBus } from './in-process-bus.js';
import type { MessageBus } from './message-bus.js';
import { NatsBus } from './nats-bus.js';

export const TEST_NATS_URL =
  process.env.TEST_NATS_URL || process.env.NATS_URL || 'nats://127.0.0.1:4222';
export type BusKind = 'in-process' | 'nats';

async function natsReachable(): Promise<boolean> {
  try {
    const nc = await connect({ servers: TEST_NATS_URL.replace(/^nats:\/\//, ''), timeout: 1500 });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

/** In CI (CI=true) NATS JetStream is required; elsewhere it is used when reachable, and the skip is said. */
export const busKinds: BusKind[] =
  process.env.CI || process.env.TAHALUF_REQUIRE_NATS || (await natsReachable())
    ? ['in-process', 'nats']
    : (console.warn(
        `[tahaluf tests] NATS at ${TEST_NATS_URL} unreachable: NATS suites not run on this machine`,
      ),
      ['in-process']);

/** A fresh bus; on NATS a stream and subject prefix of its own, deleted on close. */
export async function openTestBus(kind: BusKind): Promise<MessageBus> {
  if (kind === 'in-process') return new InProcessBus();
  const tag = randomBytes(4).toString('hex');
  const stream = `T_${tag}`;
  const bus = await NatsBus.connect({ url: TEST_NATS_URL, stream, prefix: `t${tag}` });
  const close = bus.close.bind(bus);
  bus.close = async () => {
    await close();
    const nc = await connect({ servers: TEST_NATS_URL.replace(/^nats:\/\//, '') });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await nc.close();
  };
  return bus;
}

export function describeEachBus(name: string, fn: (kind: BusKind) => void): void {
  for (const k of busKinds) describe(`${name} [${k}]`, () => fn(k));
}
