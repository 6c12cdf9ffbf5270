import { expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempDataDir } from '../support/cli.js';

it('tahaluf exercise list / run --cap-out', { timeout: 180_000 }, () => {
  const env = { TAHALUF_DATA_DIR: tempDataDir() };
  const list = runCli(['exercise', 'list'], env);
  expect(list.status).toBe(0);
  expect(list.stdout).toContain('regional-salvo');
  const out = mkdtempSync(join(tmpdir(), 'cap-out-'));
  const run = runCli(['exercise', 'run', 'single-short', '--seed', '2', '--cap-out', out], env);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/L1\s+300\s+minimum-energy/);
  expect(run.stdout).toContain('recall 100.0%');
  const files = readdirSync(out);
  expect(files.length).toBeGreaterThan(2);
  expect(readFileSync(join(out, files[0]), 'utf8')).toContain(
    'urn:oasis:names:tc:emergency:cap:1.2',
  );
  expect(runCli(['exercise', 'run', 'no-such-scenario'], env).status).not.toBe(0);
  const badSeed = runCli(['exercise', 'run', 'single-short', '--seed', 'abc'], env);
  expect(badSeed.status).not.toBe(0);
  expect(badSeed.stderr).toContain('--seed');
});

it(
  'tahaluf track: detections in, track states out (CV 2-D), bad lines reported',
  { timeout: 120_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'track-'));
    const cfg = join(dir, 'cfg.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        model: 'cv2',
        processNoise: { q: 0.01 },
        initiation: { m: 2, n: 3, velocitySigma: 50 },
      }),
    );
    const lines = Array.from({ length: 12 }, (_, t) =>
      JSON.stringify({
        sensor: 's',
        time: t,
        kind: 'pos',
        z: [10 * t, -5 * t],
        R: [
          [4, 0],
          [0, 4],
        ],
      }),
    );
    lines.splice(
      5,
      0,
      'not json',
      JSON.stringify({
        sensor: 's',
        time: 3,
        kind: 'pos',
        z: [NaN, 0],
        R: [
          [4, 0],
          [0, 4],
        ],
      }),
    );
    const r = runCli(
      ['track', '--config', cfg],
      { TAHALUF_DATA_DIR: tempDataDir() },
      lines.join('\n') + '\n',
    );
    expect(r.status, r.stderr).toBe(0);
    const states = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const last = states[states.length - 1];
    expect(last).toMatchObject({ track: 'T1', status: 'confirmed', time: 11 });
    expect(last.x[2]).toBeCloseTo(10, 0);
    expect(last.x[3]).toBeCloseTo(-5, 0);
    expect(r.stderr).toContain('rejected lines 2');
    // --filter overrides the file's filter: 'imm' needs the ballistic model, so this config is refused.
    const imm = runCli(
      ['track', '--config', cfg, '--filter', 'imm'],
      { TAHALUF_DATA_DIR: tempDataDir() },
      lines.join('\n') + '\n',
    );
    expect(imm.status).not.toBe(0);
    expect(imm.stderr).toContain("filter 'imm' needs model 'ballistic'");
  },
);
