import { describe, expect, it } from 'vitest';
import { useBrowserNode } from './harness.js';
import { planTrajectory, referenceShot } from '../../src/warning/trajectory.js';
import { ecefToRae } from '../../src/geo/wgs84.js';
import { Prng } from '../../src/warning/prng.js';
import { diag } from '../../src/warning/linalg.js';

/**
 * #18.8 in the console: the live engine's per-sensor bias estimates (GET /api/warning/status) and the
 * members' shared tracks fused into live tracks (POST /api/warning/tracks), in English and Arabic.
 * Real reports and a real shared track through the node's API; nothing is stubbed.
 */
describe('console early warning: sensor biases and shared tracks of the live engine', () => {
  const node = useBrowserNode();

  it(
    'shows R-QAT-1’s estimated bias after its track is confirmed, and Bahrain’s shared track fused into it, in English and Arabic',
    { timeout: 240_000 },
    async () => {
      const { page } = node;
      const tokenOf = async (member: string) =>
        (await node.api<{ token: string }>('/api/auth/demo-login', { body: { member } })).body
          .token;
      const qat = await tokenOf('QAT');
      const bhr = await tokenOf('BHR');
      await page.goto(`${node.url}/#/warning`);
      await node.actAs('QAT');
      await page.waitForSelector('[data-testid="live-tracking"]');
      expect(await page.locator('[data-testid="sensor-bias-none"]').textContent()).toContain(
        'No estimate yet',
      );
      expect(await page.locator('[data-testid="shared-none"]').textContent()).toContain(
        'No member has shared a track',
      );

      // A 1,000 km-class missile in free flight, seen by Qatar's radar R-QAT-1 every 2 s (its site
      // and noise as in data/warning/networks.json), the last report now.
      const traj = planTrajectory(referenceShot());
      const site = { lat: 25.3, lon: 51.2, h: 100 };
      const rng = new Prng(11);
      const n = 20;
      const now = Date.now() / 1000;
      const reports = Array.from({ length: n }, (_, k) => {
        const s = traj.stateAt(150 + 2 * k)!;
        const rae = ecefToRae([s[0], s[1], s[2]], site);
        return {
          sensor: 'R-QAT-1',
          time: now - 2 * (n - 1 - k),
          kind: 'rae',
          z: [
            rae[0] + rng.normal() * 50,
            rae[1] + rng.normal() * 0.05,
            rae[2] + rng.normal() * 0.05,
          ],
          R: diag([2500, 0.0025, 0.0025]),
          site,
        };
      });
      const sent = await node.api<{ accepted: number }>('/api/warning/reports', {
        method: 'POST',
        body: reports,
        token: qat,
      });
      expect(sent.status).toBe(200);
      expect(sent.body.accepted).toBe(n);

      // The estimate appears in the table: range in metres, azimuth and elevation in degrees, ± 1σ.
      const row = page.locator('[data-testid="sensor-bias"] tr[data-sensor="R-QAT-1"]');
      await row.waitFor({ timeout: 60_000 });
      expect(await row.textContent()).toMatch(/range -?\d+\.\d ± \d+\.\d m/);
      expect(await row.textContent()).toMatch(/azimuth -?\d\.\d{4}° ± \d\.\d{4}°/);
      const status = await node.api<{ live: { sensorBiases: { sensor: string }[] } }>(
        '/api/warning/status',
        { token: qat },
      );
      expect(status.body.live.sensorBiases.map((b) => b.sensor)).toContain('R-QAT-1');

      // Bahrain shares its own local track of the same missile: fused into the live track.
      const truth = traj.stateAt(150 + 2 * (n - 1))!;
      const sigmas = [300, 300, 300, 30, 30, 30];
      const shared = await node.api<{ tracks: { liveTrack: string | null; started: boolean }[] }>(
        '/api/warning/tracks',
        {
          method: 'POST',
          token: bhr,
          body: {
            tracks: [
              {
                track: 'BHR-LT-4',
                time: now,
                x: truth.map((v, i) => v + rng.normal() * sigmas[i]),
                P: diag(sigmas.map((v) => v * v)),
              },
            ],
          },
        },
      );
      expect(shared.status).toBe(200);
      const live = shared.body.tracks[0].liveTrack;
      expect(live).not.toBeNull();
      expect(shared.body.tracks[0].started).toBe(false);
      const sharedRow = page.locator(`[data-testid="shared-tracks"] tr[data-track="${live}"]`);
      await sharedRow.waitFor({ timeout: 30_000 });
      expect(await sharedRow.locator('li[data-member="BHR"]').textContent()).toMatch(
        /Bahrain: BHR-LT-4/,
      );
      expect(await sharedRow.textContent()).toMatch(/latitude \d+\.\d\d°, longitude \d+\.\d\d°/);
      await expect
        .poll(() => page.locator('[data-testid="shared-counts"]').textContent())
        .toContain('Accepted 1 · fused 1 · started 0');
      await node.screenshot('warning-live-tracking');

      // The same panel in Arabic.
      await page.locator('[data-testid="locale-switch"]').click();
      await expect
        .poll(() => page.locator('#live-tracking-h').textContent())
        .toBe('التتبّع الحي: انحياز المستشعرات والمسارات المشتركة');
      expect(await row.textContent()).toContain('المدى');
      expect(await row.textContent()).toContain('السَّمت');
      expect(await page.locator('[data-testid="shared-tracks"] th').first().textContent()).toBe(
        'المسار الحي',
      );
      expect(await sharedRow.locator('li[data-member="BHR"]').textContent()).toContain('BHR-LT-4');
      expect(await sharedRow.textContent()).toContain('على ارتفاع');
      await node.screenshot('warning-live-tracking-ar');
      await page.locator('[data-testid="locale-switch"]').click();
      expect(node.pageErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    },
  );
});
