import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The workplace's shared folder (ATOP data, official schemas) beside the repository: `../shared`.
 * Tests read from it; the product never ships its files. Override with TAHALUF_SHARED_DIR.
 */
export const SHARED_DIR =
  process.env.TAHALUF_SHARED_DIR ??
  resolve(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared');

/**
 * A path under the shared folder that a test reads; throws at once, naming the file, when the folder
 * is not there (a plain clone), instead of an ENOENT deep inside the test.
 */
export function sharedPath(relative: string): string {
  const path = resolve(SHARED_DIR, relative);
  if (!existsSync(path))
    throw new Error(
      `this test reads ../shared/${relative} (${path}); clone the shared folder beside the repo ` +
        `(see README, "Tests") or set TAHALUF_SHARED_DIR`,
    );
  return path;
}
