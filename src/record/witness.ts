import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from 'typebox';
import { loadDataFile } from '../core/data-file.js';
import type { Clock } from '../core/clock.js';
import { generateEd25519, type KeyPair } from '../core/crypto.js';
import { refused } from '../core/errors.js';
import { fromBase64, verifyConsistency } from '../core/merkle.js';
import {
  checkNoteSignature,
  cosign,
  noteKeyId,
  parseCheckpointText,
  parseNote,
  COSIGNATURE_ED25519,
  NOTE_ED25519,
  type NoteKey,
} from '../core/signed-note.js';

/** What a witness holds for one log, persisted outside the log's database (checked when read back). */
export const WitnessLogStateSchema = Type.Object({
  origin: Type.String(),
  /** The log's public key, pinned at the first checkpoint cosigned (or given). */
  logPublicKeyPem: Type.String(),
  /** Checkpoints cosigned, oldest first (the last is the newest; at most HISTORY kept). */
  cosigned: Type.Array(
    Type.Object({
      size: Type.Number(),
      rootHash: Type.String(),
      note: Type.String(),
      at: Type.String(),
    }),
  ),
  /** Checkpoints refused because they contradict what was cosigned: the evidence, both notes. */
  inconsistencies: Type.Array(
    Type.Object({
      at: Type.String(),
      reason: Type.String(),
      held: Type.String(),
      offered: Type.String(),
    }),
  ),
});
export type WitnessLogState = Static<typeof WitnessLogStateSchema>;

const HISTORY = 256;

/**
 * A witness (C2SP tlog-cosignature): it cosigns a log's checkpoint only after checking the log's
 * signature and the consistency of the new tree with the last checkpoint it cosigned for that log, and
 * it writes what it cosigned to disk before handing out the cosignature, so a restart cannot make it
 * forget. A checkpoint that contradicts what it holds is refused and kept as evidence.
 */
export class Witness {
  private states = new Map<string, WitnessLogState>();

  private constructor(
    readonly name: string,
    private keys: KeyPair,
    /** Folder for the key and per-log state; null keeps everything in memory (tests). */
    private dir: string | null,
    private clock: Clock,
  ) {}

  static open(dir: string | null, name: string, clock: Clock): Witness {
    let keys: KeyPair | null = null;
    if (dir) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, 'witness-key.pem');
      if (existsSync(file)) {
        const [priv, pub] = readFileSync(file, 'utf8').split(/(?=-----BEGIN PUBLIC KEY-----)/);
        keys = { privateKeyPem: priv.trim() + '\n', publicKeyPem: pub.trim() + '\n' };
      } else {
        keys = generateEd25519();
        writeFileSync(file, keys.privateKeyPem + keys.publicKeyPem, { mode: 0o600 });
        chmodSync(file, 0o600);
      }
    }
    return new Witness(name, keys ?? generateEd25519(), dir, clock);
  }

  /** The witness's cosigning key (type 0x04), public part. */
  get key(): NoteKey & { keyId: string } {
    const key = {
      name: this.name,
      publicKeyPem: this.keys.publicKeyPem,
      type: COSIGNATURE_ED25519,
    } as const;
    return { ...key, keyId: noteKeyId(key) };
  }

  private stateFile(origin: string): string | null {
    const slug = createHash('sha256').update(origin).digest('hex').slice(0, 16);
    return this.dir ? join(this.dir, `log-${slug}.json`) : null;
  }

  /** What this witness holds for a log (read from disk the first time). */
  state(origin: string): WitnessLogState | null {
    const cached = this.states.get(origin);
    if (cached) return cached;
    const file = this.stateFile(origin);
    if (!file || !existsSync(file)) return null;
    const state = loadDataFile(file, WitnessLogStateSchema);
    this.states.set(origin, state);
    return state;
  }

  lastCosigned(origin: string): WitnessLogState['cosigned'][number] | null {
    return this.state(origin)?.cosigned.at(-1) ?? null;
  }

  private persist(state: WitnessLogState): void {
    this.states.set(state.origin, state);
    const file = this.stateFile(state.origin);
    if (!file) return;
    // Write a new file and rename it over the old one: a crash leaves the old state or the new, whole.
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
    const fd = openSync(tmp, 'r');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, file);
  }

  /**
   * Cosigns `note` (a checkpoint signed by `logKey`) given a consistency proof (base64 hashes) from
   * the last checkpoint this witness cosigned for the log. Returns the cosignature line; refuses (and
   * records the evidence) a checkpoint that is not consistent with what it holds.
   */
  cosign(note: string, proof: readonly string[], logKey: NoteKey): string {
    const parsed = parseNote(note);
    const cp = parseCheckpointText(parsed.text);
    const state: WitnessLogState = this.state(cp.origin) ?? {
      origin: cp.origin,
      logPublicKeyPem: logKey.publicKeyPem,
      cosigned: [],
      inconsistencies: [],
    };
    const pinned: NoteKey = {
      name: cp.origin,
      publicKeyPem: state.logPublicKeyPem,
      type: NOTE_ED25519,
    };
    if (checkNoteSignature(parsed, pinned) !== true)
      throw refused(
        'checkpoint_signature',
        `checkpoint of ${cp.origin} at size ${cp.size} is not signed by the log key this witness pinned`,
      );
    const last = state.cosigned.at(-1);
    const at = this.clock.now().toISOString();
    const contradiction = (reason: string) => {
      state.inconsistencies.push({ at, reason, held: last!.note, offered: note });
      this.persist(state);
      return refused('inconsistent_checkpoint', `${this.name} refuses to cosign: ${reason}`);
    };
    if (last) {
      if (cp.size < last.size)
        throw contradiction(
          `size ${cp.size} is smaller than the ${last.size} already cosigned (the log was truncated)`,
        );
      if (cp.size === last.size && cp.rootHash !== last.rootHash)
        throw contradiction(`two different roots for size ${cp.size} (equivocation)`);
      if (
        cp.size > last.size &&
        last.size > 0 &&
        !verifyConsistency(
          last.size,
          cp.size,
          fromBase64(last.rootHash),
          fromBase64(cp.rootHash),
          proof.map(fromBase64),
        )
      )
        throw contradiction(
          `the tree of size ${cp.size} is not an extension of the tree of size ${last.size} already cosigned (fork or rewrite)`,
        );
    }
    const line = cosign(
      parsed.text,
      this.key,
      this.keys.privateKeyPem,
      Math.floor(this.clock.now().getTime() / 1000),
    );
    if (!last || cp.size > last.size) {
      state.cosigned.push({ size: cp.size, rootHash: cp.rootHash, note: note + line, at });
      if (state.cosigned.length > HISTORY)
        state.cosigned.splice(0, state.cosigned.length - HISTORY);
    }
    this.persist(state);
    return line;
  }
}
