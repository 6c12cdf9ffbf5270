import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_URL, parseDemoFile } from './seed.js';

describe('demo pledges file', () => {
  it('the shipped file passes the check the seed makes at load', () => {
    const demo = parseDemoFile(JSON.parse(readFileSync(DEMO_URL, 'utf8')));
    expect(demo.pledges.length).toBeGreaterThan(0);
    expect(demo.headquarters.host).toMatch(/^[A-Z]{3}$/);
  });

  it('a broken file is refused with the file and the field named', () => {
    const demo = JSON.parse(readFileSync(DEMO_URL, 'utf8')) as Record<string, unknown>;
    expect(() => parseDemoFile({ ...demo, exercise: { id: 'x', startInDays: 3 } })).toThrow(
      'data/forces/demo-pledges.json: exercise.lengthDays must be an integer',
    );
    expect(() => parseDemoFile({ ...demo, pledges: [{ id: 'p1' }] })).toThrow(
      'pledges[0].member must be a non-empty string',
    );
  });
});
