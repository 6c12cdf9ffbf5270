import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { councilModule } from '../council/module.js';
import { createIntelModule } from '../intel/module.js';
import type { Notice } from '../runtime/ports.js';
import { describeEachDialect } from '../store/testing.js';
import { warningModule, warningService } from '../warning/module.js';
import { buildTestApp, openTestNode, type TestNode } from './testing.js';

/** What one open GET /api/notifications/stream has received so far. */
interface Stream {
  events: Notice[];
  /** Waits (at most `ms`) until an event satisfies `found`; returns it. */
  until(found: (n: Notice) => boolean, ms?: number): Promise<Notice>;
  close(): void;
}

async function openStream(url: string, token: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events: Notice[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(': connected')) connected();
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as Notice);
        }
      }
    } catch {
      // aborted at close
    }
  })();
  await ready;
  return {
    events,
    async until(found, ms = 15_000) {
      for (const deadline = Date.now() + ms; Date.now() < deadline;) {
        const hit = events.find(found);
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no such notification within ${ms} ms; got ${JSON.stringify(events)}`);
    },
    close: () => abort.abort(),
  };
}

/**
 * GET /api/notifications/stream (#13.11): each reader is told of a vote due from its member, intelligence
 * newly visible to it, an Alert to its member, and never of an object it may not see (leak regression).
 */
describeEachDialect('notification stream', (dialect) => {
  let node: TestNode;
  let app: FastifyInstance;
  let base: string;
  const streams: Stream[] = [];
  beforeAll(async () => {
    node = await openTestNode({
      dialect,
      modules: [councilModule, warningModule, createIntelModule({ federationTickMs: 0 })],
    });
    app = await buildTestApp(node);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await app?.close();
    await node?.close();
  });
  const open = async (member: string | null, clearance: 'SECRET' | 'PUBLIC' = 'SECRET') => {
    const s = await openStream(
      `${base}/api/notifications/stream`,
      await node.tokenFor(member, { clearance }),
    );
    streams.push(s);
    return s;
  };
  const share = async (name: string, classification: string, releasableTo: string[]) => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/intel/share',
      headers: { authorization: `Bearer ${await node.tokenFor('SAU')}` },
      payload: { collection: 'gcc', name, classification, releasableTo },
    });
    expect(r.statusCode).toBe(201);
    return (JSON.parse(r.body) as { id: string }).id;
  };
  const isIntel = (id: string) => (n: Notice) => n.kind === 'intel' && n.id === id;

  it('refuses the public', async () => {
    const r = await fetch(`${base}/api/notifications/stream`);
    expect(r.status).toBe(401);
  });

  it('names new intelligence only to readers its label releases it to', async () => {
    const qat = await open('QAT');
    const kwt = await open('KWT'); // a GCC member outside the label
    const qatPublic = await open('QAT', 'PUBLIC'); // in the release set, below the classification
    const omn = await open('OMN');
    const sau = await open('SAU'); // the originator: its own objects are not news to it
    const secretariat = await open(null); // reads no collection
    const secret = await share('Notice probe: launcher seen near the coast', 'RESTRICTED', ['QAT']);
    // Then one object for each other reader: once it has arrived, that reader's stream has looked past
    // the first one, so its absence is not a matter of waiting longer.
    const forKwt = await share('Notice probe: for Kuwait', 'RESTRICTED', ['KWT']);
    const forAll = await share('Notice probe: public', 'PUBLIC', ['GCC']);

    const got = await qat.until(isIntel(secret));
    expect(got).toMatchObject({
      kind: 'intel',
      name: 'Notice probe: launcher seen near the coast',
      originator: 'SAU',
      collection: 'gcc',
    });
    await kwt.until(isIntel(forKwt));
    await qatPublic.until(isIntel(forAll));
    await omn.until(isIntel(forAll));
    await qat.until(isIntel(forAll));
    for (const outside of [kwt, qatPublic, omn]) {
      expect(outside.events.some(isIntel(secret))).toBe(false);
      expect(JSON.stringify(outside.events)).not.toContain('launcher seen near the coast');
    }
    expect(qat.events.some(isIntel(forKwt))).toBe(false);
    expect(qatPublic.events.some(isIntel(forKwt))).toBe(false);
    expect(omn.events.some(isIntel(forKwt))).toBe(false);
    // Wait a look of the originator's and the secretariat's streams too (2 s each) before asserting silence.
    await new Promise((r) => setTimeout(r, 4500));
    expect(sau.events.filter((n) => n.kind === 'intel')).toEqual([]);
    expect(secretariat.events.filter((n) => n.kind === 'intel')).toEqual([]);
    for (const s of [qat, kwt, qatPublic, omn, sau, secretariat]) s.close();
  });

  it('tells a member when a procedure awaits its vote; others are told it opened, nothing due', async () => {
    const qat = await open('QAT');
    const egy = await open('EGY'); // not a GCC member
    const r = await app.inject({
      method: 'POST',
      url: '/api/council/procedures',
      headers: { authorization: `Bearer ${await node.tokenFor('SAU')}` },
      payload: {
        charterId: 'gcc',
        kind: 'decision',
        decisionType: 'statement',
        title: 'Notice probe statement',
        matter: 'notice-probe',
        deadline: null,
      },
    });
    expect(r.statusCode).toBe(201);
    const id = (JSON.parse(r.body) as { id: string }).id;
    const opened = (n: Notice) => n.kind === 'procedure' && n.id === id;
    expect(await qat.until(opened)).toMatchObject({
      title: 'Notice probe statement',
      openedBy: 'SAU',
      charterId: 'gcc',
      due: 'vote',
    });
    expect(await egy.until(opened)).toMatchObject({ due: null });
    qat.close();
    egy.close();
  });

  it('sends an Alert only to the member it is addressed to (and the secretariat)', async () => {
    const qat = await open('QAT');
    const kwt = await open('KWT');
    const secretariat = await open(null);
    const now = Date.now();
    const alertTo = (member: string, identifier: string) =>
      warningService(node).issue({
        identifier,
        sender: 'tahaluf@test',
        sent: now,
        status: 'Exercise',
        msgType: 'Alert',
        member,
        threatId: `threat-${identifier}`,
        references: [],
        impactTime: now + 300_000,
        polygon: [
          [25.2, 51.4],
          [25.4, 51.4],
          [25.4, 51.6],
          [25.2, 51.4],
        ],
        confidence: 0.9,
        zones: 1,
      });
    alertTo('QAT', 'notice-probe-qat');
    alertTo('KWT', 'notice-probe-kwt');
    const isAlert = (identifier: string) => (n: Notice) =>
      n.kind === 'alert' && n.identifier === identifier;
    expect(await qat.until(isAlert('notice-probe-qat'))).toMatchObject({ member: 'QAT' });
    await kwt.until(isAlert('notice-probe-kwt'));
    await secretariat.until(isAlert('notice-probe-qat'));
    await secretariat.until(isAlert('notice-probe-kwt'));
    expect(qat.events.some(isAlert('notice-probe-kwt'))).toBe(false);
    expect(kwt.events.some(isAlert('notice-probe-qat'))).toBe(false);
    await warningService(node).settled();
    for (const s of [qat, kwt, secretariat]) s.close();
  });
});
