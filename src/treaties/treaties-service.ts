import type { Deps } from '../runtime/deps.js';
import { atopBlocs, treatyBlocs } from './blocs.js';
import { stateYears, dyadYears, type DyadYear, type StateYear } from './atop-tables.js';
import { ObligationEngine } from './obligation-engine.js';
import { importAtop, loadAtop, type ImportResult } from './repository.js';
import { loadTreaties } from './treaty-data.js';
import type { AtopData, Treaty } from './model.js';

/**
 * The module's read model on one node: hand-coded treaties + imported ATOP rows → the engine.
 * Rebuilt after each import; queries never touch the database.
 */
export class TreatiesService {
  engine!: ObligationEngine;
  atop: AtopData = { members: [], alliances: [] };

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
    this.atop = await loadAtop(this.deps.store.db);
    this.rebuild();
  }

  private rebuild(): void {
    const claimed = new Set(this.treaties.map((t) => t.atopId).filter((x): x is number => x !== null));
    this.engine = new ObligationEngine(
      [...treatyBlocs(this.treaties, this.deps.registry), ...atopBlocs(this.atop.members, this.atop.alliances, claimed)],
      this.deps.registry,
    );
  }

  async importAtop(data: AtopData, source: string, onProgress?: (done: number, total: number) => void): Promise<ImportResult> {
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
