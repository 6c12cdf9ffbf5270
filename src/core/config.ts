import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Folder for the SQLite file, member keys and secrets. */
  dataDir: string;
  /** postgres://… to use PostgreSQL; unset means the embedded SQLite file under dataDir. */
  databaseUrl: string | null;
  /** nats://… to use NATS JetStream; unset means the in-process bus. */
  natsUrl: string | null;
  /** 'secretariat' hosts every member's identity (the embedded default); 'national' hosts one member. */
  mode: 'secretariat' | 'national';
  /** For mode 'national': the member this node speaks for. */
  nodeMember: string | null;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** Console demo login (pick a member) — honoured only from loopback addresses. */
  demoLogin: boolean;
  logLevel: string;
  /**
   * Serve HTTPS with this PEM certificate (chain) and private key (TAHALUF_TLS_CERT / TAHALUF_TLS_KEY).
   * TAXII 2.1 requires HTTPS; without them the node serves plain HTTP for a TLS-terminating proxy.
   */
  tls: { certFile: string; keyFile: string } | null;
}

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
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    problems.push(`DATABASE_URL must start with postgres:// or postgresql://`);
  const natsUrl = env.NATS_URL || null;
  if (natsUrl && !/^(nats|tls):\/\/|^[\w.-]+:\d+$/.test(natsUrl))
    problems.push(`NATS_URL must look like nats://host:4222`);
  const mode = (env.TAHALUF_MODE || 'secretariat') as Config['mode'];
  if (mode !== 'secretariat' && mode !== 'national')
    problems.push(`TAHALUF_MODE must be 'secretariat' or 'national'`);
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
  const config: Config = {
    port: int('PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.TAHALUF_DATA_DIR || './data'),
    databaseUrl,
    natsUrl,
    mode,
    nodeMember,
    bodyLimit: int('TAHALUF_BODY_LIMIT', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    demoLogin: (env.TAHALUF_DEMO_LOGIN ?? '1') !== '0',
    logLevel: env.LOG_LEVEL || 'warn',
    tls: certFile && keyFile ? { certFile: resolve(certFile), keyFile: resolve(keyFile) } : null,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
