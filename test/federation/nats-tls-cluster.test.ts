import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestNode, type TestNode } from '../../src/app/testing.js';
import { dayOf } from '../../src/core/dates.js';
import { envelopeSubject } from '../../src/federation/envelope.js';
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
 * #12 item 4 on a cluster: three real nats-server processes on loopback, clustered with JetStream (stream
 * R3), mutual TLS between clients and servers (a client certificate per member) and TLS on the cluster's
 * routes (a CA and certificates made for the test with openssl), started by the shared helper
 * (`startNatsCluster`), one NATS user per member allowed to publish only under its own subjects. Three nodes
 * (secretariat, QAT, SAU) each connect with their own member's user over TLS: QAT's credentials cannot put
 * an act under SAU's subjects (the server refuses it, no node ever sees it), and the nodes, each publishing
 * its own acts, reach the same final checkpoint.
 */
const ACTORS = ['SECRETARIAT', 'QAT', 'SAU'];
// The directory starts empty: the nodes' own keys are pinned once the nodes made them.
const fixture = allianceDirectory([], 'tahaluf-nats-tls-cluster-', 'tlsc');
// A key of SAU held by the test only, to sign the act QAT's connection tries to slip under SAU's subject.
const outsider = allianceDirectory(['SAU'], 'tahaluf-nats-tls-outsider-', 'tlso');
const users = natsUsers(ACTORS, 'ALLIANCE');

