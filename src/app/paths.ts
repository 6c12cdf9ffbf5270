import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The package root, whether running from src/ (tsx, vitest) or dist/ (built). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SEED_DIR = join(PACKAGE_ROOT, 'data', 'seed');
export const WEB_DIST = join(PACKAGE_ROOT, 'dist', 'web');
