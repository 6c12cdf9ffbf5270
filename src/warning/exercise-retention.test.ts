import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestNode, type TestNode } from '../app/testing.js';
import { warningService } from './module.js';
import { MAX_RETAINED_EXERCISES, MAX_RUNNING_EXERCISES } from './warning-service.js';

describe('#16.4 exercises are bounded', () => {
  let node: TestNode | undefined;
  beforeAll(async () => {
    node = await openTestNode();
  });
  afterAll(async () => {
    if (node) warningService(node).stop();
    await node?.close();
  });

  it(`#16.4 finished exercises are retained within a bound (${MAX_RETAINED_EXERCISES}) and release their reports`, async () => {
    const svc = warningService(node!);
    const ids: string[] = [];
    for (let run = 0; run < MAX_RETAINED_EXERCISES + 3; run++)
      ids.push(svc.startExercise('single-short', run + 1, 10, true).id);
    await svc.settled();
    expect(svc.exercises.size).toBe(MAX_RETAINED_EXERCISES);
    expect([...svc.exercises.keys()]).toEqual(ids.slice(-MAX_RETAINED_EXERCISES));
    expect([...svc.exercises.values()].every((e) => e.reports.length === 0)).toBe(true);
  }, 120_000);

  it(`#16.4 at most ${MAX_RUNNING_EXERCISES} exercises run at once; one more is refused with 503`, async () => {
    const svc = warningService(node!);
    for (let run = 0; run < MAX_RUNNING_EXERCISES; run++)
      svc.startExercise('single-short', 50 + run, 1);
    let refusal: { status?: number; message?: string } = {};
    try {
      svc.startExercise('single-short', 99, 1);
    } catch (err) {
      refusal = err as typeof refusal;
    }
    expect(refusal.status).toBe(503);
    expect(refusal.message).toMatch(/at most/);
    svc.stop();
  }, 120_000);
});
