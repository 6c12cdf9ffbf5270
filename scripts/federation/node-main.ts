/**
 * One node of the local federation (scripts/local-federation.ts, test/federation/*.slow.test.ts): serves the
 * API (and the console when built) like `tahaluf start`, and writes an operator token for the node's own
 * member (or the secretariat) to <data>/secrets/operator-token on first start.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/core/config.js';

const config = loadConfig();
// FEDERATION_WEB_DIR: the console build to serve (a browser test's own build); default dist/web.
const server = await startServer(
  config,
  { seedModules: 'if-new' },
  { webDir: process.env.FEDERATION_WEB_DIR || undefined },
);
const tokenFile = join(config.dataDir, 'secrets', 'operator-token');
if (!existsSync(tokenFile)) {
  const member = config.mode === 'national' ? config.nodeMember : null;
  const { token } = await server.node.tokens.create({
    user: `${(member ?? 'secretariat').toLowerCase()}-operator`,
    member,
    role: member ? 'member' : 'secretariat',
    clearance: 'SECRET',
  });
  mkdirSync(join(config.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
}
console.log(`node ${config.nodeMember ?? 'SECRETARIAT'} serving at ${server.url}`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
