import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The workplace's shared folder (ATOP data, official schemas) beside the repository: `../shared`.
 * Tests read from it; the product never ships its files. Override with TAHALUF_SHARED_DIR.
 */
export const SHARED_DIR =
  process.env.TAHALUF_SHARED_DIR ??
  resolve(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared');
