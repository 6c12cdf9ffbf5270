import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestNode, type TestNode } from '../app/testing.js';
import { warningService } from './module.js';

describe('warningService(deps)', () => {
  let node: TestNode | undefined;
  let other: TestNode | undefined;
  beforeAll(async () => {
    node = await openTestNode();
    other = await openTestNode();
  });
  afterAll(async () => {
    for (const n of [node, other]) if (n) warningService(n).stop();
    await node?.close();
    await other?.close();
  });

  it('is built once per store: routes, relays, workers and a copy of the deps share one service', () => {
    const first = warningService(node!);
    expect(warningService(node!)).toBe(first);
    // The cache is keyed by the store, not by the deps object (a module may be handed a copy).
    expect(warningService({ ...node! })).toBe(first);
    // Another node (another store) has its own.
    expect(warningService(other!)).not.toBe(first);
  });
});
