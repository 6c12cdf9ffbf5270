import { expect, it } from 'vitest';
import { recordConsoleUrl } from '../../src/api/signin-link.js';
import { runCli, tempDataDir } from '../support/cli.js';

/**
 * `tahaluf token signin-link` prints a link to where the node serves its console: a node started with
 * `PORT=8092 npm start` notes its address, and the link printed afterwards in another terminal (without
 * PORT) goes there; before, it went to :8080, where nothing answered.
 */
it('signin-link follows the address the node started with, unless PORT or TAHALUF_PUBLIC_URL say otherwise', () => {
  const dir = tempDataDir();
  const env = { TAHALUF_DATA_DIR: dir, PORT: '', TAHALUF_PUBLIC_URL: '' };
  const link = (extra: Record<string, string> = {}) => {
    const r = runCli(['token', 'signin-link'], { ...env, ...extra });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim();
  };
  // No node has started here: the default address.
  expect(link()).toMatch(/^http:\/\/localhost:8080\/#signin=thf_tok_\S+$/);
  // What `tahaluf start` notes (src/cli/core-commands.ts calls recordConsoleUrl with the address it prints).
  recordConsoleUrl(dir, 'http://localhost:8092');
  expect(link()).toMatch(/^http:\/\/localhost:8092\/#signin=thf_tok_\S+$/);
  // The environment, read as the server reads it, wins over the note.
  expect(link({ PORT: '9001' })).toMatch(/^http:\/\/localhost:9001\/#signin=/);
  expect(link({ TAHALUF_PUBLIC_URL: 'http://127.0.0.1:7000' })).toMatch(
    /^http:\/\/127\.0\.0\.1:7000\/#signin=/,
  );
}, 300_000);
