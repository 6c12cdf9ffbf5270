import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { startServer, type RunningServer } from '../src/api/server.js';
import { ROOT, tempDataDir } from './support/cli.js';
import { freeLoopbackPort, readFirstLine } from './support/processes.js';

/** Starts the proxy script as its own process and returns its URL. */
async function startProxy(
  upstream: string,
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'test/support/reverse-proxy.mjs')], {
    env: { PATH: process.env.PATH, UPSTREAM: upstream, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return { url: (await readFirstLine(child, 30_000)).trim(), child };
}

describe('#16.1 demo login through a real same-host reverse proxy', () => {
  let server: RunningServer | undefined;
  const proxies: ChildProcess[] = [];
  const dataDir = tempDataDir();

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    server = await startServer(
      loadConfig({
        PORT: String(port),
        HOST: '127.0.0.1',
        TAHALUF_DATA_DIR: dataDir,
        TAHALUF_DEMO_LOGIN: '1',
        TAHALUF_PUBLIC_URL: `http://localhost:${port}`,
      }),
      { ephemeralKeys: true, seedModules: false },
      { webDir: null },
    );
  }, 120_000);
  afterAll(async () => {
    for (const p of proxies) p.kill('SIGTERM');
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const demoLogin = (base: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/auth/demo-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ member: 'QAT' }),
    });

  it('is refused through the proxy (every Host / header variant) while a direct local call works', async () => {
    const port = new URL(server!.url).port;
    const upstream = `http://127.0.0.1:${port}`;
    // Direct, as the console on this machine calls it (Host localhost:PORT): accepted.
    const direct = await demoLogin(`http://localhost:${port}`);
    expect(direct.status).toBe(200);

    const variants: Record<string, string>[] = [
      { HOST_MODE: 'pass' }, // client's Host (the proxy's own address) forwarded, X-Forwarded-For added
      { HOST_MODE: 'upstream' }, // Host rewritten to the upstream, X-Forwarded-For added
      { HOST_MODE: 'pass', FORWARD_HEADERS: '0' }, // no proxy headers at all: the Host gives it away
    ];
    for (const env of variants) {
      const proxy = await startProxy(upstream, env);
      proxies.push(proxy.child);
      // The proxy works: public reads go through.
      expect((await fetch(`${proxy.url}/api/health`)).status).toBe(200);
      const viaProxy = await demoLogin(proxy.url);
      expect(viaProxy.status, JSON.stringify(env)).toBe(403);
      const viaProxyAsBrowser = await demoLogin(proxy.url, { origin: proxy.url });
      expect(viaProxyAsBrowser.status, JSON.stringify(env)).toBe(403);
    }
  });
});
