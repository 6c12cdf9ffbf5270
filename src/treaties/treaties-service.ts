import type { Deps } from '../runtime/deps.js';
import { atopBlocs, treatyBlocs } from './blocs.js';
import { stateYears, dyadYears, type DyadYear, type StateYear } from './atop-tables.js';
import { ObligationEngine } from './obligation-engine.js';
import { importAtop, loadAtop, type ImportResult } from './repository.js';
import { loadTreaties } from './treaty-data.js';
import { cowState } from './cow-iso.js';
import { IMPORT_COMMAND, type AtopData, type Coverage, type Treaty } from './model.js';

/** The act every import records; a newer one (from a CLI in another process) makes a server reload. */
export const ATOP_IMPORT_ACT = 'treaties.atop_imported';
export { IMPORT_COMMAND };

/**
 * The module's read model on one node: hand-coded treaties + imported ATOP rows → the engine.
 * Rebuilt after each import; queries never touch the database.
 */
export class TreatiesService {
  engine!: ObligationEngine;
  atop: AtopData = { members: [], alliances: [] };
  /** First and last year the imported ATOP rows mention (null: nothing imported). */
  atopYears: { from: number; to: number } | null = null;
  /**
   * How often (ms) `fresh()` asks the record whether another process imported ATOP since this service
   * loaded its rows (one indexed count query). 0 = on every call (tests).
   */
  freshnessCheckMs = 2000;
  private importsSeen = -1;
  private lastCheck = -Infinity;
  private checking: Promise<void> | null = null;

  private constructor(
    private readonly deps: Deps,
    readonly treaties: Treaty[],
  ) {}

  static async open(deps: Deps, treaties: Treaty[] = loadTreaties()): Promise<TreatiesService> {
    const s = new TreatiesService(deps, treaties);
    await s.reload();
    return s;
  }

  async reload(): Promise<void> {
    // Count first: an import committing between the two reads is caught by the next check.
    const seen = await this.importCount();
    this.atop = await loadAtop(this.deps.store.db);
    this.importsSeen = seen;
    this.lastCheck = performance.now();
    let from = Infinity;
    let to = -Infinity;
    for (const m of this.atop.members) {
      from = Math.min(from, m.yrent);
      to = Math.max(to, m.yrent, m.yrexit);
    }
    for (const a of this.atop.alliances) to = Math.max(to, a.begyr, a.endyr);
    this.atopYears = this.atop.members.length ? { from, to } : null;
    this.rebuild();
  }

  private importCount(): Promise<number> {
    return this.deps.record.countMatching({ type: ATOP_IMPORT_ACT });
  }

  /**
   * Reloads when the record holds an import act this service has not loaded: the CLI imports in its own
   * process, and an embedded node's bus is in-process, so a running server cannot hear it. Checked at
   * most every `freshnessCheckMs`; concurrent callers share one check.
   */
  async fresh(): Promise<this> {
    // Memberships and alliances changed by life-cycle acts: the blocs are rebuilt from the registry.
    if (this.registryVersion !== this.deps.registry.version) this.rebuild();
    if (performance.now() - this.lastCheck < this.freshnessCheckMs) return this;
    this.checking ??= (async () => {
      try {
        this.lastCheck = performance.now();
        if ((await this.importCount()) !== this.importsSeen) await this.reload();
      } finally {
        this.checking = null;
      }
    })();
    await this.checking;
    return this;
  }

  /** Every state code in the imported ATOP rows, with its name from the COW table. */
  atopStates(): { code: string; name: string }[] {
    const seen = new Map<string, string>();
    for (const m of this.atop.members) {
      const s = cowState(m.member);
      if (s && !seen.has(s.iso3)) seen.set(s.iso3, this.engine.stateName(s.iso3));
    }
    return [...seen]
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** What the answer for `day` rests on, said plainly (see Coverage). */
  coverage(day: string, today: string): Coverage {
    const handCodedFrom =
      this.treaties
        .map((t) => t.inForce)
        .filter((d): d is string => !!d)
        .sort()[0] ?? '1945-03-22';
    const years = this.atopYears;
    const year = Number(day.slice(0, 4));
    const projection = day > today;
    const notes: string[] = [];
    let complete = true;
    if (!years) {
      complete = false;
      notes.push(
        day < handCodedFrom
          ? `No ATOP data is imported on this node and the hand-coded treaties begin on ${handCodedFrom}: for ${day} Tahaluf has no alliance data, so an empty answer means "unknown", not "nobody was bound". Import ATOP with \`${IMPORT_COMMAND}\`.`
          : `Only the hand-coded treaties of the seeds' alliances are loaded; alliances outside them (e.g. NATO, the Rio Treaty, ANZUS) come from ATOP, which is not imported on this node (\`${IMPORT_COMMAND}\`).`,
      );
    } else if (year > years.to) {
      complete = false;
      notes.push(
        `The imported ATOP data ends in ${years.to}: alliances ATOP codes as in force then are assumed to continue; later alliances and changes appear only where hand-coded.`,
      );
    } else
      notes.push(
        `Hand-coded treaties and the imported ATOP alliances (${years.from}–${years.to}).`,
      );
    if (projection)
      notes.push(
        `${day} is after today (${today}): a projection with today's treaties and memberships, assumed unchanged.`,
      );
    return {
      atopImported: !!years,
      atopYears: years,
      handCodedFrom,
      complete,
      projection,
      note: notes.join(' '),
    };
  }

  private registryVersion = -1;

  private rebuild(): void {
    this.registryVersion = this.deps.registry.version;
    const claimed = new Set(
      this.treaties.map((t) => t.atopId).filter((x): x is number => x !== null),
    );
    this.engine = new ObligationEngine(
      [
        ...treatyBlocs(this.treaties, this.deps.registry),
        ...atopBlocs(this.atop.members, this.atop.alliances, claimed),
      ],
      this.deps.registry,
    );
  }

  async importAtop(
    data: AtopData,
    source: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ImportResult> {
    const r = await importAtop(this.deps.record, this.deps.clock, data, source, onProgress);
    await this.reload();
    return r;
  }

  dyadYears(from: number, to: number): DyadYear[] {
    return dyadYears(this.atop.members, from, to);
  }

  stateYears(from: number, to: number): StateYear[] {
    return stateYears(this.atop.members, from, to);
  }
}

const services = new WeakMap<object, Promise<TreatiesService>>();

/** The node's service, reloaded first if another process imported ATOP since (rate-limited). */
export async function freshTreatiesService(deps: Deps): Promise<TreatiesService> {
  return (await treatiesService(deps)).fresh();
}

/** One service per node (keyed by its store), opened on first use. */
export function treatiesService(deps: Deps): Promise<TreatiesService> {
  let s = services.get(deps.store);
  if (!s) {
    s = TreatiesService.open(deps);
    services.set(deps.store, s);
    s.catch(() => services.delete(deps.store));
  }
  return s;
}
