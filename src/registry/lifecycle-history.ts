import type { LifecyclePayload } from './lifecycle-model.js';
import type { SeedData } from './model.js';

const ORDER: Record<string, number> = {
  exit: 0,
  withdrawal: 0,
  readmission: 1,
  suspension: 2,
  admission: 3,
};

/**
 * The sourced seed's memberships of one alliance told as life-cycle acts (admission, suspension,
 * readmission, withdrawal, exit by a union of states), each standing on the seed's sources: what a
 * secretariat would have recorded had the alliance run on Tahaluf. In date order.
 */
export function historyActs(seed: SeedData, allianceId: string): LifecyclePayload[] {
  const alliance = seed.alliances.find((a) => a.id === allianceId);
  if (!alliance) throw new Error(`no alliance '${allianceId}' in the seed`);
  const acts: LifecyclePayload[] = [];
  for (const m of seed.memberships.filter((x) => x.allianceId === allianceId)) {
    if (m.role !== 'member') continue;
    const from = m.from ?? alliance.founded;
    if (!from) throw new Error(`${allianceId}/${m.state}: no entry date and no founding date`);
    acts.push({
      kind: 'admission',
      allianceId,
      state: m.state,
      date: from,
      record: {
        note: from === alliance.founded ? 'original member' : 'admitted',
        sources: m.sources,
      },
    });
    for (const s of m.suspensions) {
      const record = { note: 'suspended', sources: s.sources };
      acts.push({ kind: 'suspension', allianceId, state: m.state, date: s.from, record });
      if (s.to)
        acts.push({
          kind: 'readmission',
          allianceId,
          state: m.state,
          date: s.to,
          record: { note: 'readmitted', sources: s.sources },
        });
    }
    if (m.to) {
      const union = seed.states
        .find((s) => s.iso3 === m.state)
        ?.mergedInto?.find((u) => u.from === m.to);
      acts.push(
        union
          ? {
              kind: 'exit',
              allianceId,
              state: m.state,
              date: m.to,
              reason: `merged into the ${union.name}`,
              record: { note: union.note, sources: union.sources },
            }
          : {
              kind: 'withdrawal',
              allianceId,
              state: m.state,
              date: m.to,
              effective: m.to,
              record: { note: 'left (notice date not in the seed)', sources: m.sources },
            },
      );
    }
  }
  return acts.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      ORDER[a.kind] - ORDER[b.kind] ||
      (a.state ?? '').localeCompare(b.state ?? ''),
  );
}
