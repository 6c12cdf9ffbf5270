import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestNode } from '../../src/app/testing.js';
import {
  freePort,
  makeTlsFiles,
  NATS_SERVER,
  natsAccountsConfig,
  natsTlsBlock,
  natsUsers,
  waitUntil,
  type TlsFiles,
} from '../../scripts/federation/harness.js';
import { allianceDirectory } from '../support/alliance-directory.js';
import { describe } from 'vitest';

/**
 * #12 item 4: the alliance's NATS with TLS (a CA generated for the test into a temporary folder) and one
 * NATS user per member, allowed to publish only under its own subjects: the configuration the local
 * federation (`npm run federation`) runs with. A real nats-server on a free loopback port.
 */
const fixture = allianceDirectory(['SECRETARIAT'], 'tahaluf-nats-tls-', 'tls');
const users = natsUsers(['SECRETARIAT', 'QAT', 'SAU'], 'ALLIANCE');

describe('alliance NATS over TLS with per-member users', () => {
  let server: ChildProcess;
  let port = 0;
  let tls: TlsFiles;
  const output: string[] = [];
  const as = (actor: string, withCa = true): Promise<NatsConnection> =>
    connect({
      servers: `127.0.0.1:${port}`,
      user: users[actor].user,
      pass: users[actor].password,
      ...(withCa ? { tls: { caFile: tls.caFile } } : {}),
      timeout: 5000,
    });

  beforeAll(async () => {
    tls = makeTlsFiles(join(fixture.dir, 'tls'));
    port = await freePort();
    const store = join(fixture.dir, 'js');
    mkdirSync(store);
    const conf = join(fixture.dir, 'server.conf');
    writeFileSync(
      conf,
      [
        `host: 127.0.0.1`,
        `port: ${port}`,
        `jetstream { store_dir: ${JSON.stringify(store)}, max_memory_store: 16MB, max_file_store: 64MB }`,
        natsAccountsConfig(users),
        natsTlsBlock(tls),
        '',
      ].join('\n'),
    );
    server = spawn(NATS_SERVER, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
    server.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
    await waitUntil(
      'nats-server with TLS',
      async () => {
        if (server.exitCode !== null) throw new Error(`nats-server exited: ${output.join('')}`);
        const nc = await as('SECRETARIAT').catch(() => null);
        await nc?.close();
        return nc ? true : null;
      },
      30_000,
    );
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGKILL');
      await exited;
    }
  });

  it('#12 a client that does not trust the alliance CA, or gives a wrong password, is refused', async () => {
    await expect(as('QAT', false)).rejects.toThrow();
    await expect(
      connect({
        servers: `127.0.0.1:${port}`,
        user: users.QAT.user,
        pass: 'wrong',
        tls: { caFile: tls.caFile },
        timeout: 5000,
      }),
    ).rejects.toThrow(/auth/i);
  });

  it('#12 a member publishes under its own subjects only: QAT cannot publish under SAU', async () => {
    const watcher = await as('ADMIN');
    const qat = await as('QAT');
    try {
      const seen: string[] = [];
      const sub = watcher.subscribe('alliance.>');
      void (async () => {
        for await (const m of sub) seen.push(m.subject);
      })();
      await watcher.flush();
      const errors: string[] = [];
      void (async () => {
        for await (const s of qat.status()) if (s.type === 'error') errors.push(String(s.error));
      })();
      // In order on one connection: the forbidden message would arrive before QAT's own.
      qat.publish('alliance.SAU.council.vote', '{}');
      qat.publish('alliance.QAT.council.vote', '{}');
      await qat.flush();
      await waitUntil('QAT own message seen', async () => (seen.length ? true : null), 10_000);
      expect(seen).toEqual(['alliance.QAT.council.vote']);
      await waitUntil(
        'permission error reported',
        async () => (errors.length ? true : null),
        10_000,
      );
      expect(errors.join('\n')).toMatch(/permissions violation.*alliance\.SAU\.council\.vote/i);
    } finally {
      await qat.close().catch(() => undefined);
      await watcher.close();
    }
  });

  it("#12 a node connects over TLS with its member's user (TAHALUF_ALLIANCE_TLS_CA) and creates the alliance stream", async () => {
    const node = await openTestNode({
      env: {
        TAHALUF_MODE: 'secretariat',
        TAHALUF_ALLIANCE_NATS: `nats://127.0.0.1:${port}`,
        TAHALUF_ALLIANCE_DIRECTORY: fixture.directoryFile,
        TAHALUF_ALLIANCE_USER: users.SECRETARIAT.user,
        TAHALUF_ALLIANCE_PASSWORD: users.SECRETARIAT.password,
        TAHALUF_ALLIANCE_TLS_CA: tls.caFile,
      },
      modules: [],
    });
    try {
      await node.alliance!.start();
      expect(node.alliance!.connected).toBe(true);
      expect(node.alliance!.config.tlsCaFile).toBe(tls.caFile);
    } finally {
      await node.alliance!.stop();
      await node.close();
    }
  });
});
