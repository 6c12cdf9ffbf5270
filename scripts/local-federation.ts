/**
 * `npm run federation`: a local alliance on loopback for a newcomer to try. Three clustered nats-server
 * processes with JetStream (the alliance stream replicated R3), one secretariat node and four national
 * nodes (QAT, SAU, OMN, KWT), each with its own data folder, SQLite database and key. KWT joins the way a
 * new member would: its key is registered through the secretariat after the federation started.
 * Ctrl-C stops every process. Data stays under the folder printed (or FEDERATION_DIR).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRegistration } from '../src/federation/directory.js';
import { startFederation, waitUntil } from './federation/harness.js';

const baseDir = process.env.FEDERATION_DIR || mkdtempSync(join(tmpdir(), 'tahaluf-federation-'));
const firstHttpPort = Number(process.env.FEDERATION_PORT || 8100);
console.log(
  `local federation under ${baseDir}; starting 3 NATS servers and 5 nodes (a minute or two)…`,
);
const federation = await startFederation({
  baseDir,
  firstHttpPort,
  echo: process.env.FEDERATION_ECHO === '1',
  // Nodes reach the NATS servers over TLS (a CA made for this run) with their own member's NATS user.
  tls: true,
  nodes: [
    { actor: 'SECRETARIAT' },
    { actor: 'QAT' },
    { actor: 'SAU' },
    { actor: 'OMN' },
    { actor: 'KWT', pinned: false },
  ],
});
const stop = async () => {
  console.log('stopping the federation…');
  await federation.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

const { SECRETARIAT: sec, KWT: kwt } = federation.nodes;
const registration = makeRegistration(kwt.dataDir, 'KWT');
const registered = await sec.api<{ streamSeq: number }>(
  'POST',
  '/api/federation/keys',
  registration,
);
if (registered.status !== 201)
  throw new Error(`KWT's registration failed: ${JSON.stringify(registered.body)}`);
await waitUntil("every node to apply KWT's key registration", async () => {
  for (const node of Object.values(federation.nodes)) {
    const s = await node.api<{ lastStreamSeq: number }>('GET', '/api/federation/status');
    if (s.body.lastStreamSeq < registered.body.streamSeq) return false;
  }
  return true;
});

console.log('\nThe federation is up. NATS:', federation.nats.map((n) => n.url).join(', '));
for (const node of Object.values(federation.nodes))
  console.log(`  ${node.actor.padEnd(11)} ${node.url}/   sign in with the token: ${node.token()}`);
console.log(`
Try it: open QAT's console, Council, request consultations (or table a decision) in the GCC; open SAU's
console in another window and vote: the act is signed on SAU's node and appears on every node.
  curl ${federation.nodes.QAT.url}/api/federation/log      # the alliance log as QAT applied it
  curl ${sec.url}/api/federation/rejected                  # acts a node refused, with the reason
Ctrl-C stops everything.`);
