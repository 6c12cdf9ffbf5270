import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../../test/support/shared.js';
import { buildTestApp, openTestNode } from '../app/testing.js';
import { describeEachDialect } from '../store/testing.js';
import { isLanguageTag, parseCapLanguages } from './cap-languages.js';
import { capXml, type CapMessage } from './cap-message.js';
import { warningService } from './module.js';
import type { WarningTables } from './repository.js';

/** The official CAP 1.2 schema, read where the standards are kept (never copied into the repo). */
const XSD = sharedPath('standards/cap/CAP-v1.2.xsd');

/** xmllint's complaints about each document (empty: every one validates against the schema). */
function schemaErrors(xmls: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cap-lang-'));
  const files = xmls.map((x, i) => {
    const f = join(dir, `m${i}.xml`);
    writeFileSync(f, x);
    return f;
  });
  const errors: string[] = [];
  for (const f of files)
    try {
      execFileSync('xmllint', ['--noout', '--schema', XSD, f], { stdio: 'pipe' });
    } catch (e) {
      errors.push(String((e as { stderr?: unknown }).stderr ?? e));
    }
  return errors;
}

const infos = (xml: string) => [...xml.matchAll(/<info>([\s\S]*?)<\/info>/g)].map((m) => m[1]);
const tag = (block: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(block)?.[1] ?? null;

const message = (over: Partial<CapMessage> = {}): CapMessage => ({
  identifier: 'tahaluf-test-1',
  sender: 'warning@tahaluf.example',
  sent: Date.UTC(2026, 0, 5, 10, 0, 0),
  status: 'Exercise',
  msgType: 'Alert',
  member: 'QAT',
  threatId: 'th-1',
  references: [],
  impactTime: Date.UTC(2026, 0, 5, 10, 4, 0),
  polygon: [
    [25.2, 51.4],
    [25.3, 51.5],
    [25.2, 51.6],
    [25.2, 51.4],
  ],
  confidence: 0.9,
  zones: 12,
  ...over,
});

describe('language tags (RFC 5646) and the request', () => {
  it('accepts well-formed tags and refuses others', () => {
    for (const t of ['ar', 'en', 'en-GB', 'ar-QA', 'ar-Arab-QA', 'ar-419', 'en-US-x-civil'])
      expect(isLanguageTag(t), t).toBe(true);
    for (const t of [
      '',
      'a',
      'english!',
      'en_GB',
      'ar-',
      '-ar',
      'x',
      'ar-QA-QA-QA-QA-QA-QA-QA-QA-QA-QA-QA',
    ])
      expect(isLanguageTag(t), t).toBe(false);
  });

  it('refuses an empty, unbounded, repeated or unwritten list, with codes', () => {
    const codeOf = (v: unknown) => {
      try {
        parseCapLanguages(v);
        return null;
      } catch (e) {
        return (e as { detailCode?: string }).detailCode ?? 'none';
      }
    };
    expect(parseCapLanguages(['ar', 'en-GB'])).toEqual(['ar', 'en-GB']);
    expect(codeOf([])).toBe('validation.minItems');
    expect(codeOf('ar')).toBe('validation.type');
    expect(codeOf(Array.from({ length: 9 }, (_, i) => `en-00${i}`))).toBe('validation.maxItems');
    expect(codeOf(['ar', 'AR'])).toBe('language_tag_repeated');
    expect(codeOf(['ar', 'en GB'])).toBe('language_tag_invalid');
    expect(codeOf(['fr'])).toBe('cap_language_unavailable');
  });
});

describe('CAP <info> per language', () => {
  it('one <info> per requested language, each valid CAP 1.2 with its text in that language', () => {
    const names = { en: 'Qatar', ar: 'قطر' };
    const docs = (['Alert', 'Update', 'Cancel'] as const).map((msgType) =>
      capXml(message({ msgType }), { languages: ['ar', 'en-GB'], memberNames: names }),
    );
    expect(schemaErrors(docs)).toEqual([]);
    const [ar, en] = infos(docs[0]);
    expect(infos(docs[0])).toHaveLength(2);
    expect(tag(ar, 'language')).toBe('ar');
    expect(tag(ar, 'headline')).toBe('تهديد صاروخ باليستي: احتموا فورًا');
    expect(tag(ar, 'description')).toContain('في قطر');
    expect(tag(ar, 'instruction')).toMatch(/^احتموا فورًا/);
    expect(tag(ar, 'areaDesc')).toBe('المنطقة المهددة (درجة الثقة 90٪) في قطر');
    expect(tag(en, 'language')).toBe('en-GB');
    expect(tag(en, 'headline')).toBe('Ballistic missile threat: take shelter now');
    expect(tag(en, 'description')).toContain('in Qatar');
    expect(tag(infos(docs[2])[0], 'headline')).toBe('زوال الخطر: انتهى تهديد الصاروخ الباليستي');
  });

  it('without the setting: today’s single English <info>', () => {
    const xml = capXml(message());
    expect(schemaErrors([xml])).toEqual([]);
    expect(infos(xml)).toHaveLength(1);
    expect(tag(infos(xml)[0], 'language')).toBe('en');
    expect(xml).not.toContain('<description>');
    expect(capXml(message(), { languages: [] })).toBe(xml);
  });
});

describeEachDialect('a member’s CAP languages through the API', (dialect) => {
  it(
    'is set by that member (not another), stored, and shapes the messages it is sent',
    { timeout: 120_000 },
    async () => {
      const node = await openTestNode({ dialect });
      const app = await buildTestApp(node);
      try {
        await node.startModules();
        const as = async (member: string | null) => ({
          authorization: `Bearer ${await node.tokenFor(member)}`,
        });
        const url = '/api/warning/cap-languages/QAT';
        const before = await app.inject({ method: 'GET', url, headers: await as('QAT') });
        expect(before.json()).toMatchObject({ member: 'QAT', languages: ['en'], set: false });
        const other = await app.inject({
          method: 'PUT',
          url,
          headers: await as('OMN'),
          payload: { languages: ['ar'] },
        });
        expect(other.statusCode).toBe(403);
        const bad = await app.inject({
          method: 'PUT',
          url,
          headers: await as('QAT'),
          payload: { languages: ['ar', 'not a tag'] },
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toMatchObject({
          field: 'body/languages/1',
          detailCode: 'language_tag_invalid',
        });
        const set = await app.inject({
          method: 'PUT',
          url,
          headers: await as('QAT'),
          payload: { languages: ['ar', 'en'] },
        });
        expect(set.statusCode).toBe(200);
        expect(set.json()).toMatchObject({ languages: ['ar', 'en'], set: true, updatedBy: 'QAT' });
        // Stored: a fresh read of the table (as a restarted node loads it) gives it back.
        const svc = warningService(node);
        await svc.capLanguages.load();
        expect(svc.capLanguages.languagesOf('QAT')).toEqual(['ar', 'en']);
        expect(svc.capLanguages.languagesOf('KWT')).toBeUndefined();

        const run = await app.inject({
          method: 'POST',
          url: '/api/warning/exercises',
          headers: await as(null),
          payload: { scenario: 'single-short', seed: 1, instant: true },
        });
        expect(run.statusCode).toBe(201);
        await svc.settled();
        const rows = await node.store.db
          .withTables<WarningTables>()
          .selectFrom('warning_cap_messages')
          .select(['member', 'xml'])
          .execute();
        const qat = rows.filter((r) => r.member === 'QAT').map((r) => r.xml);
        const others = rows.filter((r) => r.member !== 'QAT').map((r) => r.xml);
        expect(qat.length).toBeGreaterThan(0);
        expect(others.length).toBeGreaterThan(0);
        const nameAr = node.registry.state('QAT')!.nameAr;
        for (const xml of qat) {
          const [ar, en] = infos(xml);
          expect(infos(xml)).toHaveLength(2);
          expect(tag(ar, 'language')).toBe('ar');
          expect(tag(ar, 'areaDesc')).toContain(nameAr);
          expect(tag(en, 'language')).toBe('en');
        }
        for (const xml of others) {
          expect(infos(xml)).toHaveLength(1);
          expect(tag(infos(xml)[0], 'language')).toBe('en');
        }
        expect(schemaErrors([...qat.slice(0, 20), ...others.slice(0, 5)])).toEqual([]);

        const cleared = await app.inject({ method: 'DELETE', url, headers: await as(null) });
        expect(cleared.json()).toMatchObject({ languages: ['en'], set: false });
      } finally {
        await app.close();
        await node.close();
      }
    },
  );
});
