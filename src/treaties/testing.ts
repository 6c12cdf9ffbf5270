import { sharedPath } from '../../test/support/shared.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry } from '../registry/registry.js';
import { loadSeedData } from '../registry/seed.js';
import { parseAllianceLevel, parseMemberLevel } from './atop-csv.js';
import type { AtopData } from './model.js';

/** Test helpers: the seeded registry, and the ATOP files in the shared folder (tests only; never shipped). */
export const ATOP_TEST_DIR = process.env.TAHALUF_ATOP_DIR ?? sharedPath('data/atop');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const seededRegistry = (): Registry =>
  new Registry(loadSeedData(join(ROOT, 'data', 'seed')));

let atop: AtopData | undefined;
export function atop401(): AtopData {
  atop ??= {
    members: parseMemberLevel(
      readFileSync(join(ATOP_TEST_DIR, 'atop4_01_member_level.csv'), 'utf8'),
      'atop4_01_member_level.csv',
    ),
    alliances: parseAllianceLevel(
      readFileSync(join(ATOP_TEST_DIR, 'atop4_01_alliance_level.csv'), 'utf8'),
      'atop4_01_alliance_level.csv',
    ),
  };
  return atop;
}
