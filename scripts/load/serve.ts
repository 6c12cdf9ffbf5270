// Child process of the load test (scripts/load/run.ts): serves a node configured from the environment (a
// temp data dir, loopback, port 0), creates one SECRET-cleared API token per member the load acts as, and
// prints `{"url":…,"tokens":{ISO3:token}}` on one line once it listens.
import { loadConfig } from '../../src/core/config.js';
import { startServer } from '../../src/api/server.js';

const members = (process.env.LOAD_MEMBERS ?? 'QAT,SAU,ARE,KWT,OMN,BHR').split(',');
const server = await startServer(loadConfig(), { seedModules: 'if-new' }, { webDir: null });
const tokens: Record<string, string> = {};
for (const member of members)
  tokens[member] = (
    await server.node.tokens.create({
      user: `load-${member.toLowerCase()}`,
      member,
      role: 'member',
      clearance: 'SECRET',
    })
  ).token;
process.stdout.write(`${JSON.stringify({ url: server.url.replace(/\/$/, ''), tokens })}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
