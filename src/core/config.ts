import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isOneOf } from './objects.js';

/** What a node is: the alliance's secretariat, or one member's national node. */
export const NODE_MODES = ['secretariat', 'national'] as const;
export type NodeMode = (typeof NODE_MODES)[number];

/**
 * TAHALUF_MODE read through the vocabulary: a bad value is a problem naming the value given (the node
 * refuses to start), and the rest of the configuration is read as for a secretariat meanwhile.
 */
function parseMode(given: string, problems: string[]): NodeMode {
  if (isOneOf(NODE_MODES, given)) return given;
  problems.push(`TAHALUF_MODE must be 'secretariat' or 'national', not '${given}'`);
  return 'secretariat';
}

export interface Config {
  port: number;
  host: string;
  /** Folder for the SQLite file, member keys and secrets. */
  dataDir: string;
  /** postgres://… to use PostgreSQL; unset means the embedded SQLite file under dataDir. */
  databaseUrl: string | null;
  /** PostgreSQL schema for this node's tables (TAHALUF_PG_SCHEMA; created if missing); null: the default. */
  pgSchema: string | null;
  /** nats://… to use NATS JetStream; unset means the in-process bus. */
  natsUrl: string | null;
  /** 'secretariat' hosts every member's identity (the embedded default); 'national' hosts one member. */
  mode: NodeMode;
  /** For mode 'national': the member this node speaks for. */
  nodeMember: string | null;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /**
   * Console demo login (act as a member state, never the secretariat): off unless TAHALUF_DEMO_LOGIN=1,
   * and honoured only from loopback, with Host and Origin matching a loopback `publicUrl`.
   */
  demoLogin: boolean;
  /**
   * The URL clients reach this node at (TAHALUF_PUBLIC_URL, default http(s)://localhost:PORT), without a
   * trailing slash. Links (TAXII discovery, Atom feeds, the sign-in link) are built from it, never from
   * the Host header.
   */
  publicUrl: string;
  /**
   * OpenID Connect sign-in (TAHALUF_OIDC_CONFIG): a JSON file listing the identity providers whose users may
   * sign in to the console, and how their claims map to a member, a role and a clearance (docs/sign-in.md).
   * Null: no OIDC sign-in.
   */
  oidcConfigFile: string | null;
  /**
   * Console session cookies carry `Secure` (and the `__Host-` name prefix): on when the node serves TLS, its
   * public URL is https, or NODE_ENV=production; TAHALUF_SECURE_COOKIES=1/0 overrides.
   */
  secureCookies: boolean;
  /** Lifetime of an API token when its creator gives none (TAHALUF_TOKEN_DAYS, default 90). */
  tokenDays: number;
  /** A request (headers and body) must arrive within this many ms, else the connection is closed. */
  requestTimeoutMs: number;
  /** TAHALUF_WEBHOOKS_DEV=1: CAP webhooks may use plain http and private/loopback targets (development). */
  webhooksDevelopment: boolean;
  /** Most requests handled at once; more are answered 503 + Retry-After (TAHALUF_MAX_IN_FLIGHT). */
  maxInFlight: number;
  /**
   * Connections the kernel holds for the node until it accepts them (listen backlog, TAHALUF_LISTEN_BACKLOG,
   * default 4096; Linux caps it at net.core.somaxconn). Node's own default, 511, was too short: at 1,000
   * connections the kernel dropped the rest of the handshakes (ListenOverflows), their clients retried
   * after 1, 3, 7 s… and timed out without ever reaching the node, so they were never even answered 503.
   */
  listenBacklog: number;
  /**
   * Answer latency the node aims for (TAHALUF_TARGET_LATENCY_MS, default 500): the in-flight limit
   * shrinks when answers come later than this while the node is crowded, and grows back when in time.
   */
  targetLatencyMs: number;
  /** A write not started this many ms after its request arrived is answered 503 (TAHALUF_MAX_QUEUE_MS). */
  maxQueueMs: number;
  /**
   * Requests started per turn of the event loop (TAHALUF_REQUESTS_PER_TURN, default 8, 0 = no limit); the
   * others wait their turn in arrival order, so that the node keeps accepting connections under load
   * (api/turn-queue.ts).
   */
  requestsPerTurn: number;
  /**
   * A request that waited longer than this for its turn is answered 503 + Retry-After at its turn
   * (TAHALUF_MAX_TURN_WAIT_MS; default min(TAHALUF_MAX_QUEUE_MS, 1.5 × TAHALUF_TARGET_LATENCY_MS), 750 ms:
   * the 503 counts in the client's latency, so the wait, a turn and the answer must fit in a second).
   */
  maxTurnWaitMs: number;
  /**
   * While the event loop runs later than this (ms, its longest delay in the last quarter second), requests
   * are answered 503 + Retry-After at their turn instead of being started (TAHALUF_MAX_EVENT_LOOP_DELAY_MS,
   * 0 = off; needs the turns of TAHALUF_REQUESTS_PER_TURN).
   */
  maxEventLoopDelayMs: number;
  /** Failed authentications per client address per minute before answering 429. */
  authFailuresPerMinute: number;
  /**
   * Per-principal rate limits (a member's users share their member's budget, a secretariat token has its
   * own, the public is counted per client address): reads and writes per window, 0 meaning unlimited.
   */
  rateLimits: { readsPerWindow: number; writesPerWindow: number; windowMs: number };
  logLevel: string;
  /**
   * Serve HTTPS with this PEM certificate (chain) and private key (TAHALUF_TLS_CERT / TAHALUF_TLS_KEY).
   * TAXII 2.1 requires HTTPS; without them the node serves plain HTTP for a TLS-terminating proxy.
   */
  tls: { certFile: string; keyFile: string } | null;
  /**
   * The alliance log (TAHALUF_ALLIANCE_NATS and TAHALUF_ALLIANCE_DIRECTORY): council acts travel between
   * nodes on a NATS JetStream stream, each node holding only its own key. Null: a standalone node.
   */
  alliance: {
    servers: string[];
    directoryFile: string;
    stream: string;
    subjectPrefix: string;
    replicas: number;
    /** NATS user of this member (its permissions confine it to its own subjects); null: no authentication. */
    user: string | null;
    password: string | null;
    /** CA of the NATS servers' certificates (TAHALUF_ALLIANCE_TLS_CA): the connection then requires TLS. */
    tlsCaFile: string | null;
    /**
     * This member's client certificate and key for mutual TLS (TAHALUF_ALLIANCE_TLS_CERT and
     * TAHALUF_ALLIANCE_TLS_KEY, PEM files; both or neither): shown to servers that ask clients for one.
     */
    tlsCertFile: string | null;
    tlsKeyFile: string | null;
  } | null;
}

