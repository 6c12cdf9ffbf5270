import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hash,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** SHA-256 in hex; one-shot `crypto.hash` (Node ≥ 20.12): no Hash object per call, about twice as fast on short inputs. */
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

export interface KeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function generateEd25519(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** Stable short id of a public key: first 16 hex chars of the SHA-256 of its DER form. */
export function keyId(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return sha256Hex(der).slice(0, 16);
}

const privCache = new Map<string, KeyObject>();
const pubCache = new Map<string, KeyObject>();

export function signEd25519(privateKeyPem: string, message: string | Uint8Array): string {
  let key = privCache.get(privateKeyPem);
  if (!key) privCache.set(privateKeyPem, (key = createPrivateKey(privateKeyPem)));
  return sign(null, typeof message === 'string' ? Buffer.from(message) : message, key).toString(
    'base64',
  );
}

export function verifyEd25519(
  publicKeyPem: string,
  message: string | Uint8Array,
  signatureB64: string,
): boolean {
  let key = pubCache.get(publicKeyPem);
  if (!key) pubCache.set(publicKeyPem, (key = createPublicKey(publicKeyPem)));
  try {
    return verify(
      null,
      typeof message === 'string' ? Buffer.from(message) : message,
      key,
      Buffer.from(signatureB64, 'base64'),
    );
  } catch {
    return false;
  }
}

export const randomToken = (bytes = 24): string => randomBytes(bytes).toString('base64url');
