import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { intelCli } from './cli.js';
import { EXAMPLES } from './stix/testdata/examples.js';
import { LABEL_POLICY, withLabel } from './labels.js';
import { randomUUID } from 'node:crypto';
import { collUrl, envelope, indicator, postHeaders, useIntelEnv } from './testing.js';

describe('intel console API and CLI', () => {
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

  it('shares a report with a label; members in the set see it in the feed and its graph, others get 404', async () => {
    const r = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'Drone activity near the border',
      classification: 'CONFIDENTIAL',
      releasableTo: ['QAT', 'KWT'],
      tlp: 'amber',
    });
    expect(r.statusCode).toBe(201);
    const { id } = JSON.parse(r.body);
    const feedQat = JSON.parse((await api('QAT', 'GET', '/api/intel/feed?type=report')).body).items;
    expect(feedQat.map((i: { id: string }) => i.id)).toContain(id);
    expect(feedQat.find((i: { id: string }) => i.id === id).label).toBe(
      'CONFIDENTIAL REL TO KWT, QAT // TLP:AMBER (orig. SAU)',
    );
    expect(
      JSON.parse((await api('QAT', 'GET', '/api/intel/feed?label=SECRET')).body).items.map(
        (i: { id: string }) => i.id,
      ),
    ).not.toContain(id);
    const feedOmn = JSON.parse((await api('OMN', 'GET', '/api/intel/feed')).body).items;
    expect(feedOmn.map((i: { id: string }) => i.id)).not.toContain(id);
    const graph = JSON.parse((await api('KWT', 'GET', `/api/intel/objects/${id}`)).body);
    expect(graph.nodes.length).toBe(2);
    expect(graph.edges).toEqual([expect.objectContaining({ source: id, type: 'refers-to' })]);
    const omn = await api('OMN', 'GET', `/api/intel/objects/${id}`);
    const ghost = await api(
      'OMN',
      'GET',
      '/api/intel/objects/report--00000000-0000-4000-8000-000000000000',
    );
    expect(omn.statusCode).toBe(404);
    expect(JSON.parse(omn.body).detail.replace(id, 'X')).toBe(
      JSON.parse(ghost.body).detail.replace('report--00000000-0000-4000-8000-000000000000', 'X'),
    );
    expect(
      (await api('KWT', 'GET', `/api/intel/objects/${id}`, undefined, 'PUBLIC')).statusCode,
    ).toBe(404);
    // The originator sees who received it (audit of reads of restricted objects).
    const receipts = JSON.parse((await api('SAU', 'GET', '/api/intel/receipts')).body).receipts;
    expect(
      receipts
        .filter((x: { objectId: string }) => x.objectId === id)
        .map((x: { recipient: string }) => x.recipient)
        .sort(),
    ).toEqual(['KWT', 'QAT']);
    expect(
      new Set(
        receipts
          .filter((x: { objectId: string }) => x.objectId === id)
          .map((x: { name: string; type: string }) => `${x.type}: ${x.name}`),
      ),
    ).toEqual(new Set(['report: Drone activity near the border']));
    const shares = await env.node.record.list({ type: 'intel.shared', actor: 'SAU' });
    expect(shares.length).toBe(1);
  });

  it("the label picker's preview names exactly the states that can then open the shared report", async () => {
    for (const rel of [['GCC', 'PAK'], ['QAT'], [], ['arab-league']]) {
      const pv = await api(
        'SAU',
        'GET',
        `/api/intel/release-preview?collection=gcc&releasableTo=${rel.join(',')}`,
      );
      expect(pv.statusCode).toBe(200);
      const preview = JSON.parse(pv.body) as {
        members: { iso3: string }[];
        outsideCollection: { iso3: string }[];
      };
      const r = await api('SAU', 'POST', '/api/intel/share', {
        collection: 'gcc',
        name: `Preview check ${rel.join('+')}`,
        classification: 'RESTRICTED',
        releasableTo: rel,
      });
      expect(r.statusCode).toBe(201);
      const { id } = JSON.parse(r.body);
      const sees: string[] = [];
      for (const s of env.node.registry.states()) {
        if ((await api(s.iso3, 'GET', `/api/intel/objects/${id}`)).statusCode === 200)
          sees.push(s.iso3);
      }
      expect(preview.members.map((m) => m.iso3)).toEqual(sees.sort());
      if (rel.includes('PAK')) {
        expect(preview.members.map((m) => m.iso3)).toEqual([
          'ARE',
          'BHR',
          'KWT',
          'OMN',
          'QAT',
          'SAU',
        ]);
        expect(preview.outsideCollection.map((m) => m.iso3)).toEqual(['PAK']);
      }
      if (!rel.length) expect(sees).toEqual(['SAU']);
    }
    const bad = await api(
      'SAU',
      'GET',
      '/api/intel/release-preview?collection=gcc&releasableTo=GCC,ATLANTIS',
    );
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).field).toBe('query/releasableTo');
    expect(
      (await api('EGY', 'GET', '/api/intel/release-preview?collection=gcc&releasableTo=GCC'))
        .statusCode,
    ).toBe(404);
    expect(
      (await env.app.inject({ method: 'GET', url: '/api/intel/release-preview?collection=gcc' }))
        .statusCode,
    ).toBe(401);
  });

  it('the feed shows the newest visible objects first, and its label filter reaches past newer objects', async () => {
    const secret = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'Older SECRET report',
      classification: 'SECRET',
      releasableTo: ['KWT'],
    });
    expect(secret.statusCode).toBe(201);
    // 1,200 newer indicators from QAT (more than any page the feed reads), then one newer report.
    for (let i = 0; i < 4; i++) {
      env.clock.advance(1000);
      const r = await env.app.inject({
        method: 'POST',
        url: `${collUrl()}/objects/`,
        headers: postHeaders(await env.auth('QAT')),
        payload: envelope(
          Array.from({ length: 300 }, () => indicator({ originator: 'QAT', rel: ['GCC'] })),
        ),
      });
      expect(JSON.parse(r.body).success_count).toBe(300);
    }
    env.clock.advance(1000);
    const newest = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'Newest report',
      classification: 'RESTRICTED',
      releasableTo: ['GCC'],
    });
    const feed = JSON.parse((await api('KWT', 'GET', '/api/intel/feed?limit=3')).body).items as {
      id: string;
      dateAdded: string;
    }[];
    expect(feed[0].id).toBe(JSON.parse(newest.body).id);
    expect(feed.map((i) => i.dateAdded)).toEqual(
      [...feed.map((i) => i.dateAdded)].sort().reverse(),
    );
    const secretOnly = JSON.parse(
      (await api('KWT', 'GET', '/api/intel/feed?label=secret&limit=5&type=report')).body,
    ).items as { id: string }[];
    expect(secretOnly.map((i) => i.id)).toEqual([JSON.parse(secret.body).id]);
    // A member outside the label sees neither through the filter.
    expect(
      JSON.parse((await api('OMN', 'GET', '/api/intel/feed?label=SECRET')).body).items,
    ).toEqual([]);
  });

  it("the graph finds a report's relationships by index past a thousand newer ones, with their far ends, never an unseen one", async () => {
    const t = '2026-02-01T00:00:00.000Z';
    const label = (rel: string[]) => ({
      policy: LABEL_POLICY,
      classification: 'RESTRICTED' as const,
      releasableTo: rel,
      originator: 'SAU',
      createdAt: t,
      tlp: null,
    });
    const sdo = (o: Record<string, unknown>, rel = ['GCC']) =>
      withLabel({ spec_version: '2.1', created: t, modified: t, ...o }, label(rel));
    const rel = (source: string, target: string, type: string, to = ['GCC']) =>
      sdo(
        {
          type: 'relationship',
          id: `relationship--${randomUUID()}`,
          relationship_type: type,
          source_ref: source,
          target_ref: target,
        },
        to,
      );
    const malware = sdo({
      type: 'malware',
      id: `malware--${randomUUID()}`,
      name: 'PortWiper',
      is_family: true,
    });
    const ind = sdo({
      type: 'indicator',
      id: `indicator--${randomUUID()}`,
      name: 'PortWiper C2',
      pattern: "[ipv4-addr:value = '198.51.100.9']",
      pattern_type: 'stix',
      valid_from: t,
    });
    const post = async (objects: unknown[]) => {
      const r = await env.app.inject({
        method: 'POST',
        url: `${collUrl()}/objects/`,
        headers: postHeaders(await env.auth('SAU')),
        payload: envelope(objects),
      });
      expect(JSON.parse(r.body).success_count).toBe(objects.length);
    };
    await post([
      malware,
      ind,
      rel(ind.id as string, malware.id as string, 'indicates'),
      rel(ind.id as string, malware.id as string, 'related-to', ['SAU']),
    ]);
    const other = sdo({
      type: 'identity',
      id: `identity--${randomUUID()}`,
      name: 'Somebody',
      identity_class: 'organization',
    });
    await post([other]);
    for (let i = 0; i < 5; i++)
      await post(
        Array.from({ length: 220 }, () =>
          rel(other.id as string, other.id as string, 'related-to'),
        ),
      );
    const shared = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'PortWiper report',
      classification: 'RESTRICTED',
      releasableTo: ['GCC'],
      objectRefs: [ind.id],
    });
    expect(shared.statusCode).toBe(201);
    const { id } = JSON.parse(shared.body);
    const graphOf = async (m: string) =>
      JSON.parse((await api(m, 'GET', `/api/intel/objects/${id}`)).body) as {
        nodes: { id: string }[];
        edges: { source: string; target: string; type: string }[];
      };
    const kwt = await graphOf('KWT');
    expect(kwt.nodes.map((n) => n.id).sort()).toEqual([id, ind.id, malware.id].sort());
    expect(kwt.edges.map((e) => e.type).sort()).toEqual(['indicates', 'refers-to']);
    const sau = await graphOf('SAU');
    expect(sau.edges.map((e) => e.type).sort()).toEqual(['indicates', 'refers-to', 'related-to']);
  });

  it('refuses a share with an unknown community and a collection the member cannot write', async () => {
    expect(
      (
        await api('SAU', 'POST', '/api/intel/share', {
          collection: 'gcc',
          name: 'x',
          classification: 'SECRET',
          releasableTo: ['ATLANTIS'],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await api('EGY', 'POST', '/api/intel/share', {
          collection: 'gcc',
          name: 'x',
          classification: 'SECRET',
          releasableTo: [],
        })
      ).statusCode,
    ).toBe(404);
  });

  it('accepts upper-case TLP levels; a classification above clearance is one message naming body/classification', async () => {
    const up = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'Upper-case TLP',
      classification: 'RESTRICTED',
      releasableTo: ['QAT'],
      tlp: 'AMBER',
    });
    expect(up.statusCode).toBe(201);
    const feed = JSON.parse((await api('QAT', 'GET', '/api/intel/feed')).body).items;
    expect(feed.find((i: { id: string }) => i.id === JSON.parse(up.body).id).label).toContain(
      'TLP:AMBER',
    );
    expect(
      (
        await api('SAU', 'POST', '/api/intel/share', {
          collection: 'gcc',
          name: 'x',
          classification: 'RESTRICTED',
          releasableTo: ['QAT'],
          tlp: 'PURPLE',
        })
      ).statusCode,
    ).toBe(400);
    const high = await api('SAU', 'POST', '/api/intel/share', {
      collection: 'gcc',
      name: 'x',
      classification: 'TOP SECRET',
      releasableTo: ['QAT'],
    });
    expect(high.statusCode).toBe(400);
    const p = JSON.parse(high.body);
    expect(p.field).toBe('body/classification');
    expect(p.detail).toBe('the label classification is above the poster clearance');
  });

  it("CLI: imports a bundle (invalid objects reported) and exports a member's view of a collection", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intel-cli-'));
    const file = join(dir, 'bundle.json');
    const objs = [
      indicator({ originator: 'QAT', rel: ['GCC'] }),
      ...EXAMPLES.filter((e) => e.type !== 'marking-definition').slice(0, 10),
      { type: 'indicator', id: 'bad' },
    ];
    writeFileSync(
      file,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d',
        objects: objs,
      }),
    );
    const ctx = { open: async () => ({ ...env.node, close: async () => undefined }) };
    const out: string[] = [];
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const std = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    try {
      const run = async (...args: string[]) => {
        const program = new Command().exitOverride();
        intelCli(program, ctx);
        await program.parseAsync(['node', 'tahaluf', 'intel', ...args]);
      };
      await run('import', file, '--member', 'QAT', '--collection', 'gcc');
      expect(process.exitCode).toBe(1);
      process.exitCode = 0;
      await run('export', 'gcc', '--member', 'KWT');
      const bundle = JSON.parse(out.join(''));
      expect(bundle.type).toBe('bundle');
      // QAT's unlabelled objects got REL TO gcc: KWT sees all 11 valid ones.
      expect(
        bundle.objects.filter((o: { id: string }) => objs.some((x) => x.id === o.id)),
      ).toHaveLength(11);
      out.length = 0;
      await run('export', 'gcc', '--member', 'KWT', '--clearance', 'PUBLIC');
      expect(
        JSON.parse(out.join('')).objects.filter((o: { id: string }) =>
          objs.some((x) => x.id === o.id),
        ),
      ).toHaveLength(0);
    } finally {
      err.mockRestore();
      std.mockRestore();
    }
  });

  it('CLI: importing the same unlabelled bundle again stores nothing new and refuses nothing; bad input is one sentence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intel-cli-'));
    const file = join(dir, 'bundle.json');
    // Unlabelled SDOs, SROs and SCOs into BHR's own collection: each gets a default label on import (REL TO BHR).
    const objs = EXAMPLES.filter(
      (e) =>
        e.type !== 'marking-definition' &&
        !(
          'extensions' in e &&
          JSON.stringify(e.extensions).includes('extension-definition--3c1d7f0e')
        ),
    );
    expect(new Set(objs.map((o) => o.type)).size).toBeGreaterThan(20);
    writeFileSync(
      file,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--6d0092c5-5f74-4287-9642-33f4c354e56e',
        objects: objs,
      }),
    );
    writeFileSync(join(dir, 'broken.json'), '{"type": "bundle"');
    const ctx = { open: async () => ({ ...env.node, close: async () => undefined }) };
    const out: string[] = [];
    const errs: string[] = [];
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      errs.push(String(s));
      return true;
    });
    const std = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      out.push(String(s));
      return true;
    });
    const run = async (...args: string[]) => {
      const program = new Command().exitOverride();
      intelCli(program, ctx);
      await program.parseAsync(['node', 'tahaluf', 'intel', ...args]);
    };
    const failure = async (...args: string[]) =>
      run(...args).then(
        () => {
          throw new Error('expected a refusal');
        },
        (e: { message: string; field?: string }) => `${e.field}: ${e.message}`,
      );
    try {
      process.exitCode = 0;
      await run('import', file, '--member', 'BHR');
      expect(process.exitCode).toBe(0);
      const first = errs.join('');
      expect(first).toContain(`${objs.length} stored or already present in member-bhr, 0 refused`);
      out.length = 0;
      await run('export', 'member-bhr', '--member', 'BHR');
      const before = JSON.parse(out.join('')).objects.length;
      errs.length = 0;
      env.clock.advance(60_000); // a minute later: the defaulted label must not differ from the stored one
      await run('import', file, '--member', 'BHR');
      expect(errs.join('')).toContain(
        `${objs.length} stored or already present in member-bhr, 0 refused`,
      );
      expect(process.exitCode).toBe(0);
      out.length = 0;
      await run('export', 'member-bhr', '--member', 'BHR');
      expect(JSON.parse(out.join('')).objects.length).toBe(before);

      expect(await failure('import', join(dir, 'broken.json'), '--member', 'BHR')).toMatch(
        /^bundle: .*broken\.json is not JSON: /,
      );
      expect(await failure('import', file, '--member', 'XXX')).toBe(
        "--member: 'XXX' is not a state in the registry",
      );
      expect(await failure('import', file, '--member', 'qat')).toMatch(
        /^--member: 'qat' is not an ISO 3166 alpha-3 code/,
      );
      expect(await failure('import', file, '--member', 'EGY', '--collection', 'gcc')).toMatch(
        /^--collection: EGY is not in the community of collection 'gcc' on \d{4}-\d\d-\d\d, so its users may not write it$/,
      );
      expect(await failure('import', file, '--member', 'BHR', '--collection', 'nowhere')).toMatch(
        /^--collection: no collection 'nowhere'/,
      );
      expect(await failure('export', 'gcc', '--member', 'EGY')).toMatch(
        /^collection: EGY is not in the community of collection 'gcc'/,
      );
      expect(await failure('export', 'gcc', '--member', 'KWT', '--clearance', 'ULTRA')).toMatch(
        /^--clearance: 'ULTRA' is not one of PUBLIC/,
      );
      out.length = 0;
      await run('collections', '--member', 'QAT');
      const aliases = out
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]);
      expect(aliases).toContain('gcc');
      expect(aliases).toContain('member-qat');
      expect(aliases).not.toContain('member-sau');
    } finally {
      process.exitCode = 0;
      err.mockRestore();
      std.mockRestore();
    }
  });
});
