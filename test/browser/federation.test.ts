import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEd25519, keyId } from '../../src/core/crypto.js';
import { ENVELOPE_VERSION, signEnvelope } from '../../src/federation/envelope.js';
import { checkpointText, cosign, COSIGNATURE_ED25519 } from '../../src/core/signed-note.js';
import { witnessName } from '../../src/federation/alliance-tlog.js';
import { useBrowserNode } from './harness.js';

/**
 * The console on a federated national node (QAT) over the real NATS at 127.0.0.1:4222: which node it is,
 * the alliance checkpoint and its cosigners, the rejected acts, and the warning once SAU's node has
 * cosigned two different roots for one size.
 */
const sau = generateEd25519();
const secretariat = generateEd25519();
const dir = mkdtempSync(join(tmpdir(), 'tahaluf-browser-fed-'));
const directoryFile = join(dir, 'directory.json');
writeFileSync(
  directoryFile,
  JSON.stringify({
    alliance: 'GCC',
    witnessQuorum: 2,
    keys: [
      { actor: 'SECRETARIAT', publicKey: secretariat.publicKeyPem },
      { actor: 'SAU', publicKey: sau.publicKeyPem },
    ],
  }),
);
const tag = randomBytes(3).toString('hex');
const prefix = `bt${tag}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Summary {
  latest: { size: number; rootHash: string; cosigners: { witness: string }[] } | null;
  final: { size: number } | null;
}

describe('console on a federated node', () => {
  const node = useBrowserNode({
    env: {
      TAHALUF_MODE: 'national',
      TAHALUF_MEMBER: 'QAT',
      TAHALUF_ALLIANCE_NATS: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222',
      TAHALUF_ALLIANCE_DIRECTORY: directoryFile,
      TAHALUF_ALLIANCE_STREAM: `BT_${tag}`,
      TAHALUF_ALLIANCE_SUBJECT: prefix,
    },
  });

  it('#12 shows the node, the alliance checkpoint and its cosigners, the rejected acts, and a warning on inconsistent checkpoints', async () => {
    const nc = await connect({
      servers: (process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222').replace('nats://', ''),
    });
    try {
      // A message every node rejects (not JSON) on QAT's subject.
      nc.publish(`${prefix}.QAT.council.vote`, '{not json');
      await nc.flush();
      const latest = async () =>
        (await node.api<Summary>('/api/federation/checkpoint')).body.latest;
      await expect.poll(async () => (await latest())?.size, { timeout: 20_000 }).toBe(1);
      const root = (await latest())!.rootHash;
      const sauCosigns = (rootHash: string) => {
        const body = checkpointText({ origin: 'tahaluf/alliance/gcc', size: 1, rootHash });
        const key = {
          name: witnessName('SAU'),
          publicKeyPem: sau.publicKeyPem,
          type: COSIGNATURE_ED25519,
        } as const;
        return `${body}\n${cosign(body, key, sau.privateKeyPem, Math.floor(Date.now() / 1000))}`;
      };
      nc.publish(`${prefix}-witness.SAU`, sauCosigns(root));
      await nc.flush();
      await expect
        .poll(async () => (await node.api<Summary>('/api/federation/checkpoint')).body.final?.size)
        .toBe(1);

      const { page } = node;
      await page.goto(`${node.url}/#/record`);
      const text = (id: string) => page.locator(`[data-testid="${id}"]`).textContent();
      await expect
        .poll(() => text('federation-node'))
        .toMatch(/QAT, signing with its own key [0-9a-f]{16}/);
      await expect
        .poll(() => text('federation-checkpoint'))
        .toMatch(/size 1, root .* cosigned by QAT, SAU/);
      expect(await text('federation-final')).toMatch(/size 1, .* cosigned by QAT, SAU/);
      expect(await text('federation-rejected')).toContain('malformed');
      expect(await page.locator('[data-testid="federation-warning"]').count()).toBe(0);

      // SAU's node now cosigns another root for the same size: an equivocation, shown as a warning.
      nc.publish(`${prefix}-witness.SAU`, sauCosigns(Buffer.alloc(32, 1).toString('base64')));
      await nc.flush();
      await expect
        .poll(() => page.locator('[data-testid="federation-warning"]').count(), { timeout: 20_000 })
        .toBe(1);
      expect(await text('federation-warning')).toMatch(/equivocation \(SAU, size 1\)/);
      await node.screenshot('federation-panel');
    } finally {
      await nc.close();
    }
  });

  it('#12 lists the CAP warnings members issued on the alliance log: issuer, kind, members, signing key, verified, in English and Arabic', async () => {
    const nc = await connect({
      servers: (process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222').replace('nats://', ''),
    });
    try {
      // SAU's node issued an Alert to Qatar's civil defence: its signed summary crosses the alliance log.
      const sent = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, '.000Z');
      const identifier = `ew-browser-${tag}`;
      const envelope = signEnvelope(
        {
          v: ENVELOPE_VERSION,
          id: `act_bt${tag}cap`,
          at: new Date().toISOString(),
          actor: 'SAU',
          keyId: keyId(sau.publicKeyPem),
          type: 'warning.cap.issued',
          subject: identifier,
          payload: {
            identifier,
            msgType: 'Alert',
            status: 'Actual',
            sender: 'tahaluf@sau',
            members: ['QAT'],
            incident: 'thr1',
            references: [],
            sent,
            area: { bbox: [25.5, 51.2, 25.7, 51.4], vertices: 5, confidence: 0.99, zones: 3 },
          },
        },
        sau.privateKeyPem,
      );
      nc.publish(`${prefix}.SAU.warning.cap.issued`, JSON.stringify(envelope));
      await nc.flush();
      await expect
        .poll(
          async () =>
            (await node.api<{ summaries: { identifier: string }[] }>('/api/warning/alliance-caps'))
              .body.summaries[0]?.identifier,
          { timeout: 20_000 },
        )
        .toBe(identifier);

      const { page } = node;
      await page.goto(`${node.url}/#/record`);
      const row = page.locator('[data-testid="federation-cap"]');
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
      const en = await row.textContent();
      expect(en).toContain('SAU');
      expect(en).toContain('Alert');
      expect(en).toContain('QAT');
      expect(en).toContain(`SAU's node, key ${keyId(sau.publicKeyPem)}`);
      expect(en).toMatch(/signature and right checked, applied at #\d+/);
      await node.screenshot('federation-caps');

      await page.evaluate(() => localStorage.setItem('tahaluf.locale', 'ar'));
      await page.reload();
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
      await expect
        .poll(() => page.locator('[data-testid="federation-caps"] summary').textContent())
        .toContain('إنذارات CAP التي أصدرها الأعضاء');
      const ar = await row.textContent();
      expect(ar).toContain('تنبيه');
      expect(ar).toContain(`عقدة SAU، المفتاح ${keyId(sau.publicKeyPem)}`);
      expect(ar).toContain('تُحقّق من التوقيع والصلاحية');
      await page.evaluate(() => localStorage.setItem('tahaluf.locale', 'en'));
    } finally {
      await nc.close();
    }
  });
});
