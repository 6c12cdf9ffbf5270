import { fieldsOf } from '../core/objects.js';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../core/canonical-json.js';
import { generateEd25519, keyId, signEd25519, verifyEd25519 } from '../core/crypto.js';
import { badInput } from '../core/errors.js';

/**
 * The alliance's key directory as a file every node is started with: the public keys pinned outside any
 * node's database (the secretariat's, and members' keys known when the federation was set up). Keys
 * registered later arrive on the alliance stream as secretariat acts (`alliance.key.registered`).
 */
export interface DirectoryFile {
  alliance: string;
  keys: { actor: string; publicKey: string }[];
  /**
   * Distinct members' nodes whose cosignatures make an alliance checkpoint final; default: a majority of
   * the actors with a key in this file.
   */
  witnessQuorum?: number;
}

const ACTOR = /^([A-Z]{3}|SECRETARIAT)$/;

export function readDirectoryFile(file: string): {
  alliance: string;
  keys: { actor: string; publicKey: string; keyId: string }[];
  witnessQuorum: number;
} {
  if (!existsSync(file)) throw badInput('TAHALUF_ALLIANCE_DIRECTORY', `no file at ${file}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw badInput('TAHALUF_ALLIANCE_DIRECTORY', `${file} is not JSON`);
  }
  const d = fieldsOf(value);
  if (typeof d.alliance !== 'string' || !d.alliance)
    throw badInput('alliance', `${file}: 'alliance' must name the alliance`);
  if (!Array.isArray(d.keys)) throw badInput('keys', `${file}: 'keys' must be a list`);
  const keys = d.keys.map((entry: unknown, index) => {
    const k = fieldsOf(entry);
    if (typeof k.actor !== 'string' || !ACTOR.test(k.actor))
      throw badInput(`keys/${index}/actor`, `${file}: actor must be ISO3 or SECRETARIAT`);
    const publicKeyProblem = () =>
      badInput(`keys/${index}/publicKey`, `${file}: publicKey is not a PEM public key`);
    if (typeof k.publicKey !== 'string') throw publicKeyProblem();
    try {
      return { actor: k.actor, publicKey: k.publicKey, keyId: keyId(k.publicKey) };
    } catch {
      throw publicKeyProblem();
    }
  });
  const actors = new Set(keys.map((k) => k.actor)).size;
  const q = d.witnessQuorum ?? Math.floor(actors / 2) + 1;
  if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 1)
    throw badInput('witnessQuorum', `${file}: witnessQuorum must be a positive integer`);
  return { alliance: d.alliance, keys, witnessQuorum: q };
}

/** A node's own key: `<dataDir>/keys/<ACTOR>.pem` (private then public PEM, mode 0600), as the keyring keeps it. */
export function initNodeKey(
  dataDir: string,
  actor: string,
): { keyId: string; publicKey: string; created: boolean } {
  const dir = join(dataDir, 'keys');
  const file = join(dir, `${actor}.pem`);
  if (existsSync(file)) {
    const pub =
      readFileSync(file, 'utf8')
        .split(/(?=-----BEGIN PUBLIC KEY-----)/)[1]
        .trim() + '\n';
    return { keyId: keyId(pub), publicKey: pub, created: false };
  }
  const pair = generateEd25519();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, pair.privateKeyPem + pair.publicKeyPem, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { keyId: keyId(pair.publicKeyPem), publicKey: pair.publicKeyPem, created: true };
}

/** What a new node hands the secretariat: its public key and a proof that it holds the private key. */
export interface KeyRegistration {
  member: string;
  keyId: string;
  publicKey: string;
  /** Ed25519 by the registered key over `proofBytes`. */
  proof: string;
}

const proofBytes = (member: string, keyIdValue: string): string =>
  canonicalJson({ purpose: 'tahaluf-alliance-key', member, keyId: keyIdValue });

export function makeRegistration(dataDir: string, member: string): KeyRegistration {
  const { keyId: id, publicKey } = initNodeKey(dataDir, member);
  const text = readFileSync(join(dataDir, 'keys', `${member}.pem`), 'utf8');
  const privateKeyPem = text.split(/(?=-----BEGIN PUBLIC KEY-----)/)[0].trim() + '\n';
  return {
    member,
    keyId: id,
    publicKey,
    proof: signEd25519(privateKeyPem, proofBytes(member, id)),
  };
}

/** Checks a registration's fields and its proof of possession; throws naming the field. */
export function checkRegistration(input: unknown): KeyRegistration {
  const r = fieldsOf(input);
  const { publicKey } = r;
  if (typeof r.member !== 'string' || !/^[A-Z]{3}$/.test(r.member))
    throw badInput('member', 'member must be an ISO 3166 alpha-3 code');
  let id: string;
  try {
    if (typeof publicKey !== 'string') throw new TypeError('not a string');
    id = keyId(publicKey);
  } catch {
    throw badInput('publicKey', 'publicKey is not a PEM public key');
  }
  if (r.keyId !== id) throw badInput('keyId', `keyId must be ${id}, the id of publicKey`);
  if (typeof r.proof !== 'string' || !verifyEd25519(publicKey, proofBytes(r.member, id), r.proof))
    throw badInput('proof', 'proof is not a signature by this key over the registration');
  return { member: r.member, keyId: id, publicKey, proof: r.proof };
}
