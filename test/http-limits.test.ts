import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { rm } from 'node:fs/promises';
import { loadConfig } from '../src/core/config.js';
import { startServer, type RunningServer } from '../src/api/server.js';
import { tempDataDir } from './support/cli.js';

describe('#16.10 HTTP limits on a real server', () => {
  let server: RunningServer | undefined;
  const dataDir = tempDataDir();
  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        TAHALUF_DATA_DIR: dataDir,
        TAHALUF_REQUEST_TIMEOUT_MS: '2000',
      }),
      { ephemeralKeys: true, seedModules: false },
      { webDir: null },
    );
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('#16.10 a client that sends headers and part of a body, then stalls, is disconnected', async () => {
    const { port } = new URL(server!.url);
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.write(
      'POST /api/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user":',
    );
    // The server must close it (request timeout, checked by Node every 30 s at most); before, it never did.
    const closed = await new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 90_000);
    });
    socket.destroy();
    expect(closed).toBe(true);
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
  }, 120_000);

  it('#16.10 an 11 MB body is answered 413 on every write endpoint of the OpenAPI document and TAXII', async () => {
    const base = server!.url.replace(/\/$/, '');
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const { token } = await server!.node.tokens.create({
      user: 'probe',
      member: 'QAT',
      role: 'member',
      clearance: 'SECRET',
    });
    const big = Buffer.alloc(11 * 1024 * 1024, 0x61);
    const answers: string[] = [];
    const targets: { method: string; path: string; type: string }[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const method of Object.keys(ops))
        if (['post', 'put', 'patch', 'delete'].includes(method))
          targets.push({
            method: method.toUpperCase(),
            path: path.replace(/\{[^}]+\}/g, 'x'),
            type: path.startsWith('/taxii2')
              ? 'application/taxii+json;version=2.1'
              : 'application/json',
          });
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) {
      const status = await fetch(base + t.path, {
        method: t.method,
        body: big,
        headers: {
          'content-type': t.type,
          accept: t.type,
          authorization: `Bearer ${token}`,
        },
      }).then(
        (r) => String(r.status),
        (e: Error) => `connection error ${e.message}`,
      );
      answers.push(`${status} ${t.method} ${t.path}`);
    }
    expect(answers.filter((a) => !a.startsWith('413 '))).toEqual([]);
  }, 120_000);
});
