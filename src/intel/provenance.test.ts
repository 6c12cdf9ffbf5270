import { describe, expect, it } from 'vitest';
import { provenanceOf } from './provenance.js';

describe('provenance: who handed an object over (#19)', () => {
  const row = (received_from: string | null) => ({
    originator: 'QAT',
    date_added: '2026-03-01T08:00:00.000Z',
    signature: null,
    provenance: 'unverified',
    received_from,
  });
  it('a relay by the secretariat is not a member forwarding the object', () => {
    expect(provenanceOf(row('SECRETARIAT'))).toMatchObject({
      receivedFrom: 'SECRETARIAT',
      forwarded: false,
    });
  });
  it("another member's node or user forwarded it; the originator's own did not; unknown stays unknown", () => {
    expect(provenanceOf(row('SAU')).forwarded).toBe(true);
    expect(provenanceOf(row('QAT')).forwarded).toBe(false);
    expect(provenanceOf(row(null)).forwarded).toBeNull();
  });
});