/**
 * Whether this node signs for members other than its own: only the embedded secretariat node that is not
 * part of a federation (the demo: every member's key in one process, and the illustrative replays).
 */
export const holdsMemberKeys = (config: Config): boolean =>
  config.mode === 'secretariat' && config.alliance === null;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

/** Builds the one config object from the environment; fails listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got '${raw}'`);
      return dflt;
    }
    return n;
  };
  const targetLatencyMs = int('TAHALUF_TARGET_LATENCY_MS', 500, 10, 600_000);
  const maxQueueMs = int('TAHALUF_MAX_QUEUE_MS', 2000, 100, 3_600_000);
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push(`DATABASE_URL must start with postgres:// or postgresql://`);
  const natsUrl = env.NATS_URL || null;
  if (natsUrl && !/^(nats|tls):\/\/|^[\w.-]+:\d+$/.test(natsUrl))
    problems.push(`NATS_URL must look like nats://host:4222`);
  const mode = parseMode(env.TAHALUF_MODE || 'secretariat', problems);
  const nodeMember = env.TAHALUF_MEMBER || null;
  if (mode === 'national' && !(nodeMember && /^[A-Z]{3}$/.test(nodeMember)))
    problems.push(`TAHALUF_MEMBER must be an ISO 3166 alpha-3 code when TAHALUF_MODE=national`);
  const certFile = env.TAHALUF_TLS_CERT || null;
  const keyFile = env.TAHALUF_TLS_KEY || null;
  if (!certFile !== !keyFile)
    problems.push(
      'TAHALUF_TLS_CERT and TAHALUF_TLS_KEY go together: set both (HTTPS) or neither (HTTP)',
    );
  for (const [name, file] of [
    ['TAHALUF_TLS_CERT', certFile],
    ['TAHALUF_TLS_KEY', keyFile],
  ] as const)
    if (file && !existsSync(file)) problems.push(`${name}: no file at ${resolve(file)}`);
  const pgSchema = env.TAHALUF_PG_SCHEMA || null;
  if (pgSchema && !/^[a-z_][a-z0-9_]*$/.test(pgSchema))
    problems.push('TAHALUF_PG_SCHEMA must be a lower-case SQL name (letters, digits, _)');
  let alliance: Config['alliance'] = null;
  const allianceNats = env.TAHALUF_ALLIANCE_NATS || null;
  const directoryFile = env.TAHALUF_ALLIANCE_DIRECTORY || null;
  if (allianceNats || directoryFile) {
    const servers = (allianceNats ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (!servers.length || servers.some((s) => !/^(nats|tls):\/\/[\w.:[\]-]+:\d+$/.test(s)))
      problems.push(
        'TAHALUF_ALLIANCE_NATS must list the alliance NATS servers, comma-separated: nats://host:4222,…',
      );
    if (!directoryFile)
      problems.push('TAHALUF_ALLIANCE_DIRECTORY must name the alliance key directory file (JSON)');
    else if (!existsSync(directoryFile))
      problems.push(`TAHALUF_ALLIANCE_DIRECTORY: no file at ${resolve(directoryFile)}`);
    const stream = env.TAHALUF_ALLIANCE_STREAM || 'ALLIANCE';
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(stream))
      problems.push('TAHALUF_ALLIANCE_STREAM must be a stream name (letters, digits, _ or -)');
    const subjectPrefix = env.TAHALUF_ALLIANCE_SUBJECT || 'alliance';
    if (!/^[a-z][a-z0-9_-]{0,40}$/.test(subjectPrefix))
      problems.push('TAHALUF_ALLIANCE_SUBJECT must be one lower-case subject token');
    alliance = {
      servers,
      directoryFile: resolve(directoryFile ?? '.'),
      stream,
      subjectPrefix,
      replicas: int('TAHALUF_ALLIANCE_REPLICAS', 1, 1, 5),
      user: env.TAHALUF_ALLIANCE_USER || null,
      password: env.TAHALUF_ALLIANCE_PASSWORD || null,
      tlsCaFile: env.TAHALUF_ALLIANCE_TLS_CA ? resolve(env.TAHALUF_ALLIANCE_TLS_CA) : null,
      tlsCertFile: env.TAHALUF_ALLIANCE_TLS_CERT ? resolve(env.TAHALUF_ALLIANCE_TLS_CERT) : null,
      tlsKeyFile: env.TAHALUF_ALLIANCE_TLS_KEY ? resolve(env.TAHALUF_ALLIANCE_TLS_KEY) : null,
    };
    if (!alliance.tlsCertFile !== !alliance.tlsKeyFile)
      problems.push(
        'TAHALUF_ALLIANCE_TLS_CERT and TAHALUF_ALLIANCE_TLS_KEY go together: set both or neither',
      );
    if (!alliance.user !== !alliance.password)
      problems.push(
        'TAHALUF_ALLIANCE_USER and TAHALUF_ALLIANCE_PASSWORD go together: set both or neither',
      );
  }
  const demoRaw = env.TAHALUF_DEMO_LOGIN ?? '';
  if (!['', '0', '1'].includes(demoRaw))
    problems.push(`TAHALUF_DEMO_LOGIN must be 1 (on) or 0 (off, the default), got '${demoRaw}'`);
  const oidcConfigFile = env.TAHALUF_OIDC_CONFIG || null;
  if (oidcConfigFile && !existsSync(oidcConfigFile))
    problems.push(`TAHALUF_OIDC_CONFIG: no file at ${resolve(oidcConfigFile)}`);
  const secureRaw = env.TAHALUF_SECURE_COOKIES ?? '';
  if (!['', '0', '1'].includes(secureRaw))
    problems.push(`TAHALUF_SECURE_COOKIES must be 1 or 0, got '${secureRaw}'`);
  const port = int('PORT', 8080, 0, 65535);
  const publicUrl = parsePublicUrl(
    env.TAHALUF_PUBLIC_URL || `${certFile ? 'https' : 'http'}://localhost:${port}`,
    problems,
  );
  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.TAHALUF_DATA_DIR || './data'),
    databaseUrl,
    pgSchema,
    natsUrl,
    mode,
    nodeMember,
    bodyLimit: int('TAHALUF_BODY_LIMIT', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    demoLogin: demoRaw === '1',
    publicUrl,
    oidcConfigFile: oidcConfigFile ? resolve(oidcConfigFile) : null,
    secureCookies:
      secureRaw === ''
        ? !!certFile || publicUrl.startsWith('https:') || env.NODE_ENV === 'production'
        : secureRaw === '1',
    tokenDays: int('TAHALUF_TOKEN_DAYS', 90, 1, 3650),
    webhooksDevelopment: env.TAHALUF_WEBHOOKS_DEV === '1',
    maxInFlight: int('TAHALUF_MAX_IN_FLIGHT', 256, 1, 100_000),
    listenBacklog: int('TAHALUF_LISTEN_BACKLOG', 4096, 1, 65_535),
    targetLatencyMs,
    maxQueueMs,
    requestsPerTurn: int('TAHALUF_REQUESTS_PER_TURN', 8, 0, 100_000),
    maxTurnWaitMs: int(
      'TAHALUF_MAX_TURN_WAIT_MS',
      Math.min(maxQueueMs, Math.round(1.5 * targetLatencyMs)),
      1,
      3_600_000,
    ),
    maxEventLoopDelayMs: int('TAHALUF_MAX_EVENT_LOOP_DELAY_MS', 0, 0, 600_000),
    requestTimeoutMs: int('TAHALUF_REQUEST_TIMEOUT_MS', 30_000, 1000, 3_600_000),
    authFailuresPerMinute: int('TAHALUF_AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    rateLimits: {
      readsPerWindow: int('TAHALUF_RATE_LIMIT_READS', 3000, 0, 100_000_000),
      writesPerWindow: int('TAHALUF_RATE_LIMIT_WRITES', 600, 0, 100_000_000),
      windowMs: int('TAHALUF_RATE_LIMIT_WINDOW_S', 60, 1, 86_400) * 1000,
    },
    logLevel: env.LOG_LEVEL || 'warn',
    tls: certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : null,
    alliance,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** An http(s) origin, optionally with a path prefix; returned without a trailing slash. */
function parsePublicUrl(raw: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`TAHALUF_PUBLIC_URL must be an absolute http(s) URL, got '${raw}'`);
    return 'http://localhost';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    problems.push(`TAHALUF_PUBLIC_URL must start with http:// or https://, got '${raw}'`);
  if (url.search || url.hash || url.username || url.password)
    problems.push('TAHALUF_PUBLIC_URL must carry no query, fragment or credentials');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
