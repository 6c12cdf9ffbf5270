import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Opaque TAXII `next` cursors (#19.2). A cursor holds a position in the store (a row's `seq`, or an
 * offset into the reader's own list of versions): handed out as it is, it would tell a reader how many
 * objects it may not see were stored between two of its pages. So the position is sealed with
 * AES-256-GCM under a node-local key:
 * - the reader learns nothing from it: every cursor has the same length (a fixed 8-byte position) and a
 *   fresh random nonce, so two cursors for the same position differ;
 * - it is bound to the reader and the query: the additional authenticated data names the member, user
 *   and clearance, the endpoint and every filter except `limit`, so a cursor another reader received,
 *   or one used with other filters, is refused (400) like a made-up one;
 * - it cannot be forged or altered (the GCM tag).
 */
export class CursorCodec {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the cursor key must be 32 bytes');
  }

  static newKey(): string {
    return randomBytes(32).toString('base64');
  }

  seal(position: number, binding: string): string {
    if (!Number.isSafeInteger(position) || position < 0)
      throw new Error(`a cursor position must be a non-negative integer, not ${position}`);
    const iv = randomBytes(12);
    const plain = Buffer.alloc(8);
    plain.writeBigUInt64BE(BigInt(position));
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(binding, 'utf8'));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]).toString('base64url');
  }

  /** The position sealed in `token` for this binding, or null if the token is not one this node issued for it. */
  open(token: string, binding: string): number | null {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 12 + 8 + 16) return null;
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(binding, 'utf8'));
      d.setAuthTag(raw.subarray(20));
      const plain = Buffer.concat([d.update(raw.subarray(12, 20)), d.final()]);
      const n = plain.readBigUInt64BE();
      return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : null;
    } catch {
      return null;
    }
  }
}

/** What a cursor is bound to: the reader (member, user, clearance), the endpoint and the filters. */
export function cursorBinding(
  reader: { member: string | null; user: string; clearance: string },
  endpoint: string,
  filters: Record<string, string | string[] | undefined>,
): string {
  const f = Object.keys(filters)
    .sort()
    .map((k) => {
      const v = filters[k];
      return [k, v === undefined ? null : Array.isArray(v) ? [...v].sort() : v];
    });
  return JSON.stringify([reader.member, reader.user, reader.clearance, endpoint, f]);
}
