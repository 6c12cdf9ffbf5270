import { describe, expect, it } from 'vitest';
import { useIntelEnv } from './testing.js';

/** GET /api/intel/search (#13.11): the console's one search never matches what the reader may not read. */
describe('intel search API', () => {
  const env = useIntelEnv('sqlite');
  const api = async (
    member: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    clearance: 'SECRET' | 'PUBLIC' = 'SECRET',
  ) =>
    env.app.inject({
      method,
      url,
      payload: payload as object,
      headers: { authorization: (await env.auth(member, { clearance })).authorization },
    });
  const ids = (body: string) =>
    (JSON.parse(body) as { items: { id: string }[] }).items.map((i) => i.id);

  it('finds by name, description and id what the label releases to the reader, and nothing else', async () => {
    const r = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'Drone swarm seen near Khafji',
      description: 'Low-flying group at dusk',
      classification: 'CONFIDENTIAL',
      releasableTo: ['QAT'],
      tlp: 'amber',
    });
    expect(r.statusCode).toBe(201);
    const { id } = JSON.parse(r.body) as { id: string };

    // In the release set: found by a word of the name (any case), of the description, and by id.
    expect(ids((await api('QAT', 'GET', '/api/intel/search?q=KHAFJI')).body)).toEqual([id]);
    expect(ids((await api('QAT', 'GET', '/api/intel/search?q=dusk')).body)).toEqual([id]);
    expect(ids((await api('QAT', 'GET', `/api/intel/search?q=${id}`)).body)).toEqual([id]);
    expect(ids((await api('SAU', 'GET', '/api/intel/search?q=khafji')).body)).toEqual([id]);
    // Outside it (OMN), or below its classification (QAT cleared for PUBLIC only): never matched.
    expect(ids((await api('OMN', 'GET', '/api/intel/search?q=khafji')).body)).toEqual([]);
    expect(ids((await api('OMN', 'GET', `/api/intel/search?q=${id}`)).body)).toEqual([]);
    expect(
      ids((await api('QAT', 'GET', '/api/intel/search?q=khafji', undefined, 'PUBLIC')).body),
    ).toEqual([]);
  });

  it('refuses a query under two characters and a reader without a token', async () => {
    expect((await api('QAT', 'GET', '/api/intel/search?q=a')).statusCode).toBe(400);
    expect((await api('QAT', 'GET', '/api/intel/search?q=%20%20')).statusCode).toBe(400);
    const anon = await env.app.inject({ method: 'GET', url: '/api/intel/search?q=drone' });
    expect(anon.statusCode).toBe(401);
  });
});
