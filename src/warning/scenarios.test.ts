import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR, loadNetworks, loadScenarios } from './scenarios.js';

// The warning data files are checked at load: a wrong field is an error naming the file and the field.
describe('data/warning files are validated at load', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A copy of data/warning with `networks.json` (or `scenarios.json`) edited by `edit`. */
  const editedCopy = (file: string, edit: (data: Record<string, unknown[]>) => void): string => {
    const dir = mkdtempSync(join(tmpdir(), 'tahaluf-warning-data-')) + '/';
    dirs.push(dir);
    for (const name of ['networks.json', 'scenarios.json']) {
      const data = JSON.parse(readFileSync(DATA_DIR + name, 'utf8')) as Record<string, unknown[]>;
      if (name === file) edit(data);
      writeFileSync(dir + name, JSON.stringify(data));
    }
    return dir;
  };
  type Sensor = Record<string, unknown>;
  const sensorsOf = (data: Record<string, unknown[]>) =>
    (data.networks[0] as { sensors: Sensor[] }).sensors;

  it('the shipped files load', () => {
    expect(loadNetworks().length).toBeGreaterThan(0);
    expect(loadScenarios().length).toBeGreaterThan(0);
  });

  it('an unknown sensor kind is refused, not simulated as another kind', () => {
    const dir = editedCopy('networks.json', (data) => {
      sensorsOf(data)[1].kind = 'lidar';
    });
    expect(() => loadNetworks(dir)).toThrow(
      /networks\.json is invalid:\n- \/networks\/0\/sensors\/1\/kind: unknown sensor kind 'lidar' \(known: radar, space-ir\)/,
    );
  });

  it("a sensor missing a field of its kind's schema names the field", () => {
    const dir = editedCopy('networks.json', (data) => {
      delete sensorsOf(data)[0].maxRangeKm;
      sensorsOf(data)[0].pd = 1.5;
    });
    const error = (() => {
      try {
        loadNetworks(dir);
      } catch (caught) {
        return (caught as Error).message;
      }
      return '';
    })();
    expect(error).toContain('/networks/0/sensors/0: must have required properties maxRangeKm');
    expect(error).toContain('/networks/0/sensors/0/pd: must be <= 1');
  });

  it('a scenario with an unknown profile names the field', () => {
    const dir = editedCopy('scenarios.json', (data) => {
      (data.scenarios[0] as { launches: { profile: string }[] }).launches[0].profile = 'flat';
    });
    expect(() => loadScenarios(dir)).toThrow(
      /scenarios\.json is invalid:[^]*\/scenarios\/0\/launches\/0\/profile/,
    );
  });
});
