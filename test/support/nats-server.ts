import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATS_SERVER } from '../../scripts/federation/harness.js';
import { freeLoopbackPort } from './processes.js';

/** A `nats-server` with JetStream on a free loopback port and a temporary store, killable and restartable. */
export interface NatsServerProcess {
  url: string;
  port: number;
  storeDir: string;
  /** SIGKILL, waits for the exit. */
  kill(): Promise<void>;
  /** Starts again on the same port and store; resolves when it accepts connections. */
  restart(): Promise<void>;
  /** Kills it and removes the store. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });
}

export async function startNatsServer(): Promise<NatsServerProcess> {
  const port = await freeLoopbackPort();
  const storeDir = mkdtempSync(join(tmpdir(), 'tahaluf-nats-'));
  let child: ChildProcess | null = null;
  const log: string[] = [];
  const start = async () => {
    const c = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    const keep = (b: Buffer) => {
      log.push(b.toString());
      if (log.length > 50) log.shift();
    };
    c.stdout.on('data', keep);
    c.stderr.on('data', keep);
    for (let i = 0; i < 150; i++) {
      if (c.exitCode !== null) break;
      if (await accepts(port)) return;
      await sleep(100);
    }
    throw new Error(`nats-server did not start on port ${port}: ${log.join('').slice(-2000)}`);
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await Promise.race([exited, sleep(10_000)]);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
