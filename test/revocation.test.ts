import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore } from '../src/store/database.js';
import { dialectsUnderTest, TEST_PG_URL } from '../src/store/testing.js';
import { systemClock } from '../src/core/clock.js';
import { TOKEN_CACHE_TTL_MS, TokenStore, type TokenTables } from '../src/runtime/tokens.js';
import { ROOT, runCliAsync, tempDataDir } from './support/cli.js';
import { freeLoopbackPort, readFirstLine } from './support/processes.js';

const dialects = await dialectsUnderTest();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const dialect of dialects)
  describe(`#16.3 revocation on running nodes (${dialect})`, () => {
    const children: ChildProcess[] = [];
    const dataDir = tempDataDir();
    // Named like every test schema (t_<run>_…), so it is dropped with this run and no other run takes it for stale.
    const schema = `t_${process.env.TAHALUF_TEST_RUN ?? Date.now().toString(36)}_rev${randomBytes(5).toString('hex')}`;
    const env: Record<string, string> =
      dialect === 'postgres'
        ? { DATABASE_URL: TEST_PG_URL, TAHALUF_PG_SCHEMA: schema, TAHALUF_DATA_DIR: dataDir }
        : { DATABASE_URL: '', TAHALUF_DATA_DIR: dataDir };

    async function startNodeProcess(): Promise<string> {
      const port = await freeLoopbackPort();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'test/support/serve-node.ts')],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            CI: '',
            NATS_URL: '',
            LOG_LEVEL: 'error',
            PORT: String(port),
            HOST: '127.0.0.1',
            ...env,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      children.push(child);
      return (await readFirstLine(child, 180_000)).trim();
    }

    afterAll(async () => {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(
        children.map((c) =>
          c.exitCode === null ? new Promise((r) => c.once('exit', r)) : Promise.resolve(),
        ),
      );
      await rm(dataDir, { recursive: true, force: true });
    });

    it('#16.3 a revoked token, and a revoked console session (#13.12), stop working on every running node within a second (two node processes, one database)', async () => {
      // Two node processes on one database, started one after the other (migrations run once).
      const first = await startNodeProcess();
      const second = await startNodeProcess();
      const store = await openStore(
        dialect === 'postgres'
          ? { databaseUrl: TEST_PG_URL, pgSchema: schema, poolSize: 1 }
          : { sqliteFile: join(dataDir, 'tahaluf.sqlite') },
      );
      const tokens = new TokenStore(store.db.withTables<TokenTables>(), systemClock);
      const { token, id } = await tokens.create({ user: 'analyst', member: 'QAT', role: 'member' });
      // A console session (#13.12): the same row kind of revocation, carried in the session cookie.
      const session = await tokens.create({
        user: 'analyst',
        member: 'QAT',
        role: 'member',
        kind: 'session',
        source: 'oidc:test',
      });
      await store.close();
      const sessionWho = async (base: string) =>
        (
          (await (
            await fetch(`${base}/api/whoami`, {
              headers: { cookie: `tahaluf_session=${session.token}` },
            })
          ).json()) as { role: string }
        ).role;
      expect(await sessionWho(first)).toBe('member');
      expect(await sessionWho(second)).toBe('member');
      const whoami = async (base: string) =>
        (await fetch(`${base}/api/whoami`, { headers: { authorization: `Bearer ${token}` } }))
          .status;
      // Both nodes know the token, and hold it in their caches now.
      expect(await whoami(first)).toBe(200);
      expect(await whoami(second)).toBe(200);

      // The operator revokes it with the CLI, a third process on the same database.
      const revoked = await runCliAsync(['token', 'revoke', id], env);
      expect(revoked.stdout, revoked.stderr).toContain(`revoked ${id}`);
      expect(revoked.status, revoked.stderr).toBe(0);
      // Once a cache lifetime has passed since the revocation, every node refuses it.
      await sleep(TOKEN_CACHE_TTL_MS + 100);
      expect(await whoami(first)).toBe(401);
      expect(await whoami(second)).toBe(401);

      const ended = await runCliAsync(['token', 'revoke', session.id], env);
      expect(ended.status, ended.stderr).toBe(0);
      await sleep(TOKEN_CACHE_TTL_MS + 100);
      expect(await sessionWho(first)).toBe('public');
      expect(await sessionWho(second)).toBe('public');
    }, 400_000);
  });
