import type { ChildProcess } from 'node:child_process';

/** A TCP port free on 127.0.0.1 at the time of asking (the federation harness's, one implementation). */
export { freePort as freeLoopbackPort } from '../../scripts/federation/harness.js';

/** The first line a child prints on stdout; rejects when it exits first or after `timeoutMs`. */
export function readFirstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      reject(new Error(`no output from child process within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout!.setEncoding('utf8');
    const onData = (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(buffered.slice(0, newline));
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child process exited (${code}) before printing a line`));
    });
  });
}
