import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { ManualClock } from '../src/core/clock.js';
import { useTestApp } from '../src/app/testing.js';
import { modules } from '../src/app/modules.js';
import { registerAllianceCommands } from '../src/cli/alliance-commands.js';
import { describeEachDialect } from '../src/store/testing.js';

/** A scenario text written for this test (no copyrighted treaty text is stored anywhere). */
const TEXT_EN =
  'Scenario treaty for tests.\nArticle 1. The parties settle disputes peacefully.\nArticle 5. An armed attack against one party is an attack against all parties.\n';
const span = (text: string, head: string, next?: string) => {
  const from = text.indexOf(head);
  return { from, to: next ? text.indexOf(next) : text.length };
};
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * #14.2 documents: content-addressed uploads (sha256), versions per language, articles as spans of the
 * text; the upload is a signed act naming the hash, and a treaty's entry into force citing the text links
 * its clause to the article, which the obligations answer serves as the clause's source.
 */
describeEachDialect('#14.2 documents', (dialect) => {
  const clock = new ManualClock('2026-06-01T08:00:00Z');
  const { node, app } = useTestApp({ clock, dialect, modules });
  const auth = async (member: string | null) => ({
    authorization: `Bearer ${await node.tokenFor(member)}`,
  });
  const upload = async (as: string | null, body: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/documents', headers: await auth(as), payload: body });

  it('stores texts by hash, versions them, refuses the same text twice, serves articles', async () => {
    const a5 = span(TEXT_EN, 'Article 5.');
    const first = await upload(null, {
      documentId: 'islamic-nato-text',
      title: 'Scenario text of the Islamic NATO treaty',
      kind: 'treaty_text',
      language: 'en',
      allianceId: 'islamic-nato',
      articles: [
        { article: 'Art. 1', ...span(TEXT_EN, 'Article 1.', 'Article 5.') },
        { article: 'Art. 5', ...a5 },
      ],
      content: TEXT_EN,
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      version: 1,
      sha256: sha(TEXT_EN),
      uploadedBy: 'SECRETARIAT',
    });
    const act = (await node.record.list({ type: 'registry.document.uploaded' })).at(-1)!;
    expect(act).toMatchObject({ id: first.json().actId, subject: sha(TEXT_EN) });
    expect(act.payload).toMatchObject({ sha256: sha(TEXT_EN), version: 1, language: 'en' });

    const again = await upload(null, {
      documentId: 'islamic-nato-text',
      title: 'Same',
      kind: 'treaty_text',
      language: 'en',
      content: TEXT_EN,
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'already_uploaded' });
    const v2 = await upload(null, {
      documentId: 'islamic-nato-text',
      title: 'Scenario text, corrected',
      kind: 'treaty_text',
      language: 'en',
      content: `${TEXT_EN}Article 6. Added.\n`,
    });
    expect(v2.json()).toMatchObject({ version: 2 });
    const ar = await upload(null, {
      documentId: 'islamic-nato-text',
      title: 'نص تجريبي',
      kind: 'treaty_text',
      language: 'ar',
      content: 'نص تجريبي للاختبار.',
    });
    expect(ar.json()).toMatchObject({
      version: 1,
      language: 'ar',
      sha256: sha('نص تجريبي للاختبار.'),
    });

    const bad = await upload(null, {
      documentId: 'x-doc',
      title: 'Bad spans',
      kind: 'charter',
      language: 'en',
      content: 'short',
      articles: [{ article: 'Art. 1', from: 2, to: 99 }],
    });
    expect(bad.json()).toMatchObject({ status: 400, field: 'articles/0' });
    const outsider = await upload('PAK', {
      documentId: 'gcc-note',
      title: 'Not a member',
      kind: 'communique',
      language: 'en',
      allianceId: 'gcc',
      content: 'text',
    });
    expect(outsider.statusCode).toBe(403);

    const text = await app.inject({ url: `/api/documents/${sha(TEXT_EN)}` });
    expect(text.body).toBe(TEXT_EN);
    const art = await app.inject({
      url: `/api/documents/${sha(TEXT_EN)}/articles/${encodeURIComponent('Art. 5')}`,
    });
    expect(art.json().text).toBe(TEXT_EN.slice(a5.from, a5.to));
    expect((await app.inject({ url: `/api/documents/${'0'.repeat(64)}` })).statusCode).toBe(404);
  });

  it('an entry into force cites the text: the clause must be an article of it, and the obligation links to it', async () => {
    for (const s of ['SAU', 'TUR'])
      for (const [kind, date] of [
        ['signature', '2026-01-10'],
        ['ratification', '2026-02-01'],
        ['deposit', '2026-02-15'],
      ])
        await node.lifecycle.recordAct(s, {
          kind: kind as 'signature',
          allianceId: 'islamic-nato',
          state: s,
          date,
        });
    const eif = (provision: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: '/api/alliances/islamic-nato/lifecycle',
        headers: { authorization: `Bearer ${'x'}` },
        payload: {
          kind: 'entry_into_force',
          date: '2026-03-01',
          documentSha256: sha(TEXT_EN),
          provisions: [provision],
        },
      });
    const asSecretariat = async (provision: Record<string, unknown>) => {
      const r = await eif(provision);
      expect(r.statusCode).toBe(401);
      return app.inject({
        method: 'POST',
        url: '/api/alliances/islamic-nato/lifecycle',
        headers: await auth(null),
        payload: {
          kind: 'entry_into_force',
          date: '2026-03-01',
          documentSha256: sha(TEXT_EN),
          provisions: [provision],
        },
      });
    };
    const unknown = await asSecretariat({
      obligation: 'defense',
      article: 'Art. 5',
      summary: 'x',
      documentSha256: 'f'.repeat(64),
    });
    expect(unknown.statusCode).toBe(404);
    const noSuchArticle = await asSecretariat({
      obligation: 'defense',
      article: 'Art. 9',
      summary: 'x',
      documentSha256: sha(TEXT_EN),
    });
    expect(noSuchArticle.json()).toMatchObject({ status: 400, field: 'provisions/0/article' });
    const ok = await asSecretariat({
      obligation: 'defense',
      article: 'Art. 5',
      summary: 'An attack on one is an attack on all (scenario).',
      documentSha256: sha(TEXT_EN),
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().act.payload.documentSha256).toBe(sha(TEXT_EN));
    const ob = await app.inject({ url: '/api/obligations?attacked=SAU&date=2026-03-01' });
    const clause = ob
      .json<{
        bound: { allianceId: string; state: string; sources: { url?: string; note?: string }[] }[];
      }>()
      .bound.find((b) => b.allianceId === 'islamic-nato')!;
    expect(clause.state).toBe('TUR');
    expect(clause.sources[0]).toMatchObject({
      url: `/api/documents/${sha(TEXT_EN)}/articles/Art.%205`,
      note: `text sha256 ${sha(TEXT_EN)}`,
    });
  });

  it('tahaluf documents upload|list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tahaluf-doc-'));
    const file = join(dir, 'resolution.txt');
    const text = 'Scenario resolution of a summit, for tests.\n';
    writeFileSync(file, text);
    const out: string[] = [];
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    try {
      for (const args of [
        [
          'documents',
          'upload',
          file,
          '--as',
          'QAT',
          '--id',
          'scenario-resolution',
          '--title',
          'Scenario resolution',
          '--language',
          'en',
          '--kind',
          'summit_resolution',
          '--alliance',
          'gcc',
          '--article',
          'Para. 1:0-10',
        ],
        ['documents', 'list', '--alliance', 'gcc'],
      ]) {
        const program = new Command().exitOverride();
        // The suite's node is a read-through handle: hand the commands the parts they use.
        const deps = {
          store: node.store,
          record: node.record,
          registry: node.registry,
          clock: node.clock,
        };
        registerAllianceCommands(program, {
          open: async () => ({ ...deps, close: async () => undefined }) as never,
        });
        await program.parseAsync(['node', 'tahaluf', ...args]);
      }
    } finally {
      log.mockRestore();
    }
    expect(out[0]).toContain(`uploaded scenario-resolution v1 (en) sha256 ${sha(text)}`);
    expect(out[1]).toContain(
      `scenario-resolution v1 en ${sha(text)} Scenario resolution [Para. 1]`,
    );
  });
});
