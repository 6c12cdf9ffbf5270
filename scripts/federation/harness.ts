/**
 * A federation on loopback: clustered `nats-server` processes with JetStream and Tahaluf node processes,
 * each with its own data folder and key. Used by `npm run federation` and the federation test. Every
 * wait is bounded; `stop()` kills every child process it started.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initNodeKey } from '../../src/federation/directory.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NATS_SERVER = process.env.NATS_SERVER_BIN || '/usr/sbin/nats-server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` every 250 ms until it returns a value, for at most `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(250);
  }
  throw new Error(
    `timed out waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
  );
}

interface Proc {
  name: string;
  child: ChildProcess | null;
  start(): void;
  log: string[];
}

function track(name: string, spawnIt: () => ChildProcess, echo: boolean): Proc {
  const proc: Proc = {
    name,
    child: null,
    log: [],
    start() {
      const child = spawnIt();
      proc.child = child;
      const keep = (chunk: Buffer) => {
        const text = chunk.toString();
        proc.log.push(text);
        if (proc.log.length > 200) proc.log.shift();
        if (echo)
          for (const line of text.split('\n')) if (line.trim()) console.log(`[${name}] ${line}`);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.on('exit', () => {
        if (proc.child === child) proc.child = null;
      });
    },
  };
  return proc;
}

async function killHard(proc: Proc): Promise<void> {
  const child = proc.child;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await Promise.race([exited, sleep(10_000)]);
  proc.child = null;
}

export interface NatsServerHandle extends Proc {
  url: string;
  port: number;
}

export interface NodeSpec {
  actor: string;
  /** PostgreSQL URL (a fresh schema is used) or null for SQLite. */
  databaseUrl?: string | null;
  /** PostgreSQL schema name (default: a new `fed_…` name). */
  pgSchema?: string;
  /** Pinned in the directory file (true) or registered later by a secretariat act (false). */
  pinned?: boolean;
}

export interface NodeHandle extends Proc {
  actor: string;
  url: string;
  dataDir: string;
  dialect: 'sqlite' | 'postgres';
  /** PostgreSQL schema of this node (null on SQLite). */
  schema: string | null;
  token(): string;
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export interface NatsUser {
  user: string;
  password: string;
}

/** PEM files of a CA made for this federation, the servers' certificate it signed and, for mutual TLS,
 * one client certificate per member node (its common name the actor, lower case). */
export interface TlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Client certificates by actor (mutual TLS); empty when the servers do not ask clients for one. */
  clients: Record<string, { certFile: string; keyFile: string }>;
}

/**
 * A throw-away CA and one certificate for the NATS servers on loopback (IP 127.0.0.1, localhost; server
 * and client use, so the cluster's routes use it too), made with `openssl` into `dir` (0700), and, for
 * mutual TLS, a client certificate for each of `clients` (CN = the actor, client use only). Valid two days.
 */
