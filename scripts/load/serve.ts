// Child process of the load test (scripts/load/run.ts): serves a node configured from the environment (a
// temp data dir, loopback, port 0), creates one SECRET-cleared API token per member the load acts as, and
// prints `{"url":…,"tokens":{ISO3:token}}` on one line once it listens.
import { loadConfig } from '../../src/core/config.js';
import { startServer } from '../../src/api/server.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';

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
// The event loop's longest stall in each 5 s (to stderr when over 500 ms): a stalled loop reads no
// request, so neither answers nor 503s reach the clients and they time out.
const lag = monitorEventLoopDelay({ resolution: 20 });
lag.enable();
const lagTimer = setInterval(() => {
  const maxMs = lag.max / 1e6;
  if (maxMs > 500)
    process.stderr.write(
      `node: event loop stalled up to ${Math.round(maxMs)} ms in the last 5 s\n`,
    );
  lag.reset();
}, 5000);
lagTimer.unref();
// Memory every 15 s (to stderr): RSS alone cannot tell a leak (heap used keeps growing) from a heap that
// V8 lets grow because the node allocates fast (heap used flat, heap total and RSS high).
const mb = (n: number) => Math.round(n / 1048576);
const memoryTimer = setInterval(() => {
  const m = process.memoryUsage();
  process.stderr.write(
    `node: memory rss ${mb(m.rss)} MB, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB, array buffers ${mb(m.arrayBuffers)} MB\n`,
  );
}, 15_000);
memoryTimer.unref();
// What the node itself saw, printed on stderr when it stops: connections accepted, requests read,
// answers by status, and answers written to a client that had already gone (it timed out first).
const seen = { connections: 0, requests: 0, toClosed: 0, byStatus: {} as Record<number, number> };
server.app.server.on('connection', () => seen.connections++);
server.app.server.on('request', (req, res) => {
  seen.requests++;
  res.once('close', () => {
    if (!res.writableFinished || req.socket.destroyed) seen.toClosed++;
    seen.byStatus[res.statusCode] = (seen.byStatus[res.statusCode] ?? 0) + 1;
  });
});
const stop = () => {
  process.stderr.write(`node: saw ${JSON.stringify(seen)}\n`);
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
