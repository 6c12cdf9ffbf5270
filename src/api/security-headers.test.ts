import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { useTestApp } from '../app/testing.js';
import { openStore } from '../store/database.js';

describe('#16.8 security headers', () => {
  const { app } = useTestApp();

  it('sends a strict CSP with frame-ancestors, nosniff and no HSTS over plain HTTP', async () => {
    for (const url of ['/api/health', '/api/states', '/no-such-page', '/api/tokens']) {
      const r = await app.inject(url);
      const csp = String(r.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("style-src 'self';");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options'], url).toBe('nosniff');
      expect(r.headers['strict-transport-security'], url).toBeUndefined();
    }
  });
});

describe('#16.8 HSTS when reached over HTTPS', () => {
  const { app } = useTestApp({ env: { TAHALUF_PUBLIC_URL: 'https://tahaluf.example.org' } });

  it('adds Strict-Transport-Security', async () => {
    const r = await app.inject('/api/health');
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

describe('#16.8 database files', () => {
  it('the SQLite file and its -wal and -shm files are 0600, even when the umask would give 0644', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tahaluf-perm-'));
    const previous = process.umask(0o022);
    try {
      const file = join(dir, 'data', 'tahaluf.sqlite');
      const store = await openStore({ sqliteFile: file });
      await sql`create table t (x integer)`.execute(store.db);
      await sql`insert into t values (1)`.execute(store.db);
      for (const f of [file, `${file}-wal`, `${file}-shm`])
        expect((statSync(f).mode & 0o777).toString(8), f).toBe('600');
      await store.close();
    } finally {
      process.umask(previous);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
