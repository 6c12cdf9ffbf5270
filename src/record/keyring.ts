import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { generateEd25519, keyId, signEd25519 } from '../core/crypto.js';
import type { Clock } from '../core/clock.js';
import { forbidden } from '../core/errors.js';
import type { RecordTables } from './migrations.js';
import { ILLUSTRATIVE, type Custody } from './model.js';

interface Held {
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

/**
 * The private keys this node holds. In secretariat mode it holds one per member (generated on first
 * use, kept as PEM files under `<dataDir>/keys`, mode 0600); a national node holds only its member's.
 * Public keys go to the `identities` table so anyone can verify the record.
 */
export class Keyring {
  private held = new Map<string, Held>();

  constructor(
    private db: Kysely<RecordTables>,
    private clock: Clock,
    /** Folder for private keys; null keeps them in memory only (tests). */
    private keyDir: string | null,
    /** Actors this node may create keys for; null means any (secretariat mode). */
    private allowed: ReadonlySet<string> | null = null,
    /** Who holds each actor's key on this node, recorded with its identity. */
    private custodyOf: (actor: string) => Custody = (actor) =>
      actor === ILLUSTRATIVE ? 'illustrative' : 'member-node',
  ) {}

  /** Actors whose identity row is known to be committed. */
  private committed = new Set<string>();

  /**
   * The signing key of `actor` (loaded or created if this node may hold it), its public key registered
   * through `exec`. Inside a transaction the registration commits or rolls back with the act; until a
   * commit is confirmed (`confirm`), every use registers again (a no-op insert when present).
   */
  async keyFor(actor: string, exec: Kysely<RecordTables> = this.db): Promise<Held> {
    let held = this.held.get(actor);
    if (!held) {
      held = this.load(actor);
      this.held.set(actor, held);
    }
    if (!this.committed.has(actor)) {
      await exec
        .insertInto('identities')
        .values({
          key_id: held.keyId,
          actor,
          public_key: held.publicKeyPem,
          created_at: this.clock.now().toISOString(),
          revoked_at: null,
          custody: this.custodyOf(actor),
        })
        // Rows written before custody was recorded get it now; a recorded custody is never rewritten.
        .onConflict((oc) =>
          oc
            .column('key_id')
            .doUpdateSet({ custody: this.custodyOf(actor) })
            .where('identities.custody', 'is', null),
        )
        .execute();
      if (exec === this.db) this.committed.add(actor);
    }
    return held;
  }

  /** Called after a transaction that used these actors' keys committed. */
  confirm(actors: Iterable<string>): void {
    for (const a of actors) this.committed.add(a);
  }

  private load(actor: string): Held {
    if (this.allowed && !this.allowed.has(actor))
      throw forbidden(`this node holds no key for '${actor}'`);
    let pair: { publicKeyPem: string; privateKeyPem: string } | null = null;
    const file = this.keyDir ? join(this.keyDir, `${actor}.pem`) : null;
    if (file && existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      const [priv, pub] = text.split(/(?=-----BEGIN PUBLIC KEY-----)/);
      pair = { privateKeyPem: priv.trim() + '\n', publicKeyPem: pub.trim() + '\n' };
    }
    if (!pair) {
      pair = generateEd25519();
      if (file && this.keyDir) {
        mkdirSync(this.keyDir, { recursive: true, mode: 0o700 });
        writeFileSync(file, pair.privateKeyPem + pair.publicKeyPem, { mode: 0o600 });
        chmodSync(file, 0o600);
      }
    }
    return { keyId: keyId(pair.publicKeyPem), ...pair };
  }

  /**
   * Signs with `actor`'s key only if this node already holds it (in memory or in its key folder) and
   * its id is `keyId`; never creates a key. Null otherwise. For re-signing acts of the past.
   */
  signIfHeld(actor: string, keyId: string, message: string): string | null {
    let held = this.held.get(actor);
    if (!held) {
      const file = this.keyDir ? join(this.keyDir, `${actor}.pem`) : null;
      if (!file || !existsSync(file) || (this.allowed && !this.allowed.has(actor))) return null;
      held = this.load(actor);
      this.held.set(actor, held);
    }
    return held.keyId === keyId ? signEd25519(held.privateKeyPem, message) : null;
  }

  /** Signs outside any transaction. */
  async sign(
    actor: string,
    message: string,
    exec?: Kysely<RecordTables>,
  ): Promise<{ keyId: string; signature: string }> {
    const k = await this.keyFor(actor, exec);
    return { keyId: k.keyId, signature: signEd25519(k.privateKeyPem, message) };
  }
}
