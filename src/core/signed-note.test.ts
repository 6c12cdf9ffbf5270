import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateEd25519 } from './crypto.js';
import {
  checkNoteSignature,
  checkpointText,
  cosign,
  cosignedMessage,
  formatNote,
  noteKeyId,
  parseCheckpointText,
  parseNote,
  rawEd25519,
  signNoteText,
  verifyCosignatureBytes,
  COSIGNATURE_ED25519,
  NOTE_ED25519,
} from './signed-note.js';

const logPair = generateEd25519();
const witnessPair = generateEd25519();
const logKey = {
  name: 'tahaluf.test/log',
  publicKeyPem: logPair.publicKeyPem,
  type: NOTE_ED25519,
} as const;
const witnessKey = {
  name: 'tahaluf.test/witness/QAT',
  publicKeyPem: witnessPair.publicKeyPem,
  type: COSIGNATURE_ED25519,
} as const;
const ROOT = Buffer.alloc(32, 7).toString('base64');

describe('C2SP signed notes, checkpoints and cosignatures', () => {
  it('computes the key ID as SHA-256(name || 0x0A || type || 32-byte key)[:4]', () => {
    const raw = rawEd25519(logPair.publicKeyPem);
    expect(raw).toHaveLength(32);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('tahaluf.test/log\n'), Buffer.from([1]), raw]))
      .digest()
      .subarray(0, 4)
      .toString('hex');
    expect(noteKeyId(logKey)).toBe(expected);
    expect(noteKeyId({ ...logKey, type: COSIGNATURE_ED25519 })).not.toBe(expected);
  });

  it('writes a checkpoint as origin, size and base64 root, signed with an em-dash line', () => {
    const text = checkpointText({ origin: 'tahaluf.test/log', size: 20852163, rootHash: ROOT });
    expect(text).toBe(`tahaluf.test/log\n20852163\n${ROOT}\n`);
    const note = formatNote(text, [signNoteText(text, logKey, logPair.privateKeyPem)]);
    expect(note).toMatch(
      /^tahaluf\.test\/log\n20852163\n.+\n\n\u2014 tahaluf\.test\/log [A-Za-z0-9+/]+=*\n$/,
    );
    const parsed = parseNote(note);
    expect(parsed.text).toBe(text);
    // 4-byte key ID + 64-byte Ed25519 signature
    expect(parsed.signatures[0].signature).toHaveLength(64);
    expect(checkNoteSignature(parsed, logKey)).toBe(true);
    expect(parseCheckpointText(parsed.text)).toEqual({
      origin: 'tahaluf.test/log',
      size: 20852163,
      rootHash: ROOT,
      extensions: [],
    });
  });

  it('refuses an altered note, and ignores signatures of keys it does not know', () => {
    const text = checkpointText({ origin: 'tahaluf.test/log', size: 5, rootHash: ROOT });
    const note = formatNote(text, [signNoteText(text, logKey, logPair.privateKeyPem)]);
    const altered = parseNote(note.replace('\n5\n', '\n4\n'));
    expect(checkNoteSignature(altered, logKey)).toBe(false);
    const other = { ...logKey, publicKeyPem: generateEd25519().publicKeyPem };
    expect(checkNoteSignature(parseNote(note), other)).toBeNull();
  });

  it('refuses malformed checkpoints with the reason', () => {
    expect(() => parseCheckpointText(`o\n007\n${ROOT}\n`)).toThrow(/leading zeroes/);
    expect(() => parseCheckpointText('o\n7\nAAAA\n')).toThrow(/32 bytes/);
    expect(() => parseCheckpointText(`o\n7\n${ROOT}`)).toThrow(/newline/);
    expect(() => checkpointText({ origin: 'has space', size: 1, rootHash: ROOT })).toThrow(
      /origin/,
    );
    expect(() => parseNote('no signatures\n')).toThrow(/blank line/);
  });

  it('cosigns "cosignature/v1\\ntime T\\n" + the checkpoint, with the 8-byte big-endian time first', () => {
    const text = checkpointText({ origin: 'tahaluf.test/log', size: 5, rootHash: ROOT });
    expect(cosignedMessage(text, 1679315147)).toBe(
      `cosignature/v1\ntime 1679315147\ntahaluf.test/log\n5\n${ROOT}\n`,
    );
    const line = cosign(text, witnessKey, witnessPair.privateKeyPem, 1679315147);
    const note = parseNote(
      formatNote(text, [signNoteText(text, logKey, logPair.privateKeyPem), line]),
    );
    const sig = note.signatures.find((s) => s.name === witnessKey.name)!;
    expect(sig.keyId).toBe(noteKeyId(witnessKey));
    expect(sig.signature).toHaveLength(72);
    expect(Buffer.from(sig.signature).readBigUInt64BE(0)).toBe(1679315147n);
    expect(verifyCosignatureBytes(text, witnessKey, sig.signature)).toBe(1679315147);
    expect(checkNoteSignature(note, witnessKey)).toBe(true);
    // The time is signed: moving it breaks the cosignature.
    const moved = new Uint8Array(sig.signature);
    moved[7] ^= 1;
    expect(verifyCosignatureBytes(text, witnessKey, moved)).toBeNull();
  });
});
