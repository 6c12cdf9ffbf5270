import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app/testing.js';

describe('registry lists served from a cached serialisation (#16: public reads under load)', () => {
  const { node, app } = useTestApp();

  it('answers exactly what the response schema serialises, and follows the registry when it changes', async () => {
    const first = await app.inject('/api/alliances');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const alliances = first.json<{ id: string; name: string }[]>();
    expect(alliances.length).toBe(node.registry.alliances().length);
    expect((await app.inject('/api/alliances')).body).toBe(first.body);

    // A life-cycle projection replaces the alliances: the next answer must show it, not the cached text.
    const gcc = node.registry.alliance('gcc')!;
    const before = node.registry.alliances();
    node.registry.project(
      node.registry.memberships(),
      before.map((a) => (a.id === 'gcc' ? { ...gcc, name: `${gcc.name} (renamed in a test)` } : a)),
    );
    const renamed = (await app.inject('/api/alliances')).json<{ id: string; name: string }[]>();
    expect(renamed.find((a) => a.id === 'gcc')?.name).toBe(`${gcc.name} (renamed in a test)`);

    const states = await app.inject('/api/states');
    expect(states.json<unknown[]>().length).toBe(node.registry.states().length);
    expect((await app.inject('/api/states')).body).toBe(states.body);
  });
});
