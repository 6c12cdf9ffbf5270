import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../core/crypto.js';

/** Content hash of a STIX object: SHA-256 of its canonical JSON (equal for equal content, whatever the key order). */
export const contentHash = (obj: unknown): string => sha256Hex(canonicalJson(obj));
