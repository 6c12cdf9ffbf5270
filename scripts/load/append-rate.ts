// Child process of the load test: the record's own append rate on this machine, now. Opens a node on the
// data dir of the environment (SQLite file, synchronous=FULL, as the served node) with no modules and
// appends signed acts one after another for LOAD_APPEND_SECONDS (default 5); prints `{"acts":N,"seconds":S}`.
import { loadConfig } from '../../src/core/config.js';
import { openNode } from '../../src/app/node.js';

const seconds = Number(process.env.LOAD_APPEND_SECONDS ?? '5');
const node = await openNode(loadConfig(), { seedModules: false, modules: [] });
const actors = ['QAT', 'SAU', 'ARE', 'KWT', 'OMN', 'BHR'];
await node.record.append({ actor: 'QAT', type: 'load.warmup', payload: {} });
const start = performance.now();
let acts = 0;
// Bounded by time and by count.
while (performance.now() - start < seconds * 1000 && acts < 1_000_000) {
  await node.record.append({
    actor: actors[acts % actors.length],
    type: 'load.append',
    subject: 'load',
    payload: { i: acts, text: 'position recorded for the load test' },
  });
  acts++;
}
const elapsed = (performance.now() - start) / 1000;
await node.close();
process.stdout.write(`${JSON.stringify({ acts, seconds: elapsed })}\n`);
