import { payloadFields } from '../record/act-catalogue.js';
import type { Deps, VerifyFinding } from '../runtime/deps.js';
import { hashAtop, loadAtop } from './repository.js';

/**
 * For `tahaluf verify`: the stored ATOP rows must hash to the SHA-256 recorded in the signed act of
 * the last import, so rows altered in the database after the import are detected.
 */
export async function verifyAtopImport(deps: Deps): Promise<VerifyFinding[]> {
  const acts = await deps.record.list({ type: 'treaties.atop_imported', limit: 100_000 });
  const last = acts.at(-1);
  const stored = await loadAtop(deps.store.db);
  if (!last) {
    const ok = stored.members.length === 0 && stored.alliances.length === 0;
    return [
      {
        module: 'treaties',
        ok,
        message: ok
          ? 'no ATOP import recorded and none stored'
          : 'ATOP rows are stored but no import act is recorded',
      },
    ];
  }
  const { sha256 } = payloadFields(last);
  const recorded = typeof sha256 === 'string' ? sha256 : undefined;
  const actual = hashAtop(stored);
  return [
    {
      module: 'treaties',
      ok: recorded === actual,
      actId: last.id,
      message:
        recorded === actual
          ? `ATOP rows (${stored.members.length} member, ${stored.alliances.length} alliance) match the import act's SHA-256`
          : `ATOP rows differ from the import act: recorded ${recorded?.slice(0, 16)}…, stored rows hash ${actual.slice(0, 16)}…`,
    },
  ];
}
