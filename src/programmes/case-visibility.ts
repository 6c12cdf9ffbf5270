import { CLASSIFICATIONS, type Classification } from '../runtime/auth.js';
import type { CyberCase } from './cyber-model.js';

export interface CaseReader {
  /** ISO3 of the reader's member; null for the public and secretariat staff. */
  member: string | null;
  clearance: Classification;
}

/**
 * THE one place a case's visibility is decided, by the intelligence rule (releasability.ts in intel):
 * the reader's clearance reaches the classification, and its member is the originator (the declarer) or
 * in the releasable set. Non-members (public, secretariat staff) see no case: none is released to everyone.
 */
export function mayReadCase(
  c: Pick<CyberCase, 'declaredBy' | 'releasableTo' | 'classification'>,
  who: CaseReader,
): boolean {
  if (CLASSIFICATIONS.indexOf(who.clearance) < CLASSIFICATIONS.indexOf(c.classification))
    return false;
  if (who.member === null) return false;
  return who.member === c.declaredBy || c.releasableTo.includes(who.member);
}
