// `npm run load [-- options]`: the node under load, on loopback only, bounded in time and connections.
//
// Starts a node (scripts/load/serve.ts, its own process, a temp data dir, SQLite file) and drives it with
// autocannon from this process: (a) public GETs, (b) council writes (opening procedures), (c) intel shares,
// each for --duration seconds at --connections connections; then measures the record's own append rate
// (scripts/load/append-rate.ts, a fresh temp data dir on the same disk) in the same run, and optionally
// a mixed soak recording the node's RSS. Prints a Markdown report. Rate limits are off on the node under
// load (one client at full speed is what is measured; they are tested in src/api/rate-limits.test.ts);
// load shedding (TAHALUF_MAX_IN_FLIGHT) stays at its default unless --max-in-flight is given.
//
//   --phases public,council,intel,append,soak   which to run (default: all but soak)
//   --connections 1000   --duration 20   --soak 180   --timeout 10 (client timeout, s)
//   --profile DIR        run the node with --cpu-prof, profile written to DIR when it stops
//   --max-in-flight N    TAHALUF_MAX_IN_FLIGHT of the node
//   --requests-per-turn N  TAHALUF_REQUESTS_PER_TURN of the node (0: no limit, as before the turn queue)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}
const bounded = (name: string, dflt: number, max: number): number => {
  const n = Number(arg(name, String(dflt)));
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new Error(`--${name} must be a number from 1 to ${max}`);
  return n;
};
const phases = arg('phases', 'public,council,intel,append').split(',');
const connections = bounded('connections', 1000, 5000);
const duration = bounded('duration', 20, 120);
const soakSeconds = bounded('soak', 180, 600);
const timeout = bounded('timeout', 10, 60);
const profileDir = arg('profile', '');
const maxInFlight = arg('max-in-flight', '');
const requestsPerTurn = arg('requests-per-turn', '');

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

interface Served {
  child: ChildProcess;
  url: string;
  tokens: Record<string, string>;
  dataDir: string;
}

function tsxChild(script: string, env: NodeJS.ProcessEnv, nodeFlags: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join(here, script)], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function firstLine(child: ChildProcess, what: string): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  try {
    for await (const line of lines) if (line.trim()) return line;
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`${what} stopped before answering`);
}

async function serve(): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tahaluf-load-'));
  const child = tsxChild(
    'serve.ts',
    {
      HOST: '127.0.0.1',
      PORT: '0',
      TAHALUF_DATA_DIR: dataDir,
      TAHALUF_RATE_LIMIT_READS: '0',
      TAHALUF_RATE_LIMIT_WRITES: '0',
      ...(maxInFlight ? { TAHALUF_MAX_IN_FLIGHT: maxInFlight } : {}),
      ...(requestsPerTurn ? { TAHALUF_REQUESTS_PER_TURN: requestsPerTurn } : {}),
    },
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const info = JSON.parse(await firstLine(child, 'the node')) as {
    url: string;
    tokens: Record<string, string>;
  };
  return { child, dataDir, ...info };
}

async function stop(s: Served): Promise<void> {
  const exited = new Promise<void>((resolve) => s.child.once('exit', () => resolve()));
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
  rmSync(s.dataDir, { recursive: true, force: true });
}

function rssMb(pid: number, field: 'VmRSS' | 'RssAnon' | 'RssFile' = 'VmRSS'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Row {
  phase: string;
  ok: number;
  okPerSecond: number;
  p50: number;
  p99: number;
  timeouts: number;
  errors: number;
  statuses: Record<string, number>;
  load: string;
}

type Req = autocannon.Request;

async function drive(
  phase: string,
  url: string,
  requests: Req[],
  seconds: number,
  conns: number,
): Promise<Row> {
  const result = await autocannon({
    url,
    connections: conns,
    duration: seconds,
    timeout,
    requests,
  });
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {}))
    statuses[code] = count ?? 0;
  const ok = Object.entries(statuses)
    .filter(([code]) => code.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  return {
    phase,
    ok,
    okPerSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    timeouts: result.timeouts ?? 0,
    errors: result.errors,
    statuses,
    load: load(),
  };
}

let counter = 0;
const members = ['QAT', 'SAU', 'ARE', 'KWT', 'OMN', 'BHR'];
const auth = (tokens: Record<string, string>) => {
  const m = members[counter++ % members.length];
  return { authorization: `Bearer ${tokens[m]}`, 'content-type': 'application/json' };
};

const publicGets = (): Req[] =>
  ['/api/states', '/api/alliances', '/api/alliances/gcc/members', '/api/record?limit=20'].map(
    (path) => ({ method: 'GET', path }),
  );

const councilOpen = (tokens: Record<string, string>): Req => ({
  method: 'POST',
  path: '/api/council/procedures',
  setupRequest: (req) => ({
    ...req,
    headers: auth(tokens),
    body: JSON.stringify({
      charterId: 'gcc',
      kind: 'decision',
      decisionType: 'statement',
      title: 'Solidarity statement',
      matter: `load-${counter}`,
    }),
  }),
});

const intelShare = (tokens: Record<string, string>): Req => ({
  method: 'POST',
  path: '/api/intel/share',
  setupRequest: (req) => ({
    ...req,
    headers: auth(tokens),
    body: JSON.stringify({
      collection: 'gcc',
      name: `Drone activity near the border ${counter}`,
      classification: 'CONFIDENTIAL',
      releasableTo: ['QAT', 'KWT', 'SAU'],
      tlp: 'amber',
    }),
  }),
});

