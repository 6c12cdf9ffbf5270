import { expect } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { NatsBus } from '../../src/bus/nats-bus.js';
import { buildTestApp, openTestNode } from '../../src/app/testing.js';
import type { Dialect } from '../../src/store/database.js';
import { openTestStore } from '../../src/store/testing.js';
import { loadConfig } from '../../src/core/config.js';
import { openNode } from '../../src/app/node.js';
import { startNatsServer } from './nats-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 100 ms for at most `ms`; returns its last value when it held. */
async function until<T>(what: string, probe: () => Promise<T | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Health {
  status: string;
  busStatus: { state: string; reconnects: number };
  outbox: { pending?: number; oldestPendingAgeSeconds: number | null } | null;
}

/** Every message of a stream, by sequence: its Nats-Msg-Id. */
export async function streamIds(url: string, stream: string): Promise<string[]> {
  const nc = await connect({ servers: url.replace(/^nats:\/\//, '') });
  try {
    const jsm = await jetstreamManager(nc);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    const ids: string[] = [];
    for (let seq = 1; seq <= last; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (m) ids.push(m.header.get('Nats-Msg-Id'));
    }
    return ids;
  } finally {
    await nc.close();
  }
}

/**
 * A node on `dialect` writes acts while its `nats-server` (a real process, JetStream, its own store) is
 * SIGKILLed, stays away `outageMs`, and is restarted on the same port and store. Checks: writes during
 * the outage commit and return promptly, health reports the outage and the backlog, the subscription
 * resumes, and every committed act reaches the stream exactly once (counted by act id).
 */
export async function runBusOutage(dialect: Dialect, outageMs: number): Promise<void> {
  const nats = await startNatsServer();
  // Reconnection attempts at most 1 s apart (default 5 s), so the test does not wait on backoff.
  const bus = await NatsBus.connect({
    url: nats.url,
    stream: 'OUTAGE',
    prefix: 'outage',
    maxReconnectDelayMs: 1000,
  });
  const node = await openTestNode({ dialect, bus });
  const app = await buildTestApp(node);
  try {
    const auth = { authorization: `Bearer ${await node.tokenFor(null)}` };
    const health = async () =>
      (await app.inject({ url: '/api/health', headers: auth })).json<Health>();
    const seen: string[] = [];
    await node.bus.subscribe('record.>', (m) => void seen.push(m.id!));
    let n = 0;
    const write = async () => {
      const t0 = performance.now();
      await node.record.append({ actor: 'QAT', type: 'test.tick', payload: { n: n++ } });
      return performance.now() - t0;
    };

    for (let i = 0; i < 10; i++) await write();
    expect((await health()).status).toBe('ok');

    await nats.kill();
    await until(
      'the bus to notice',
      async () => node.bus.status().state === 'reconnecting',
      10_000,
    );
    const during: number[] = [];
    const outageEnd = Date.now() + outageMs;
    for (let i = 0; i < 1000 && (i < 10 || Date.now() < outageEnd); i++) {
      during.push(await write());
      await sleep(Math.min(250, outageMs / 10));
    }
    // Committed and answered without waiting for the bus (the old client waited 5 s per write).
    expect(Math.max(...during)).toBeLessThan(1500);
    const h = await health();
    expect(h.status).toBe('degraded');
    expect(h.busStatus.state).toBe('reconnecting');
    expect(h.outbox?.pending).toBeGreaterThanOrEqual(during.length);
    expect(h.outbox?.oldestPendingAgeSeconds).toBeGreaterThan(0);

    await nats.restart();
    // The client reconnects with backoff, then the relay drains.
    await until(
      'the outbox to drain',
      async () => {
        const x = await health();
        return x.busStatus.state === 'connected' && x.outbox?.pending === 0 && x;
      },
      30_000,
    );
    const after = await health();
    expect(after.status).toBe('ok');
    expect(after.busStatus.reconnects).toBeGreaterThanOrEqual(1);

    // The subscription resumed: acts written now reach the subscriber.
    const before = n;
    for (let i = 0; i < 5; i++) await write();
    const acts = await node.record.list({ limit: 10_000 });
    const lastIds = acts.slice(-5).map((a) => a.id);
    await until(
      'the subscriber to see new acts',
      async () => {
        return lastIds.every((id) => seen.includes(id));
      },
      20_000,
    );
    expect(n - before).toBe(5);

    // Every committed act is in the stream exactly once.
    await until(
      'every act in the stream',
      async () => (await streamIds(nats.url, 'OUTAGE')).length >= acts.length,
      20_000,
    );
    const inStream = await streamIds(nats.url, 'OUTAGE');
    const counts = new Map<string, number>();
    for (const id of inStream) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(acts.filter((a) => counts.get(a.id) !== 1).map((a) => a.id)).toEqual([]);
    expect(inStream.length).toBe(acts.length);
    // The subscriber, there from the first tick on, handled each of them once.
    expect(new Set(seen).size).toBe(seen.length);
    const ticks = acts.filter((a) => a.type === 'test.tick').map((a) => a.id);
    expect(ticks.filter((id) => !seen.includes(id))).toEqual([]);
  } finally {
    await app.close();
    await node.close();
    await nats.stop();
  }
}

/**
 * Acts committed while the bus is away by a node that then stops (as a node dying during an outage)
 * stay in the outbox; the next node opened on the same store, with the bus back, publishes each once.
 */
export async function runOutboxRecovery(dialect: Dialect): Promise<void> {
  const nats = await startNatsServer();
  const store = await openTestStore(dialect);
  const connectBus = () =>
    NatsBus.connect({
      url: nats.url,
      stream: 'RECOVERY',
      prefix: 'recovery',
      maxReconnectDelayMs: 500,
    });
  const config = { ...loadConfig({}), dataDir: '/nonexistent-test-data-dir', port: 0 };
  const open = async () =>
    openNode(config, { store, bus: await connectBus(), ephemeralKeys: true, seedModules: false });
  try {
    const first = await open();
    await nats.kill();
    await until('the bus to notice', async () => first.bus.status().state !== 'connected', 10_000);
    const held: string[] = [];
    for (let n = 0; n < 5; n++)
      held.push(
        (await first.record.append({ actor: 'QAT', type: 'test.held', payload: { n } })).id,
      );
    expect((await first.record.outbox!.backlog()).pending).toBeGreaterThanOrEqual(5);
    await first.close(); // gone before the bus came back

    await nats.restart();
    const second = await open();
    try {
      await until(
        'the outbox to drain',
        async () => (await second.record.outbox!.backlog()).pending === 0,
        30_000,
      );
      const acts = await second.record.list({ limit: 10_000 });
      const inStream = await streamIds(nats.url, 'RECOVERY');
      for (const id of held) expect(inStream.filter((x) => x === id)).toHaveLength(1);
      expect(new Set(inStream).size).toBe(inStream.length);
      expect(acts.filter((a) => !inStream.includes(a.id)).map((a) => a.id)).toEqual([]);
    } finally {
      await second.close();
    }
  } finally {
    await store.close();
    await nats.stop();
  }
}
