import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../core/config.js';
import type { TahalufModule } from '../runtime/deps.js';
import { startServer, type RunningServer } from './server.js';
import { useTestApp } from '../app/testing.js';

describe('#16.6 load shedding: slots are released after injected requests too', () => {
  const { app } = useTestApp({ env: { TAHALUF_MAX_IN_FLIGHT: '3' } });

  it('300 sequential requests through a limit of 3 all succeed', async () => {
    for (let n = 0; n < 300; n++) expect((await app.inject('/api/states')).statusCode).toBe(200);
  });
});

describe('#16.6 load shedding', () => {
  let server: RunningServer | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'tahaluf-shed-'));
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow: TahalufModule = {
    name: 'slow',
    routes(app) {
      app.get('/api/test-slow', async () => {
        await gate;
        return { done: true };
      });
    },
  };
  beforeAll(async () => {
    server = await startServer(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        TAHALUF_DATA_DIR: dataDir,
        TAHALUF_MAX_IN_FLIGHT: '2',
      }),
      { ephemeralKeys: true, seedModules: false, modules: [slow] },
      { webDir: null },
    );
  }, 120_000);
  afterAll(async () => {
    release();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('#16.6 past the in-flight limit a request is answered 503 + Retry-After at once; health still answers', async () => {
    const base = server!.url.replace(/\/$/, '');
    const held = [fetch(`${base}/api/test-slow`), fetch(`${base}/api/test-slow`)];
    // Wait until both are inside the server (they hold the two slots).
    let shed: Response | undefined;
    for (let attempt = 0; attempt < 200 && !shed; attempt++) {
      const r = await fetch(`${base}/api/states`);
      if (r.status === 503) shed = r;
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(shed?.status).toBe(503);
    expect(shed?.headers.get('retry-after')).toBe('1');
    expect(((await shed!.json()) as { code: string }).code).toBe('overloaded');
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    release();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    // Slots are given back.
    expect((await fetch(`${base}/api/states`)).status).toBe(200);
  });
});
