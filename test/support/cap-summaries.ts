import { writeFileSync } from 'node:fs';
import type { Keyring } from '../../src/record/keyring.js';
import type { ImpactEstimate } from '../../src/warning/impact-predictor.js';
import type { AllianceDirectoryFixture } from './alliance-directory.js';

/**
 * Shared setup of the CAP-summary alliance tests (test/federation/warning-acts.test.ts,
 * cap-summary-outbox.test.ts).
 */

/** A threat estimate over northern Qatar at `t` (s) (the issuer needs only its area and times). */
export const northQatarEstimate = (t: number, areaKm2: number): ImpactEstimate => ({
  time: t + 120,
  sigmaT: 2,
  earliestTime: t + 110,
  latestTime: t + 130,
  lat: 25.6,
  lon: 51.3,
  cov: [
    [1e6, 0],
    [0, 1e6],
  ],
  boostExtended: false,
  polygon: [
    [25.5, 51.2],
    [25.5, 51.4],
    [25.7, 51.4],
    [25.7, 51.2],
    [25.5, 51.2],
  ],
  confidence: 0.99,
  areaKm2,
  ellipseAreaKm2: areaKm2,
  launch: null,
});

/** The environment of a national node of `member` on the alliance log. */
export const nationalAllianceEnv = (
  member: string,
  alliance: { natsUrl: string; directoryFile: string; stream: string; subjectPrefix: string },
): Record<string, string> => ({
  TAHALUF_MODE: 'national',
  TAHALUF_MEMBER: member,
  TAHALUF_ALLIANCE_NATS: alliance.natsUrl,
  TAHALUF_ALLIANCE_DIRECTORY: alliance.directoryFile,
  TAHALUF_ALLIANCE_STREAM: alliance.stream,
  TAHALUF_ALLIANCE_SUBJECT: alliance.subjectPrefix,
});

/**
 * Rewrites the fixture's alliance directory with the public keys of the fixture's `actors` and of each
 * node's own member (its key made by the node itself, in its keyring).
 */
export async function writeDirectoryWithNodeKeys(
  fixture: AllianceDirectoryFixture,
  actors: readonly string[],
  nodes: readonly { config: { nodeMember: string | null }; keyring: Keyring }[],
): Promise<void> {
  const keys = [
    ...actors.map((actor) => ({ actor, publicKey: fixture.keys[actor].publicKeyPem })),
    ...(await Promise.all(
      nodes.map(async (node) => {
        const member = node.config.nodeMember;
        if (!member) throw new Error('writeDirectoryWithNodeKeys: a node without a member');
        return { actor: member, publicKey: (await node.keyring.keyFor(member)).publicKeyPem };
      }),
    )),
  ];
  writeFileSync(fixture.directoryFile, JSON.stringify({ alliance: 'GCC', keys }));
}
