// `node --import tsx scripts/load/profile-summary.ts FILE.cpuprofile [N]`: the functions with the most self
// time in a V8 CPU profile (as written by `npm run load -- --profile DIR`), and the share of idle time.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [N]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) =>
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
for (const [id, t] of self) {
  const f = byId.get(id)!.callFrame;
  const where = f.url
    ? `${f.url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${f.lineNumber + 1}`
    : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + t);
}
const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(top));
process.stdout.write(`total ${(total / 1e6).toFixed(1)} s sampled\n`);
for (const [k, t] of rows)
  process.stdout.write(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}\n`);
