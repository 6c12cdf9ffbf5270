import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from 'typebox';
import { loadDataFile } from '../core/data-file.js';

/**
 * What this node's witness holds for the alliance log, kept outside the database (the folder
 * `<data>/witness`): the checkpoints it cosigned (the newest last) and the contradictions it refused.
 * Written to a new file, fsynced and renamed over the old one before a cosignature is handed out, so a
 * restart (or a rewritten database) cannot make the witness forget what it signed.
 */
export const AllianceWitnessStateSchema = Type.Object({
  origin: Type.String(),
  cosigned: Type.Array(
    Type.Object({
      size: Type.Number(),
      rootHash: Type.String(),
      note: Type.String(),
      at: Type.String(),
    }),
  ),
  inconsistencies: Type.Array(
    Type.Object({
      at: Type.String(),
      kind: Type.String(),
      reason: Type.String(),
      held: Type.String(),
      offered: Type.String(),
    }),
  ),
});
export type AllianceWitnessState = Static<typeof AllianceWitnessStateSchema>;

const HISTORY = 256;

export class AllianceWitnessFile {
  private state: AllianceWitnessState | null = null;

  constructor(
    readonly origin: string,
    /** null keeps the state in memory (tests with ephemeral keys). */
    private dir: string | null,
  ) {}

  get file(): string | null {
    if (!this.dir) return null;
    const slug = createHash('sha256').update(this.origin).digest('hex').slice(0, 16);
    return join(this.dir, `alliance-${slug}.json`);
  }

  read(): AllianceWitnessState {
    if (this.state) return this.state;
    const file = this.file;
    const loaded = file && existsSync(file) ? loadDataFile(file, AllianceWitnessStateSchema) : null;
    this.state = loaded ?? { origin: this.origin, cosigned: [], inconsistencies: [] };
    return this.state;
  }

  last(): AllianceWitnessState['cosigned'][number] | null {
    return this.read().cosigned.at(-1) ?? null;
  }

  recordCosigned(entry: AllianceWitnessState['cosigned'][number]): void {
    const s = this.read();
    s.cosigned.push(entry);
    if (s.cosigned.length > HISTORY) s.cosigned.splice(0, s.cosigned.length - HISTORY);
    this.persist();
  }

  recordInconsistency(entry: AllianceWitnessState['inconsistencies'][number]): void {
    const s = this.read();
    if (!s.inconsistencies.some((i) => i.held === entry.held && i.offered === entry.offered)) {
      s.inconsistencies.push(entry);
      this.persist();
    }
  }

  private persist(): void {
    const file = this.file;
    if (!file || !this.state) return;
    mkdirSync(this.dir!, { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 1), { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, file);
  }
}

/** Reads a witness state file of the alliance log (for `tahaluf verify`), or null when absent. */
export function readAllianceWitnessFile(file: string): AllianceWitnessState | null {
  if (!existsSync(file)) return null;
  return loadDataFile(file, AllianceWitnessStateSchema);
}
