import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestNode } from '../../src/app/testing.js';
import {
  makeTlsFiles,
  natsClientOptions,
  natsUsers,
  startNatsCluster,
  stopNatsCluster,
  waitUntil,
  type NatsServerHandle,
  type TlsFiles,
} from '../../scripts/federation/harness.js';
import { allianceDirectory } from '../support/alliance-directory.js';

/**
 * #12 item 4: the alliance's NATS with mutual TLS (a CA generated for the test into a temporary folder,
 * a client certificate per member) and one NATS user per member, allowed to publish only under its own
 * subjects: the configuration the local federation (`npm run federation`) runs with, started by the one
 * shared helper (`startNatsCluster`). A real nats-server on a free loopback port.
 */
const fixture = allianceDirectory(['SECRETARIAT'], 'tahaluf-nats-tls-', 'tls');
const users = natsUsers(['SECRETARIAT', 'QAT', 'SAU'], 'ALLIANCE');

describe('alliance NATS over mutual TLS with per-member users', () => {
  let servers: NatsServerHandle[] = [];
  let tls: TlsFiles;
  const as = (
    actor: string,
    opts: { withCa?: boolean; withCert?: boolean } = {},
  ): Promise<NatsConnection> =>
    connect(natsClientOptions({ nats: servers, users, tls }, actor, opts));

  beforeAll(async () => {
    tls = makeTlsFiles(join(fixture.dir, 'tls'), ['SECRETARIAT', 'QAT', 'SAU']);
    servers = await startNatsCluster({
      baseDir: fixture.dir,
      count: 1,
      users,
      tls,
      mutualTls: true,
      name: 'tls-accounts',
    });
  }, 60_000);
  afterAll(() => stopNatsCluster(servers));

  it('#12 a client that does not trust the alliance CA, shows no client certificate, or gives a wrong password, is refused', async () => {
    await expect(as('QAT', { withCa: false })).rejects.toThrow();
    // Mutual TLS: the right user and password without a certificate signed by the alliance CA.
    await expect(as('QAT', { withCert: false })).rejects.toThrow();
    await waitUntil(
      'the server to report the missing client certificate',
      async () => /client didn't provide a certificate/.test(servers[0].log.join('')),
      10_000,
    );
    await expect(
      connect({ ...natsClientOptions({ nats: servers, users, tls }, 'QAT'), pass: 'wrong' }),
    ).rejects.toThrow(/auth/i);
    // The same options with the certificate connect.
    const ok = await as('QAT');
    await ok.close();
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

  it("#12 a node connects over mutual TLS with its member's user and certificate (TAHALUF_ALLIANCE_TLS_CA/_CERT/_KEY) and creates the alliance stream", async () => {
    const node = await openTestNode({
      env: {
        TAHALUF_MODE: 'secretariat',
        TAHALUF_ALLIANCE_NATS: servers[0].url,
        TAHALUF_ALLIANCE_DIRECTORY: fixture.directoryFile,
        TAHALUF_ALLIANCE_USER: users.SECRETARIAT.user,
        TAHALUF_ALLIANCE_PASSWORD: users.SECRETARIAT.password,
        TAHALUF_ALLIANCE_TLS_CA: tls.caFile,
        TAHALUF_ALLIANCE_TLS_CERT: tls.clients.SECRETARIAT.certFile,
        TAHALUF_ALLIANCE_TLS_KEY: tls.clients.SECRETARIAT.keyFile,
      },
      modules: [],
    });
    try {
      await node.alliance!.start();
      expect(node.alliance!.connected).toBe(true);
      expect(node.alliance!.config.tlsCaFile).toBe(tls.caFile);
      expect(node.alliance!.config.tlsCertFile).toBe(tls.clients.SECRETARIAT.certFile);
    } finally {
      await node.alliance!.stop();
      await node.close();
    }
  });
});
