// Child process for the crash test: appends acts as fast as it can and prints each acknowledged seq.
import { loadConfig } from '../../src/core/config.js';
import { openNode } from '../../src/app/node.js';

const node = await openNode(loadConfig(), { seedModules: false, modules: [] });
for (let i = 0; ; i++) {
  const act = await node.record.append({
    actor: 'EGY',
    type: 'test.crash',
    payload: { i, pad: 'x'.repeat(200) },
  });
  process.stdout.write(`${act.seq}\n`);
}
