import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../core/config.js';
import type { TahalufModule } from '../runtime/deps.js';
import { startServer, type RunningServer } from './server.js';

/**
 * #16.6 client timeouts at 1,000 connections (docs/benchmarks.md): libuv accepts one connection per turn
 * of the event loop, and a turn handled every request that had arrived, so a saturated node accepted
 * about 10 connections a second and new clients timed out in the kernel's listen queue without the node
 * ever seeing them. Now at most TAHALUF_REQUESTS_PER_TURN requests start per turn (api/turn-queue.ts).
 *
 * Measured without a clock: 64 keep-alive connections keep the node busy with CPU-bound requests; then
 * 40 new connections open at once, and the test counts the requests the node finished while they waited
 * to be accepted. With the turn limit (8) that is about 8 per accepted connection; before, a turn
 * finished every request that had arrived from the busy connections for each connection accepted.
 */
describe('#16 a saturated node keeps accepting connections', () => {
  let server: RunningServer | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'tahaluf-accept-'));
  let finished = 0;
  const busy: TahalufModule = {
    name: 'busy',
    routes(app) {
      app.get('/api/test-busy', async () => {
        // A fixed amount of CPU work per request (hashing, no clock).
        let digest = Buffer.alloc(1024, 1);
        for (let i = 0; i < 300; i++)
          digest = Buffer.concat([
            createHash('sha256').update(digest).digest(),
            digest.subarray(32),
          ]);
        return { digest: digest.subarray(0, 8).toString('hex') };
      });
    },
  };
  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        TAHALUF_DATA_DIR: dataDir,
        TAHALUF_RATE_LIMIT_READS: '0',
        TAHALUF_REQUESTS_PER_TURN: '8',
        TAHALUF_MAX_IN_FLIGHT: '10000',
        // No request is shed for waiting here: only the order of work is observed.
        TAHALUF_MAX_QUEUE_MS: '600000',
        TAHALUF_TARGET_LATENCY_MS: '600000',
      }),
      { ephemeralKeys: true, seedModules: false, modules: [busy] },
      { webDir: null },
    );
    server.app.server.on('request', (_req, res) => res.once('finish', () => finished++));
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('40 connections opened while 64 keep the node busy are accepted after about 8 requests each', async () => {
    expect(server!.node.config.requestsPerTurn).toBe(8);
    const { port } = new URL(server!.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    let running = true;
    const get = () =>
      new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port, path: '/api/test-busy', agent },
          (res) => {
            res.resume();
            res.once('end', () => resolve());
          },
        );
        req.once('error', reject);
        req.end();
      });
    const loops = Array.from({ length: 64 }, async () => {
      // Bounded: each loop stops when the test is done, or after 100,000 requests.
      for (let i = 0; running && i < 100_000; i++) await get();
    });
    // Warm-up: every busy connection open and answered at least a few times.
    for (let i = 0; i < 600 && finished < 64 * 4; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBeGreaterThanOrEqual(64 * 4);

    // Requests finished when each new connection was accepted, by the connection's client port: the busy
    // agent may open a connection of its own meanwhile (a clean-clone CI run saw 41), not counted.
    const acceptedAt = new Map<number, number>();
    const onConnection = (socket: Socket) => {
      if (socket.remotePort !== undefined) acceptedAt.set(socket.remotePort, finished);
    };
    server!.app.server.on('connection', onConnection);
    const startedAt = finished;
    const sockets: Socket[] = Array.from({ length: 40 }, () =>
      connect({ host: '127.0.0.1', port: Number(port) }),
    );
    const ours = () =>
      sockets.flatMap((socket) => {
        const at = socket.localPort === undefined ? undefined : acceptedAt.get(socket.localPort);
        return at === undefined ? [] : [at];
      });
    for (let i = 0; i < 1200 && ours().length < 40; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const accepted = ours().sort((x, y) => x - y);
    server!.app.server.off('connection', onConnection);
    running = false;
    for (const socket of sockets) socket.destroy();
    await Promise.allSettled(loops);
    agent.destroy();

    expect(accepted).toHaveLength(40);
    const perAccepted = (accepted[39] - startedAt) / 40;
    // About 8, the turn's limit (7.8 measured). With no limit (TAHALUF_REQUESTS_PER_TURN=0, the code
    // before the fix) this client measured 24.8: a turn finished every request that had arrived.
    expect(perAccepted).toBeLessThan(16);
  }, 120_000);
});
