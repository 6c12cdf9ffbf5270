import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { LookupFunction } from 'node:net';
import { useTestApp } from '../app/testing.js';
import { deliver, forbiddenAddress, MAX_WEBHOOKS_PER_MEMBER } from './webhook-target.js';

/** A resolver that answers every name with one address (stands for a DNS server, rebinding included). */
const resolvesTo =
  (address: string): LookupFunction =>
  (_hostname, _options, callback) =>
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address, family: address.includes(':') ? 6 : 4 },
    ]);

describe('#16.7 webhook targets', () => {
  const { node, app } = useTestApp();
  let listener: Server | undefined;
  let port = 0;
  let received = 0;
  beforeAll(async () => {
    listener = createServer((req, res) => {
      received++;
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((resolve) => listener!.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => listener?.close(() => resolve())));

  it('#16.7 refuses loopback, private and numeric-form targets and plain http (a PUBLIC-cleared member)', async () => {
    const auth = {
      authorization: `Bearer ${await node.tokenFor('QAT', { clearance: 'PUBLIC' })}`,
    };
    for (const url of [
      'https://127.0.0.1/cap',
      'https://2130706433/cap',
      'https://0x7f000001/cap',
      'https://0177.0.0.1/cap',
      'https://10.1.2.3/cap',
      'https://192.168.1.1/cap',
      'https://172.16.0.1/cap',
      'https://[::1]/cap',
      'https://[::ffff:127.0.0.1]/cap',
      'https://[fd00::1]/cap',
      'https://localhost/cap',
      'https://169.254.169.254/latest/meta-data',
      'http://cd.example/cap',
      'https://user:pw@cd.example/cap',
    ]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/warning/webhooks',
        headers: auth,
        payload: { member: 'QAT', url },
      });
      expect(r.statusCode, url).toBe(400);
      expect(r.json().field, url).toBe('body/url');
    }
  });

  it(`#16.7 caps webhooks at ${MAX_WEBHOOKS_PER_MEMBER} per member`, async () => {
    const auth = { authorization: `Bearer ${await node.tokenFor('OMN')}` };
    const register = (n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/warning/webhooks',
        headers: auth,
        payload: { member: 'OMN', url: `https://cd.example/omn/${n}` },
      });
    for (let n = 0; n < MAX_WEBHOOKS_PER_MEMBER; n++)
      expect((await register(n)).statusCode).toBe(201);
    const over = await register(MAX_WEBHOOKS_PER_MEMBER);
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('too_many_webhooks');
  });

  it('#16.7 checks the resolved address at connect time: a name rebound to loopback is not contacted', async () => {
    const production = { development: false };
    const before = received;
    // Registered while it resolved to a public address; at delivery it resolves to this machine.
    expect(
      await deliver(
        `https://rebind.example:${port}/cap`,
        '<alert/>',
        production,
        resolvesTo('127.0.0.1'),
      ),
    ).toBe(false);
    expect(
      await deliver(
        `https://rebind.example:${port}/cap`,
        '<alert/>',
        production,
        resolvesTo('::ffff:7f00:1'),
      ),
    ).toBe(false);
    expect(await deliver(`https://127.0.0.1:${port}/cap`, '<alert/>', production)).toBe(false);
    expect(received).toBe(before);
    // In development mode the same local listener is reachable (the delivery path itself works).
    expect(
      await deliver(
        `http://cd.test:${port}/cap`,
        '<alert/>',
        { development: true },
        resolvesTo('127.0.0.1'),
      ),
    ).toBe(true);
    expect(received).toBe(before + 1);
  });

  it('classifies addresses: public ones pass, every special range is refused', () => {
    for (const ok of ['203.0.113.5', '8.8.8.8', '2001:db8::1', '2a00:1450::1'])
      expect(forbiddenAddress(ok), ok).toBeNull();
    for (const bad of [
      '127.0.0.1',
      '10.0.0.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:10.0.0.1',
      '::',
    ])
      expect(forbiddenAddress(bad), bad).not.toBeNull();
  });
});
