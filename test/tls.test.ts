import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/core/config.js';
import { createIntelModule } from '../src/intel/module.js';
import { TAXII_MEDIA } from '../src/intel/taxii/media.js';
import { startServer, type RunningServer } from '../src/api/server.js';

/** A throw-away self-signed certificate for localhost / 127.0.0.1, made with the machine's openssl. */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

function get(
  url: string,
  opts: {
    ca?: Buffer;
    headers?: Record<string, string>;
    minVersion?: 'TLSv1' | 'TLSv1.1';
    maxVersion?: 'TLSv1.1' | 'TLSv1.2';
    ciphers?: string;
  } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      { ...opts, timeout: 5000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

describe('HTTPS (TAHALUF_TLS_CERT / TAHALUF_TLS_KEY)', () => {
  let dir: string;
  let server: RunningServer;
  let ca: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tahaluf-tls-'));
    const { cert, key } = selfSigned(dir);
    ca = readFileSync(cert);
    const config = loadConfig({
      TAHALUF_DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      TAHALUF_TLS_CERT: cert,
      TAHALUF_TLS_KEY: key,
    });
    server = await startServer(
      config,
      {
        ephemeralKeys: true,
        seedModules: false,
        modules: [createIntelModule({ federationTickMs: 0 })],
      },
      { webDir: null },
    );
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API and TAXII over TLS, and TAXII discovery names https API roots', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await get(`${server.url}/api/health`, { ca });
    expect(health.status).toBe(200);
    const token = (
      await server.node.tokens.create({
        user: 'analyst',
        member: 'QAT',
        role: 'member',
        clearance: 'SECRET',
      })
    ).token;
    const disc = await get(`${server.url}/taxii2/`, {
      ca,
      headers: { authorization: `Bearer ${token}`, accept: TAXII_MEDIA },
    });
    expect(disc.status).toBe(200);
    const body = JSON.parse(disc.body) as { api_roots: string[] };
    expect(body.api_roots.every((r) => r.startsWith('https://'))).toBe(true);
  });

  it('refuses a client that does not trust the certificate, plain HTTP, and TLS older than 1.2', async () => {
    await expect(get(`${server.url}/api/health`)).rejects.toThrow(/self[- ]signed|certificate/i);
    const plain = server.url.replace('https:', 'http:');
    await expect(get(`${plain}/api/health`).then((r) => r.status)).rejects.toThrow();
    const old = await get(`${server.url}/api/health`, {
      ca,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
    }).catch((e: Error) => e.message);
    // The server's alert (number 70, protocol_version): it is the server that refuses TLS 1.1.
    expect(old).toMatch(/alert protocol version/);
  });

  it('#16.10 offers only forward-secret AEAD suites: static-RSA and CBC-SHA1 suites are refused', async () => {
    for (const ciphers of [
      'AES128-SHA',
      'AES256-GCM-SHA384',
      'ECDHE-ECDSA-AES128-SHA',
      'ECDHE-RSA-AES256-SHA',
    ]) {
      const refused = await get(`${server.url}/api/health`, {
        ca,
        ciphers,
        maxVersion: 'TLSv1.2',
      }).catch((e: Error) => e.message);
      expect(refused, ciphers).toMatch(/handshake failure|no ciphers|alert/i);
    }
    const modern = await get(`${server.url}/api/health`, {
      ca,
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256',
      maxVersion: 'TLSv1.2',
    });
    expect(modern.status).toBe(200);
  });

  it('configuration errors name the variable: one of the pair, or a file that is not there', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({ TAHALUF_TLS_CERT: join(dir, 'cert.pem') })).toEqual([
      'TAHALUF_TLS_CERT and TAHALUF_TLS_KEY go together: set both (HTTPS) or neither (HTTP)',
    ]);
    expect(
      problems({ TAHALUF_TLS_CERT: join(dir, 'cert.pem'), TAHALUF_TLS_KEY: join(dir, 'nope.pem') }),
    ).toEqual([`TAHALUF_TLS_KEY: no file at ${join(dir, 'nope.pem')}`]);
    expect(loadConfig({}).tls).toBeNull();
  });
});