async function appendRate(): Promise<{ perSecond: number; load: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tahaluf-append-'));
  try {
    const child = tsxChild('append-rate.ts', {
      TAHALUF_DATA_DIR: dataDir,
      LOAD_APPEND_SECONDS: '5',
    });
    const r = JSON.parse(await firstLine(child, 'the append loop')) as {
      acts: number;
      seconds: number;
    };
    return { perSecond: r.acts / r.seconds, load: load() };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number, d = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-GB', { maximumFractionDigits: d }) : String(n);

async function main(): Promise<void> {
  process.stderr.write(
    `load: ${cpus().length} CPUs, load average ${load()}; phases ${phases.join(',')}\n`,
  );
  const rows: Row[] = [];
  let append: { perSecond: number; load: string } | null = null;
  const rss: { t: number; mb: number }[] = [];
  const s = await serve();
  const started = Date.now();
  const sampler = setInterval(() => {
    try {
      rss.push({ t: (Date.now() - started) / 1000, mb: rssMb(s.child.pid!) });
    } catch {
      // the node has stopped
    }
  }, 5000);
  try {
    rss.push({ t: 0, mb: rssMb(s.child.pid!) });
    for (const phase of phases) {
      // The node must have finished what the last phase left queued: wait (at most 2 minutes) until a
      // public read is answered within a second.
      const t0 = Date.now();
      for (let i = 0; i < 120; i++) {
        const t = Date.now();
        const r = await fetch(`${s.url}/api/alliances/gcc/members`, {
          signal: AbortSignal.timeout(120_000),
        }).catch(() => null);
        if (r?.ok && Date.now() - t < 1000) break;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      process.stderr.write(
        `load: ${phase} (load average ${load()}; node idle again after ${Date.now() - t0} ms)…\n`,
      );
      if (phase === 'public')
        rows.push(await drive('public GETs', s.url, publicGets(), duration, connections));
      else if (phase === 'council')
        rows.push(
          await drive(
            'council: open procedure',
            s.url,
            [councilOpen(s.tokens)],
            duration,
            connections,
          ),
        );
      else if (phase === 'intel')
        rows.push(
          await drive('intel: share', s.url, [intelShare(s.tokens)], duration, connections),
        );
      else if (phase === 'append') append = await appendRate();
      else if (phase === 'soak') {
        const soakStart = rss.length;
        const anonStart = rssMb(s.child.pid!, 'RssAnon');
        const fileStart = rssMb(s.child.pid!, 'RssFile');
        rss.push({ t: (Date.now() - started) / 1000, mb: rssMb(s.child.pid!) });
        rows.push(
          await drive(
            `mixed soak ${soakSeconds} s`,
            s.url,
            [...publicGets(), councilOpen(s.tokens), intelShare(s.tokens)],
            soakSeconds,
            Math.min(connections, 100),
          ),
        );
        const soak = rss.slice(soakStart);
        // RSS counts the SQLite file's pages mapped by the node (PRAGMA mmap_size, 1 GiB): they grow with
        // the database and the kernel can drop them. The node's own memory is the anonymous part.
        process.stdout.write(
          `\nRSS split, start -> end of the soak: anonymous (heap, native) ${fmt(anonStart)} -> ${fmt(rssMb(s.child.pid!, 'RssAnon'))} MB, file-backed (the mapped database) ${fmt(fileStart)} -> ${fmt(rssMb(s.child.pid!, 'RssFile'))} MB\n`,
        );
        process.stdout.write(
          `\nRSS during the soak (MB, every 5 s): start ${fmt(soak[0].mb)}, max ${fmt(Math.max(...soak.map((r) => r.mb)))}, end ${fmt(rssMb(s.child.pid!))}; samples: ${soak.map((r) => fmt(r.mb)).join(' ')}\n`,
        );
      } else throw new Error(`unknown phase ${phase}`);
    }
  } finally {
    clearInterval(sampler);
    await stop(s);
  }
  process.stdout.write(
    `\n| phase | conns × s | 2xx/s | p50 ms | p99 ms | client timeouts | errors | statuses | load avg (1/5/15 min) after |\n|---|---|---|---|---|---|---|---|---|\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `| ${r.phase} | ${r.phase.startsWith('mixed') ? Math.min(connections, 100) : connections} × ${r.phase.startsWith('mixed') ? soakSeconds : duration} | ${fmt(r.okPerSecond)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.timeouts} | ${r.errors} | ${Object.entries(
        r.statuses,
      )
        .map(([c, n]) => `${c}: ${n}`)
        .join(', ')} | ${r.load} |\n`,
    );
  if (append) {
    process.stdout.write(
      `\nRecord alone (one writer, SQLite file, synchronous=FULL): ${fmt(append.perSecond)} signed acts/s (load ${append.load})\n`,
    );
    for (const r of rows.filter(
      (x) => !x.phase.startsWith('public') && !x.phase.startsWith('mixed'),
    ))
      process.stdout.write(
        `${r.phase}: ${fmt(r.okPerSecond)} acts/s = 1/${fmt(append.perSecond / r.okPerSecond, 1)} of the record's rate\n`,
      );
  }
  process.stdout.write(
    `\nRSS of the node (MB): ${rss.map((r) => `${fmt(r.t)}s ${fmt(r.mb)}`).join(', ')}\n`,
  );
}

await main();
