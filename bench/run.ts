// `npm run bench [-- name …]`: runs bench/<name>.bench.ts (all by default) and writes their sections
// into docs/benchmarks.md between markers, so one benchmark can be re-run without losing the others.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const out = join(dir, '..', 'docs', 'benchmarks.md');
const wanted = process.argv.slice(2);
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}`;
const HEADER = `# Benchmarks\n\nProduced by \`npm run bench\` (\`bench/run.ts\` runs every \`bench/*.bench.ts\`; \`npm run bench -- NAME\` re-runs one section).\nEach section says what was measured, how, and against which peer or physical limit.\n`;
/** The report as it is now: read again before each write, so a section written meanwhile by another run stays. */
function currentDoc(): string {
  const doc = existsSync(out) ? readFileSync(out, 'utf8') : '';
  return doc.startsWith('# Benchmarks') ? doc : HEADER;
}

for (const name of names) {
  process.stderr.write(`bench: ${name}…\n`);
  const started = Date.now();
  const mod = (await import(pathToFileURL(join(dir, `${name}.bench.ts`)).href)) as {
    default: () => Promise<string>;
  };
  let body: string;
  try {
    body = await mod.default();
  } catch (err) {
    body = `**This benchmark failed to run:** ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
    process.exitCode = 1;
  }
  const section = `<!-- bench:${name} -->\n${body.trim()}\n\n_Run ${new Date().toISOString().slice(0, 16)}Z on ${machine}; took ${((Date.now() - started) / 1000).toFixed(1)} s._\n<!-- /bench:${name} -->`;
  const re = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  const doc = currentDoc();
  writeFileSync(out, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
  process.stderr.write(`bench: ${name} done\n`);
}
process.stderr.write(`bench: wrote ${out}\n`);
