import { afterEach, expect, it, vi } from 'vitest';
import { InProcessBus } from '../src/bus/in-process-bus.js';
import { publishEvent, subscribeEvent, type BusEvent } from '../src/bus/message-bus.js';
import { ACT_EVENT, actEvent } from '../src/record/events.js';
import type { Act } from '../src/record/model.js';
import '../src/forces/acts.js';

// Events that cross modules on the bus are typed by the catalogue (src/record/events.ts): checked on
// publish (refused when the data or the subject does not fit) and on delivery (dropped, and logged,
// instead of reaching a handler typed for something else).

const bus = new InProcessBus();
afterEach(() => vi.restoreAllMocks());

const act = (type: string, payload: unknown): Act => ({
  seq: 1,
  id: 'act_1',
  at: '2026-12-04T05:00:00.000Z',
  actor: 'QAT',
  keyId: 'k',
  type,
  subject: 'x1',
  payload,
  prevHash: '0'.repeat(64),
  hash: 'h',
  signature: 's',
});

it('publishing refuses data that does not fit its event, or a subject outside it', async () => {
  const counted: BusEvent<{ n: number }> = {
    pattern: 'test.count.*',
    is: (data): data is { n: number } =>
      typeof data === 'object' && data !== null && 'n' in data && typeof data.n === 'number',
  };
  const seen: number[] = [];
  const sub = await subscribeEvent(bus, counted, (msg) => void seen.push(msg.data.n));
  await publishEvent(bus, counted, 'test.count.a', { n: 1 });
  await expect(publishEvent(bus, counted, 'test.other', { n: 2 })).rejects.toThrow(
    'subject test.other is not one of test.count.*',
  );
  const notANumber: unknown = JSON.parse('{"n":"three"}');
  await expect(
    publishEvent(bus, counted, 'test.count.a', notANumber as { n: number }),
  ).rejects.toThrow('does not fit its event');
  expect(seen).toEqual([1]);
  await sub.unsubscribe();
});

it('a subscriber hears only the catalogued acts it asked for, with their payloads typed; the rest is dropped', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const exercises = actEvent('record.forces.exercise.*', ['forces.exercise.planned']);
  const planned: string[] = [];
  const sub = await subscribeEvent(bus, exercises, (msg) => {
    // Typed by the forces module's catalogue entry: no cast.
    planned.push(msg.data.payload.exerciseId);
  });
  const plannedAct = act('forces.exercise.planned', { exerciseId: 'ex-1' });
  await publishEvent(bus, ACT_EVENT, 'record.forces.exercise.planned', plannedAct);
  // An act of another type on the same subjects, and data that is no act at all: not delivered.
  await publishEvent(
    bus,
    ACT_EVENT,
    'record.forces.exercise.cancelled',
    act('forces.exercise.cancelled', { exerciseId: 'ex-1', reason: null }),
  );
  await bus.publish('record.forces.exercise.planned', { not: 'an act' });
  expect(planned).toEqual(['ex-1']);
  expect(errors).toHaveBeenCalledTimes(2);
  await expect(
    publishEvent(bus, ACT_EVENT, 'record.x', { not: 'an act' } as unknown as Act),
  ).rejects.toThrow('does not fit');
  await sub.unsubscribe();
});
