import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { generateEd25519, keyId, type KeyPair } from '../../src/core/crypto.js';
import {
  ENVELOPE_VERSION,
  signEnvelope,
  type AllianceEnvelope,
} from '../../src/federation/envelope.js';

export interface AllianceDirectoryFixture {
  /** Each actor's key pair: only the test holds the private halves. */
  keys: Record<string, KeyPair>;
  /** A temporary folder, removed after the file's tests. */
  dir: string;
  /** The alliance directory (TAHALUF_ALLIANCE_DIRECTORY): every actor's public key. */
  directoryFile: string;
  /** An alliance-log envelope signed with `signer`'s key (the actor's own unless a test forges one). */
  sign(
    actor: string,
    type: string,
    subject: string,
    payload: Record<string, unknown>,
    options?: { signer?: string; at?: string },
  ): AllianceEnvelope;
}

/**
 * A GCC alliance directory for alliance-log tests: a fresh key for every actor and the directory file
 * naming their public keys, in a temporary folder that is removed after the test file (call at top level).
 */
export function allianceDirectory(
  actors: readonly string[],
  folderPrefix: string,
  /** Envelope ids are `act_<idPrefix><n>`. */
  idPrefix: string,
): AllianceDirectoryFixture {
  const keys = Object.fromEntries(actors.map((actor) => [actor, generateEd25519()]));
  const dir = mkdtempSync(join(tmpdir(), folderPrefix));
  const directoryFile = join(dir, 'directory.json');
  writeFileSync(
    directoryFile,
    JSON.stringify({
      alliance: 'GCC',
      keys: actors.map((actor) => ({ actor, publicKey: keys[actor].publicKeyPem })),
    }),
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  const sign: AllianceDirectoryFixture['sign'] = (actor, type, subject, payload, options = {}) => {
    const signer = options.signer ?? actor;
    return signEnvelope(
      {
        v: ENVELOPE_VERSION,
        id: `act_${idPrefix}${++counter}`,
        at: options.at ?? new Date().toISOString(),
        actor,
        keyId: keyId(keys[signer].publicKeyPem),
        type,
        subject,
        payload,
      },
      keys[signer].privateKeyPem,
    );
  };
  return { keys, dir, directoryFile, sign };
}