describe('alliance NATS cluster over TLS with per-member users', () => {
  let servers: NatsServerHandle[] = [];
  const nodes: TestNode[] = [];
  let tls: TlsFiles;

  beforeAll(async () => {
    tls = makeTlsFiles(join(fixture.dir, 'tls'), ACTORS);
    servers = await startNatsCluster({
      baseDir: fixture.dir,
      count: 3,
      users,
      tls,
      mutualTls: true,
      name: 'tls-cluster',
    });
    // Every node: its own member's user, the CA, all three servers, the stream on three replicas.
    const env = (actor: string) => ({
      TAHALUF_MODE: actor === 'SECRETARIAT' ? 'secretariat' : 'national',
      TAHALUF_MEMBER: actor === 'SECRETARIAT' ? '' : actor,
      TAHALUF_ALLIANCE_NATS: servers.map((s) => s.url).join(','),
      TAHALUF_ALLIANCE_DIRECTORY: fixture.directoryFile,
      TAHALUF_ALLIANCE_REPLICAS: '3',
      TAHALUF_ALLIANCE_USER: users[actor].user,
      TAHALUF_ALLIANCE_PASSWORD: users[actor].password,
      TAHALUF_ALLIANCE_TLS_CA: tls.caFile,
      TAHALUF_ALLIANCE_TLS_CERT: tls.clients[actor].certFile,
      TAHALUF_ALLIANCE_TLS_KEY: tls.clients[actor].keyFile,
    });
    for (const actor of ACTORS) nodes.push(await openTestNode({ env: env(actor), modules: [] }));
    // The directory pins the nodes' own keys (each node made its own; no node holds another's).
    const keys = await Promise.all(
      nodes.map(async (n, i) => ({
        actor: ACTORS[i],
        publicKey: (await n.keyring.keyFor(ACTORS[i])).publicKeyPem,
      })),
    );
    writeFileSync(fixture.directoryFile, JSON.stringify({ alliance: 'GCC', keys }));
    for (const n of nodes) await n.alliance!.loadDirectory();
    // The reloaded directory's quorum (2 of 3) replaces the empty directory's (1) that the nodes opened with;
    // before, a node called a checkpoint final on its own cosignature (the CI run of 20:51 on e4fec7d).
    for (const n of nodes) expect((await n.alliance!.tlog.summary()).quorum).toBe(2);
    // The secretariat's node creates the stream once the cluster has elected its JetStream leader.
    for (const n of nodes) await n.alliance!.start();
  }, 180_000);

  afterAll(async () => {
    for (const n of nodes) {
      await n.alliance?.stop();
      await n.close();
    }
    await stopNatsCluster(servers);
  });

  it("#12 QAT's credentials cannot publish under SAU's subjects; each node's own acts reach every node and all reach the same final checkpoint", async () => {
    const [sec, qat, sau] = nodes;
    for (const n of nodes) {
      expect(n.alliance!.connected).toBe(true);
      expect(n.alliance!.config.tlsCaFile).toBe(tls.caFile);
      expect(n.alliance!.config.user).toBe(users[n.alliance!.nodeActor].user);
    }

    // QAT's own user, over TLS, tries to put an act under SAU's subject: the server refuses it.
    const qatConn = await connect(natsClientOptions({ nats: servers, users, tls }, 'QAT'));
    const errors: string[] = [];
    void (async () => {
      for await (const s of qatConn.status()) if (s.type === 'error') errors.push(String(s.error));
    })();
    const today = dayOf(new Date());
    const forged = outsider.sign('SAU', 'registry.lifecycle.withdrawal', 'gcc/SAU', {
      kind: 'withdrawal',
      allianceId: 'gcc',
      state: 'SAU',
      date: today,
    });
    try {
      await expect(
        jetstream(qatConn).publish(
          envelopeSubject('alliance', 'SAU', forged.type),
          JSON.stringify(forged),
          { msgID: forged.id, timeout: 3000 },
        ),
      ).rejects.toThrow();
      await waitUntil('the server reports the violation', async () => errors.length > 0, 10_000);
      expect(errors.join('\n')).toMatch(/permissions violation.*alliance\.SAU\.registry/i);
    } finally {
      await qatConn.close();
    }

    // Each member acts on its own node, through its own connection.
    const qatAct = await qat.lifecycle.recordAct('QAT', {
      kind: 'withdrawal',
      allianceId: 'gcc',
      state: 'QAT',
      date: today,
    });
    const sauAct = await sau.lifecycle.recordAct('SAU', {
      kind: 'withdrawal',
      allianceId: 'gcc',
      state: 'SAU',
      date: today,
    });
    const last = Math.max(qatAct.seq, sauAct.seq);
    for (const n of nodes) {
      expect(await n.alliance!.waitFor(last, 60_000)).toBe(true);
      const entries = await n.alliance!.entries({ limit: 100 });
      // The refused act never reached the stream.
      expect(entries.map((e) => e.actId)).not.toContain(forged.id);
      // QAT's act was applied before SAU's was signed: that is the stream's order on every node.
      expect(entries.filter((e) => e.status === 'applied').map((e) => [e.actor, e.actId])).toEqual([
        ['QAT', qatAct.actId],
        ['SAU', sauAct.actId],
      ]);
    }

    // The same final checkpoint on every node, cosigned by a quorum of the three witnesses.
    const finals = await waitUntil(
      'the same final checkpoint on every node',
      async () => {
        const f = await Promise.all(nodes.map((n) => n.alliance!.tlog.summary()));
        const sizes = f.map((s) => s.final?.size ?? 0);
        const roots = new Set(f.map((s) => s.final?.rootHash));
        return sizes.every((s) => s === last) && roots.size === 1 ? f : null;
      },
      60_000,
    );
    for (const f of finals) {
      expect(f.final!.cosigners.length).toBeGreaterThanOrEqual(2);
      expect(f.warning).toBeNull();
    }
    expect((await sec.alliance!.verifyLog()).problems).toEqual([]);
    // The cluster's routes run over TLS: no server reported a route without it.
    // (The helper's TCP readiness probe leaves client-side `cid:` handshake errors; routes are `rid:`.)
    for (const s of servers) {
      expect(s.log.join('')).toMatch(/rid:\d+ - Route connection created/);
      expect(s.log.join('')).not.toMatch(/rid:\d+ - TLS[^\n]*handshake error/i);
    }
  }, 180_000);
});
