import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../store/testing.js';
import { ManualClock, type Clock } from '../core/clock.js';
import {
  baseAfter,
  envelopeBase,
  formatMicros,
  formatMicrosRun,
  normaliseDateAdded,
  startAfter,
  toMicros,
} from './date-added.js';
import { hubFor } from './hub-registry.js';
import { idKey, intelMigrations, type IntelTables } from './migrations.js';
import { useIntelEnv } from './testing.js';

describe('date_added values', () => {
  it('parse any precision and format with exactly 6 fractional digits', () => {
    expect(normaliseDateAdded('2026-01-02T03:04:05Z')).toBe('2026-01-02T03:04:05.000000Z');
    expect(normaliseDateAdded('2026-01-02T03:04:05.1Z')).toBe('2026-01-02T03:04:05.100000Z');
    expect(normaliseDateAdded('2026-01-02T03:04:05.123Z')).toBe('2026-01-02T03:04:05.123000Z');
    expect(normaliseDateAdded('2026-01-02T03:04:05.123456789Z')).toBe(
      '2026-01-02T03:04:05.123456Z',
    );
    expect(formatMicros(toMicros('2026-01-02T03:04:05.999999Z') + 1)).toBe(
      '2026-01-02T03:04:06.000000Z',
    );
  });
  it('a batch after a stored value starts at the next whole millisecond', () => {
    expect(formatMicros(startAfter('2026-01-02T03:04:05.123000Z'))).toBe(
      '2026-01-02T03:04:05.124000Z',
    );
    expect(formatMicros(startAfter('2026-01-02T03:04:05.123999Z'))).toBe(
      '2026-01-02T03:04:05.124000Z',
    );
    expect(formatMicros(startAfter('2026-01-02T03:04:05.999999Z'))).toBe(
      '2026-01-02T03:04:06.000000Z',
    );
  });
  it("an envelope starts at the clock's microsecond once the clock has passed the stored values", () => {
    const last = '2026-01-02T03:04:05.123456Z';
    expect(formatMicros(envelopeBase(toMicros(last) + 1, last))).toBe(
      '2026-01-02T03:04:05.123457Z',
    );
    expect(formatMicros(envelopeBase(toMicros(last), last))).toBe('2026-01-02T03:04:05.124000Z');
    expect(envelopeBase(5, null)).toBe(5);
  });
  it('baseAfter waits for a clock that moves by itself to pass the stored values, not for one that stands still', async () => {
    const last = formatMicros(1_002_000);
    let us = 1_000_000;
    const moving: Clock = { now: () => new Date(us / 1000), micros: () => (us += 300) };
    const base = await baseAfter(moving, last, 999_000);
    expect(base).toBeGreaterThan(1_002_000);
    expect(base).toBe(us);
    // A clock set back by more than MAX_WAIT_US is not waited for.
    let setBack = 0;
    const behind: Clock = { now: () => new Date(0), micros: () => (setBack += 1) };
    expect(await baseAfter(behind, last, 0)).toBe(1_003_000);
    expect(setBack).toBe(1);
    const still = new ManualClock(1000);
    expect(await baseAfter(still, last, still.micros())).toBe(1_003_000);
    expect(await baseAfter(still, null, still.micros())).toBe(1_000_000);
  });
  it('text order equals time order for consecutive microseconds', () => {
    const base = toMicros('2026-12-31T23:59:59.999990Z');
    const xs = Array.from({ length: 30 }, (_, i) => formatMicros(base + i));
    expect([...xs].sort()).toEqual(xs);
    expect(new Set(xs).size).toBe(30);
  });
  it('a run of consecutive values is formatted as each alone, across seconds, days and years', () => {
    for (const start of ['2026-12-31T23:59:59.999000Z', '2026-01-02T03:04:05.999990Z']) {
      const base = toMicros(start);
      const run = formatMicrosRun(base, 2000);
      expect(run).toEqual(Array.from({ length: 2000 }, (_, i) => formatMicros(base + i)));
    }
    expect(formatMicrosRun(toMicros('2026-12-31T23:59:59.999999Z'), 2)).toEqual([
      '2026-12-31T23:59:59.999999Z',
      '2027-01-01T00:00:00.000000Z',
    ]);
    expect(formatMicrosRun(0, 0)).toEqual([]);
  });
});

describeEachDialect('migration 1603 widens 3-digit date_added values', (dialect) => {
  const env = useIntelEnv(dialect);
  it('old values get 6 digits, new ones are left alone, and a new batch is stamped after them', async () => {
    const db = env.node.store.db.withTables<IntelTables>();
    const row = (id: string, date_added: string) => ({
      collection_id: 'c',
      id,
      type: 'indicator',
      spec_version: '2.1',
      version: '2026-01-01T00:00:00.000Z',
      originator: 'QAT',
      label_id: 'l',
      date_added,
      content_hash: 'h',
      object: '{}',
      id_key: idKey('c', id),
    });
    await db
      .insertInto('intel_objects')
      .values([
        row('indicator--a', '2099-01-01T00:00:00.123Z'),
        row('indicator--b', '2026-01-01T00:00:00.123456Z'),
      ])
      .execute();
    await intelMigrations['1603_intel_date_added_micros'].up(db);
    const got = await db
      .selectFrom('intel_objects')
      .select(['id', 'date_added'])
      .where('collection_id', '=', 'c')
      .orderBy('id')
      .execute();
    expect(got).toEqual([
      { id: 'indicator--a', date_added: '2099-01-01T00:00:00.123000Z' },
      { id: 'indicator--b', date_added: '2026-01-01T00:00:00.123456Z' },
    ]);
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const last = await hubFor(env.node).repo.latestDateAdded(db);
    expect(formatMicros(await baseAfter(clock, last, clock.micros()))).toBe(
      '2099-01-01T00:00:00.124000Z',
    );
    await db.deleteFrom('intel_objects').where('collection_id', '=', 'c').execute();
  });
});