export function makeTlsFiles(dir: string, clients: string[] = []): TlsFiles {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (name: string) => join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=Tahaluf local alliance CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const issue = (name: string, subject: string, ext: string) => {
    run(['req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subject]);
    writeFileSync(f(`${name}.ext`), ext);
    run([
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f(`${name}.pem`),
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
    ]);
    return { certFile: f(`${name}.pem`), keyFile: f(`${name}.key`) };
  };
  const server = issue(
    'server',
    '/CN=127.0.0.1',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n',
  );
  const clientFiles = Object.fromEntries(
    clients.map((actor) => [
      actor,
      issue(
        `client-${actor.toLowerCase()}`,
        `/O=Tahaluf alliance/CN=${actor.toLowerCase()}`,
        'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n',
      ),
    ]),
  );
  return { caFile: f('ca.pem'), ...server, clients: clientFiles };
}

/**
 * The `tls {}` block of a nats-server configuration: for clients (with `verify`, a client must show a
 * certificate the CA signed: mutual TLS), or for a cluster's routes (the CA checks the other servers).
 */
export function natsTlsBlock(files: TlsFiles, routes = false, verifyClients = false): string {
  const q = JSON.stringify;
  const ca = routes || verifyClients ? `, ca_file: ${q(files.caFile)}` : '';
  const verify = !routes && verifyClients ? ', verify: true' : '';
  return `tls { cert_file: ${q(files.certFile)}, key_file: ${q(files.keyFile)}${ca}${verify}, timeout: 5 }`;
}

export interface NatsClusterOptions {
  /** Each server's folder is `<baseDir>/nats-<n>` (configuration and JetStream store). */
  baseDir: string;
  /** Servers (1: a single server, no cluster block). */
  count: number;
  /** The alliance's NATS users (`natsUsers`), written as one account with per-member permissions. */
  users: Record<string, NatsUser & { stream: string }>;
  /** TLS for clients and routes; null: plain TCP. */
  tls: TlsFiles | null;
  /** Clients must present a certificate signed by the CA (mutual TLS). */
  mutualTls?: boolean;
  /** Server names are `<name>-<n>` (default `alliance-nats`), the cluster is `<name>`. */
  name?: string;
  echo?: boolean;
}

/**
 * The alliance's NATS servers on loopback, each with JetStream, the alliance's account and per-member
 * users, TLS from clients (optionally mutual) and on the cluster's routes: the one configuration the local
 * federation, the federation tests and the benchmark run. Started; resolves when every server accepts
 * TCP connections.
 */
export async function startNatsCluster(opts: NatsClusterOptions): Promise<NatsServerHandle[]> {
  const name = opts.name ?? 'alliance-nats';
  const clientPorts = await Promise.all(Array.from({ length: opts.count }, freePort));
  const clusterPorts = await Promise.all(Array.from({ length: opts.count }, freePort));
  const accounts = natsAccountsConfig(opts.users);
  const tls = opts.tls;
  const servers = clientPorts.map((port, index) => {
    const dir = join(opts.baseDir, `nats-${index + 1}`);
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'server.conf');
    const routes = clusterPorts
      .filter((_, other) => other !== index)
      .map((p) => `nats-route://127.0.0.1:${p}`);
    const cluster =
      opts.count > 1
        ? [
            `cluster { name: ${name}, host: 127.0.0.1, port: ${clusterPorts[index]}, routes: [${routes.join(', ')}]${tls ? `, ${natsTlsBlock(tls, true)}` : ''} }`,
          ]
        : [];
    writeFileSync(
      conf,
      [
        `server_name: ${name}-${index + 1}`,
        `host: 127.0.0.1`,
        `port: ${port}`,
        `jetstream { store_dir: ${JSON.stringify(join(dir, 'js'))}, max_memory_store: 64MB, max_file_store: 1GB }`,
        accounts,
        ...(tls ? [natsTlsBlock(tls, false, opts.mutualTls ?? false)] : []),
        ...cluster,
        '',
      ].join('\n'),
    );
    const proc = track(
      `nats-${index + 1}`,
      () => spawn(NATS_SERVER, ['-c', conf]),
      opts.echo ?? false,
    );
    return Object.assign(proc, { url: `nats://127.0.0.1:${port}`, port });
  });
  for (const server of servers) server.start();
  try {
    for (const server of servers)
      await waitUntil(
        `${server.name} to accept connections`,
        async () => {
          if (!server.child)
            throw new Error(`${server.name} exited: ${server.log.join('').slice(-2000)}`);
          return canConnect(server.port);
        },
        30_000,
      );
  } catch (e) {
    await Promise.all(servers.map(killHard));
    throw e;
  }
  return servers;
}

/** SIGKILLs every server of a cluster `startNatsCluster` started, waiting for each to exit. */
export async function stopNatsCluster(servers: NatsServerHandle[]): Promise<void> {
  await Promise.all(servers.map(killHard));
}

/**
 * Options for `connect()` of @nats-io/transport-node as `actor` (its NATS user; over TLS with the CA and,
 * under mutual TLS, the actor's client certificate; `ADMIN` uses the secretariat's certificate).
 */
export function natsClientOptions(
  where: { nats: NatsServerHandle[]; users: Record<string, NatsUser>; tls: TlsFiles | null },
  actor: string,
  extra: { withCa?: boolean; withCert?: boolean } = {},
) {
  const cert = where.tls?.clients[actor] ?? where.tls?.clients.SECRETARIAT;
  const withCert = (extra.withCert ?? true) && cert;
  return {
    servers: where.nats.map((s) => s.url.replace('nats://', '')),
    user: where.users[actor].user,
    pass: where.users[actor].password,
    timeout: 5000,
    ...(where.tls && (extra.withCa ?? true)
      ? {
          tls: {
            caFile: where.tls.caFile,
            ...(withCert ? { certFile: cert.certFile, keyFile: cert.keyFile } : {}),
          },
        }
      : {}),
  };
}

export interface Federation {
  nats: NatsServerHandle[];
  /** The federation's CA and the servers' certificate, when it runs with TLS. */
  tls: TlsFiles | null;
  /** NATS users by actor, and `ADMIN` (the servers' operator: every permission). */
  users: Record<string, NatsUser>;
  nodes: Record<string, NodeHandle>;
  directoryFile: string;
  kill(proc: Proc): Promise<void>;
  restartNats(server: NatsServerHandle): Promise<void>;
  restartNode(node: NodeHandle): Promise<void>;
  stop(): Promise<void>;
}

export interface FederationOptions {
  baseDir: string;
  nodes: NodeSpec[];
  natsCount?: number;
  /** Print children's output (the local-federation script). */
  echo?: boolean;
  /** NATS with TLS (a CA made for the run, in `<baseDir>/tls`); nodes trust it via TAHALUF_ALLIANCE_TLS_CA. */
  tls?: boolean;
  /**
   * With `tls`: the servers require a client certificate signed by the CA (mutual TLS), one per member
   * node (TAHALUF_ALLIANCE_TLS_CERT / _KEY). Default true.
   */
  mutualTls?: boolean;
  streamName?: string;
  /** Fixed HTTP port of the first node (the others follow), e.g. 8100; default free ports. */
  firstHttpPort?: number;
  /** Extra environment for every node process (e.g. FEDERATION_WEB_DIR for a browser test's build). */
  nodeEnv?: Record<string, string>;
}

/** Starts the NATS cluster and the nodes; resolves when every node answers and is connected. */
export async function startFederation(opts: FederationOptions): Promise<Federation> {
  const natsCount = opts.natsCount ?? 3;
  const echo = opts.echo ?? false;
  const all: Proc[] = [];
  const stream = opts.streamName ?? 'ALLIANCE';
  const actors = opts.nodes.map((n) => n.actor);
  const users = natsUsers(actors, stream);
  const mutualTls = opts.tls ? (opts.mutualTls ?? true) : false;
  const tls = opts.tls ? makeTlsFiles(join(opts.baseDir, 'tls'), mutualTls ? actors : []) : null;
  const nats = await startNatsCluster({
    baseDir: opts.baseDir,
    count: natsCount,
    users,
    tls,
    mutualTls,
    echo,
  });
  all.push(...nats);

  const secretariat = opts.nodes.find((n) => n.actor === 'SECRETARIAT');
  if (!secretariat) throw new Error('a federation needs a SECRETARIAT node');
  const pinned: { actor: string; publicKey: string }[] = [];
  const nodes: Record<string, NodeHandle> = {};
  let nextPort = opts.firstHttpPort;
  for (const spec of opts.nodes) {
    const dataDir = join(opts.baseDir, `node-${spec.actor.toLowerCase()}`);
    mkdirSync(dataDir, { recursive: true });
    const key = initNodeKey(dataDir, spec.actor);
    if (spec.pinned ?? true) pinned.push({ actor: spec.actor, publicKey: key.publicKey });
    const port = nextPort ? nextPort++ : await freePort();
    const schema = spec.databaseUrl
      ? (spec.pgSchema ??
        `fed_${spec.actor.toLowerCase()}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`)
      : null;
    const env: Record<string, string> = {
      ...process.env,
      CI: '',
      NATS_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      // The address printed for a newcomer to open: the console's writes are checked against it (Origin).
      TAHALUF_PUBLIC_URL: `http://127.0.0.1:${port}`,
      TAHALUF_DATA_DIR: dataDir,
      TAHALUF_MODE: spec.actor === 'SECRETARIAT' ? 'secretariat' : 'national',
      TAHALUF_MEMBER: spec.actor === 'SECRETARIAT' ? '' : spec.actor,
      TAHALUF_ALLIANCE_NATS: nats.map((s) => s.url).join(','),
      TAHALUF_ALLIANCE_DIRECTORY: join(opts.baseDir, 'directory.json'),
      TAHALUF_ALLIANCE_REPLICAS: String(Math.min(3, natsCount)),
      TAHALUF_ALLIANCE_STREAM: stream,
      TAHALUF_ALLIANCE_USER: users[spec.actor].user,
      TAHALUF_ALLIANCE_PASSWORD: users[spec.actor].password,
      TAHALUF_ALLIANCE_TLS_CA: tls?.caFile ?? '',
      TAHALUF_ALLIANCE_TLS_CERT: tls?.clients[spec.actor]?.certFile ?? '',
      TAHALUF_ALLIANCE_TLS_KEY: tls?.clients[spec.actor]?.keyFile ?? '',
      DATABASE_URL: spec.databaseUrl ?? '',
      TAHALUF_PG_SCHEMA: schema ?? '',
      LOG_LEVEL: 'warn',
      ...opts.nodeEnv,
    };
    const proc = track(
      spec.actor,
      () =>
        spawn(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'scripts/federation/node-main.ts')],
          { cwd: ROOT, env },
        ),
      echo,
    );
    const url = `http://127.0.0.1:${port}`;
    let token: string | null = null;
    nodes[spec.actor] = Object.assign(proc, {
      actor: spec.actor,
      url,
      dataDir,
      dialect: spec.databaseUrl ? ('postgres' as const) : ('sqlite' as const),
      schema,
      token() {
        token ??= readFileSync(join(dataDir, 'secrets', 'operator-token'), 'utf8').trim();
        return token;
      },
      async api<T>(method: string, path: string, body?: unknown) {
        const res = await fetch(url + path, {
          method,
          headers: {
            authorization: `Bearer ${nodes[spec.actor].token()}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await res.text();
        return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
      },
    });
  }
  const directoryFile = join(opts.baseDir, 'directory.json');
  // A checkpoint of the alliance log cosigned by three of the five nodes is final.
  writeFileSync(
    directoryFile,
    JSON.stringify({ alliance: 'GCC', witnessQuorum: 3, keys: pinned }, null, 2) + '\n',
  );

  const ready = async (node: NodeHandle) =>
    waitUntil(
      `node ${node.actor} to serve and connect to the alliance`,
      async () => {
        if (!node.child)
          throw new Error(`node ${node.actor} exited: ${node.log.join('').slice(-2000)}`);
        const res = await fetch(`${node.url}/api/federation/status`, {
          signal: AbortSignal.timeout(5000),
        });
        return res.ok && ((await res.json()) as { connected: boolean }).connected;
      },
      180_000,
    );
  const federation: Federation = {
    nats,
    tls,
    users,
    nodes,
    directoryFile,
    kill: killHard,
    async restartNats(server) {
      await killHard(server);
      server.start();
      await waitUntil(
        `${server.name} to accept connections`,
        () => canConnect(server.port),
        30_000,
      );
    },
    async restartNode(node) {
      await killHard(node);
      node.start();
      await ready(node);
    },
    async stop() {
      await Promise.all(all.map((p) => killHard(p)));
    },
  };
  try {
    // The secretariat first (it creates the replicated stream), then the members in parallel.
    const sec = nodes.SECRETARIAT;
    sec.start();
    all.push(sec);
    await ready(sec);
    for (const spec of opts.nodes)
      if (spec.actor !== 'SECRETARIAT') {
        nodes[spec.actor].start();
        all.push(nodes[spec.actor]);
      }
    await Promise.all(Object.values(nodes).map(ready));
  } catch (e) {
    await federation.stop();
    throw e;
  }
  return federation;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}

/** One NATS user per member node (random passwords), and the operator's. */
export function natsUsers(
  actors: string[],
  stream: string,
): Record<string, NatsUser & { stream: string }> {
  const make = (name: string) => ({
    user: name.toLowerCase(),
    password: randomBytes(18).toString('base64url'),
    stream,
  });
  return Object.fromEntries([...actors, 'ADMIN'].map((a) => [a, make(a)]));
}

/**
 * One account for the alliance, one user per member: a member may publish acts only under its own
 * subjects (`alliance.<ISO3>.>`), cosigned checkpoints only as its own witness (`alliance-witness.<ISO3>`),
 * and use the JetStream API only to read the stream through its own
 * consumers. The secretariat may also create the stream; `ADMIN` (the servers' operator) may do anything.
 */
export function natsAccountsConfig(users: Record<string, NatsUser & { stream: string }>): string {
  const quote = (list: string[]) => list.map((x) => JSON.stringify(x)).join(', ');
  const entries = Object.entries(users).map(([actor, u]) => {
    if (actor === 'ADMIN')
      return `{ user: ${JSON.stringify(u.user)}, password: ${JSON.stringify(u.password)} }`;
    const api = [
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${u.stream}`,
      `$JS.API.CONSUMER.CREATE.${u.stream}`,
      `$JS.API.CONSUMER.CREATE.${u.stream}.>`,
      `$JS.API.CONSUMER.INFO.${u.stream}.>`,
      `$JS.API.CONSUMER.DELETE.${u.stream}.>`,
      `$JS.API.CONSUMER.MSG.NEXT.${u.stream}.>`,
      `$JS.ACK.${u.stream}.>`,
    ];
    if (actor === 'SECRETARIAT') api.push(`$JS.API.STREAM.CREATE.${u.stream}`);
    // Acts under its own subjects; its witness's cosigned checkpoints on its own witness subject.
    const publish = [`alliance.${actor}.>`, `alliance-witness.${actor}`, ...api];
    const subscribe = ['_INBOX.>', 'alliance-witness.*'];
    return `{ user: ${JSON.stringify(u.user)}, password: ${JSON.stringify(u.password)}, permissions: { publish: { allow: [${quote(publish)}] }, subscribe: { allow: [${quote(subscribe)}] } } }`;
  });
  return `accounts { ALLIANCE { jetstream: enabled, users: [\n  ${entries.join(',\n  ')}\n] } }`;
}
