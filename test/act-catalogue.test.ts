import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { InProcessBus } from '../src/bus/in-process-bus.js';
import { openTestStore } from '../src/store/testing.js';
import { migrate } from '../src/store/migrator.js';
import type { Store } from '../src/store/database.js';
import { Keyring } from '../src/record/keyring.js';
import { recordMigrations, type RecordTables } from '../src/record/migrations.js';
import { RecordLog } from '../src/record/record-log.js';
import { SECRETARIAT } from '../src/record/model.js';
import type { KeyRegisteredPayload } from '../src/federation/acts.js';
import '../src/federation/acts.js';

// The record's `append` takes a catalogued act's payload type (src/record/act-catalogue.ts): a payload
// of another shape does not compile, and one that compiles but does not fit the TypeBox schema behind the
// catalogue (here `alliance.key.registered`, src/federation/acts.ts) is refused at run time, before
// anything is recorded. An act type not in the catalogue takes any payload, as before.

let store: Store;
let record: RecordLog;
const clock = new ManualClock('2026-12-04T05:00:00Z');

beforeEach(async () => {
  store = await openTestStore('sqlite');
  await migrate(store, [recordMigrations]);
  record = new RecordLog(
    store,
    new Keyring(store.db.withTables<RecordTables>(), clock, null),
    clock,
    new InProcessBus(),
  );
});
afterEach(async () => {
  await store.close();
});

/** Compiled, never run: the type checker (`npm run typecheck`) is what this function tests. */
export function appendTypes(log: RecordLog): void {
  void log.append({
    actor: SECRETARIAT,
    type: 'alliance.key.registered',
    // @ts-expect-error -- a key registration names its key, its public key and its proof
    payload: { member: 'QAT' },
  });
  void log.append({
    actor: SECRETARIAT,
    type: 'alliance.key.registered',
    // @ts-expect-error -- `member` is a string
    payload: { member: 1, keyId: 'k', publicKey: 'p', proof: 's' },
  });
  // An act type not in the catalogue: any payload.
  void log.append({ actor: 'QAT', type: 'test.note', payload: { anything: [1, 'two'] } });
}

it('refuses a catalogued act whose payload does not fit its schema, and records nothing', async () => {
  // Built from input the compiler cannot see into (a parsed body): typed, but `member` is not ISO3.
  const parsed: unknown = JSON.parse('{"member":"qatar","keyId":"k1","publicKey":"p","proof":"s"}');
  const payload = parsed as KeyRegisteredPayload;
  await expect(
    record.append({ actor: SECRETARIAT, type: 'alliance.key.registered', payload }),
  ).rejects.toThrow(/alliance\.key\.registered act does not fit its catalogued schema: \/member/);
  expect(await record.countMatching()).toBe(0);

  const fits: KeyRegisteredPayload = { member: 'QAT', keyId: 'k1', publicKey: 'p', proof: 's' };
  const act = await record.append({
    actor: SECRETARIAT,
    type: 'alliance.key.registered',
    payload: fits,
  });
  expect(act.payload).toEqual(fits);
  expect(await record.countMatching()).toBe(1);
});
