import { createHash, createPublicKey } from 'node:crypto';
import { signEd25519, verifyEd25519 } from './crypto.js';

/**
 * C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519
 * witness cosignatures (c2sp.org/tlog-cosignature, `cosignature/v1`), written from those specs.
 *
 * A note is a text ending in a newline, a blank line, then signature lines
 * `— <key name> base64(4-byte key ID || signature)`.
 */

export const NOTE_ED25519 = 0x01;
export const COSIGNATURE_ED25519 = 0x04;
const EM_DASH = '\u2014';

/** A note signer or verifier: a key name and an Ed25519 key (PEM), of one signature type. */
export interface NoteKey {
  name: string;
  publicKeyPem: string;
  /** 0x01 for a note (checkpoint) signature, 0x04 for a timestamped cosignature. */
  type: typeof NOTE_ED25519 | typeof COSIGNATURE_ED25519;
}

export interface NoteSignature {
  name: string;
  /** Key ID, 8 hex digits (big-endian uint32). */
  keyId: string;
  /** The signature bytes after the key ID. */
  signature: Uint8Array;
  line: string;
}

export interface Note {
  /** The note text, ending in a newline (what is signed). */
  text: string;
  signatures: NoteSignature[];
}

/** The 32-byte Ed25519 public key (RFC 8032 encoding) of a PEM public key. */
export function rawEd25519(publicKeyPem: string): Uint8Array {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new Error('not an Ed25519 public key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], as 8 hex digits. */
export function noteKeyId(key: NoteKey): string {
  return createHash('sha256')
    .update(Buffer.from(key.name, 'utf8'))
    .update(Uint8Array.of(0x0a, key.type))
    .update(rawEd25519(key.publicKeyPem))
    .digest()
    .subarray(0, 4)
    .toString('hex');
}

function checkKeyName(name: string): void {
  if (!name || /[\s+]/u.test(name))
    throw new Error(`key name '${name}' must be non-empty, without spaces or '+'`);
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new Error('note text must end in a newline');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text))
    throw new Error('note text must not contain control characters other than newline');
}

const signatureLine = (name: string, keyId: string, signature: Uint8Array): string =>
  `${EM_DASH} ${name} ${Buffer.concat([Buffer.from(keyId, 'hex'), signature]).toString('base64')}\n`;

/** Signs a note text with an Ed25519 note key (type 0x01): returns the signature line. */
export function signNoteText(text: string, key: NoteKey, privateKeyPem: string): string {
  checkText(text);
  checkKeyName(key.name);
  const signature = Buffer.from(signEd25519(privateKeyPem, Buffer.from(text, 'utf8')), 'base64');
  return signatureLine(key.name, noteKeyId({ ...key, type: NOTE_ED25519 }), signature);
}

/** A note from its text and signature lines. */
export const formatNote = (text: string, signatureLines: readonly string[]): string =>
  `${text}\n${signatureLines.join('')}`;

/** Parses a signed note; throws with the reason when it is malformed. */
export function parseNote(note: string): Note {
  // The text is separated from the signatures by the last empty line.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('a signed note needs a blank line before its signatures');
  const text = note.slice(0, split + 1);
  checkText(text);
  const sigBlock = note.slice(split + 2);
  if (!sigBlock.endsWith('\n')) throw new Error('signature lines must end in a newline');
  const signatures = sigBlock
    .slice(0, -1)
    .split('\n')
    .map((line): NoteSignature => {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
      if (!m) throw new Error(`malformed signature line '${line}'`);
      const bytes = Buffer.from(m[2], 'base64');
      if (bytes.length < 5) throw new Error(`signature of '${m[1]}' is too short`);
      return {
        name: m[1],
        keyId: bytes.subarray(0, 4).toString('hex'),
        signature: new Uint8Array(bytes.subarray(4)),
        line: `${line}\n`,
      };
    });
  if (signatures.length === 0) throw new Error('a signed note needs at least one signature');
  return { text, signatures };
}

/**
 * The signature of `key` on the note, if present: `null` when the note carries none from this key
 * (signatures of unknown keys are ignored), else whether it verifies.
 */
export function checkNoteSignature(note: Note, key: NoteKey): boolean | null {
  const keyId = noteKeyId(key);
  const sig = note.signatures.find((s) => s.name === key.name && s.keyId === keyId);
  if (!sig) return null;
  if (key.type === NOTE_ED25519)
    return verifyEd25519(
      key.publicKeyPem,
      Buffer.from(note.text, 'utf8'),
      Buffer.from(sig.signature).toString('base64'),
    );
  return verifyCosignatureBytes(note.text, key, sig.signature) !== null;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints (c2sp.org/tlog-checkpoint)

export interface Checkpoint {
  origin: string;
  size: number;
  /** Root hash, base64. */
  rootHash: string;
  extensions: string[];
}

export function checkpointText(
  c: Omit<Checkpoint, 'extensions'> & { extensions?: string[] },
): string {
  if (!c.origin || /[\s+]/u.test(c.origin)) throw new Error(`bad checkpoint origin '${c.origin}'`);
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new Error(`bad tree size ${c.size}`);
  return [c.origin, String(c.size), c.rootHash, ...(c.extensions ?? [])].join('\n') + '\n';
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('checkpoint text must end in a newline');
  if (lines.length < 3) throw new Error('a checkpoint has at least three lines');
  const [origin, sizeLine, rootHash, ...extensions] = lines;
  if (!origin) throw new Error('checkpoint origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeLine))
    throw new Error(`checkpoint tree size '${sizeLine}' is not a decimal without leading zeroes`);
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw new Error(`checkpoint tree size ${sizeLine} is too large`);
  const root = Buffer.from(rootHash, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootHash)
    throw new Error('checkpoint root hash is not the base64 of 32 bytes');
  if (extensions.some((e) => e === '')) throw new Error('checkpoint extension lines are non-empty');
  return { origin, size, rootHash, extensions };
}

// ---------------------------------------------------------------------------------------------
// Cosignatures (c2sp.org/tlog-cosignature, Ed25519, cosignature/v1)

export const cosignedMessage = (checkpointBody: string, timestamp: number): string =>
  `cosignature/v1\ntime ${timestamp}\n${checkpointBody}`;

/** Cosigns a checkpoint body at `timestamp` (POSIX seconds): returns the signature line. */
export function cosign(
  checkpointBody: string,
  key: NoteKey,
  privateKeyPem: string,
  timestamp: number,
): string {
  checkText(checkpointBody);
  checkKeyName(key.name);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new Error('bad cosignature time');
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(timestamp));
  const signature = Buffer.from(
    signEd25519(privateKeyPem, Buffer.from(cosignedMessage(checkpointBody, timestamp), 'utf8')),
    'base64',
  );
  return signatureLine(
    key.name,
    noteKeyId({ ...key, type: COSIGNATURE_ED25519 }),
    Buffer.concat([stamp, signature]),
  );
}

/** The cosignature's timestamp when `bytes` (timestamp || signature) verify for `key`, else null. */
export function verifyCosignatureBytes(
  checkpointBody: string,
  key: NoteKey,
  bytes: Uint8Array,
): number | null {
  if (bytes.length !== 8 + 64) return null;
  const timestamp = Number(Buffer.from(bytes).readBigUInt64BE(0));
  const ok = verifyEd25519(
    key.publicKeyPem,
    Buffer.from(cosignedMessage(checkpointBody, timestamp), 'utf8'),
    Buffer.from(bytes.subarray(8)).toString('base64'),
  );
  return ok ? timestamp : null;
}
