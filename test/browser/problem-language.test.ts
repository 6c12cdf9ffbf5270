import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { actingMember, useBrowserNode, type BrowserNode } from './harness.js';

/**
 * #13 (clear errors in the reader's language, naming the field as the form shows it): the API's refusal
 * of a pledge carries a machine code (`detailCode`, `detailParams`); the console says it from its own
 * catalogue in Arabic and in English, with the form's label for the field, never the JSON path.
 */
async function submitBadPledge(node: BrowserNode): Promise<string> {
  const { page } = node;
  await page.goto(`${node.url}/#/forces/joint-arab-force`);
  await node.actAs('JOR');
  const form = page.locator('[data-testid="pledge-form"]');
  await form.waitFor();
  await form.locator('select[name="type"]').selectOption('medical');
  // The form checks only that the troops are given; the API refuses a negative number.
  await form.locator('input[name="size"]').fill('-5');
  await form.locator('input[name="readinessDays"]').fill('7');
  await form.locator('input[name="durationDays"]').fill('365');
  await form.locator('input[name="lon"]').fill('35.93');
  await form.locator('input[name="lat"]').fill('31.95');
  const answer = page.waitForResponse(
    (r) => r.url().endsWith('/api/pledges') && r.request().method() === 'POST',
  );
  await page.click('[data-testid="pledge-submit"]');
  const body = (await (await answer).json()) as Record<string, unknown>;
  // The English detail stays for machines, beside its code and values.
  expect(body).toMatchObject({
    status: 400,
    field: 'body/units/0/size',
    detailCode: 'validation.minimum',
    detailParams: { limit: 1, value: -5 },
  });
  expect(body.detail).toMatch(/^body\/units\/0\/size must be at least 1 person/);
  await page.locator('[data-testid="pledge-message"]').waitFor();
  return (await page.locator('[data-testid="pledge-message"]').textContent()) ?? '';
}

describe('an API refusal in an Arabic console', () => {
  const node = useBrowserNode({ locale: 'ar' });

  it('names the field by its Arabic label, in Arabic', async () => {
    const text = await submitBadPledge(node);
    expect(text).toBe('يجب ألا يقل «عدد الجنود» عن 1.');
    expect(text).not.toMatch(/body|units|size/);
    expect(await node.page.locator('[data-testid="pledge-field-problem"]').textContent()).toBe(
      'يجب ألا يقل «عدد الجنود» عن 1.',
    );
    await node.screenshot('console-problem-ar');
  });
});

describe('an API refusal in an English console', () => {
  const node = useBrowserNode({ locale: 'en-GB' });

  it('names the field by its English label, in English', async () => {
    expect(await submitBadPledge(node)).toBe('Troops must be at least 1.');
  });
});

/** Today and a later day, as the node's clock (the real one) says them: YYYY-MM-DD. */
const dayOf = (offsetDays = 0) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** What a refusal must never show a reader: a JSON path or a snake_case machine code. */
const MACHINE_WORDS = /\bbody\/|\bquery\/|\b[a-z]+_[a-z_]+\b/;

type Locale = 'en' | 'ar';

/** Names the registry gives a state and an alliance in the reader's language. */
async function names(node: BrowserNode, locale: Locale) {
  const states = (
    await node.api<{ iso3: string; nameEn: string; nameAr?: string }[]>('/api/states')
  ).body;
  const alliances = (
    await node.api<{ id: string; name: string; nameAr?: string }[]>('/api/alliances')
  ).body;
  const state = (iso3: string) => {
    const s = states.find((x) => x.iso3 === iso3)!;
    return locale === 'ar' && s.nameAr ? s.nameAr : s.nameEn;
  };
  const alliance = (id: string) => {
    const a = alliances.find((x) => x.id === id)!;
    return locale === 'ar' && a.nameAr ? a.nameAr : a.name;
  };
  return { state, alliance };
}

const textOf = async (node: BrowserNode, testId: string) => {
  const el = node.page.locator(`[data-testid="${testId}"]`);
  await el.waitFor();
  await expect.poll(async () => ((await el.textContent()) ?? '').trim()).not.toBe('');
  return ((await el.textContent()) ?? '').trim();
};

/**
 * One real refusal in each view that showed the API's English `detail` before (#13): the node refuses,
 * the view says it from the console's catalogue in the reader's language, the field as the form labels it.
 */
function everyViewRefuses(node: BrowserNode, locale: Locale) {
  const en = locale === 'en';

  it('Procurement: a member outside the alliance, named with the alliance and the day', async () => {
    const { page } = node;
    const n = await names(node, locale);
    await page.goto(`${node.url}/#/procurement`);
    await node.actAs('PAK');
    await page.selectOption('[data-testid="procurement-alliance"]', 'joint-arab-force');
    await page.fill('[data-testid="procurement-budget"]', '4');
    await page.locator('[data-testid="procurement-record"]:not([disabled])').click();
    const text = await textOf(node, 'procurement-error');
    expect(text).toBe(
      en
        ? `${n.state('PAK')} is not a member of ${n.alliance('joint-arab-force')} on ${dayOf()}.`
        : `${n.state('PAK')} ليست عضوًا في ${n.alliance('joint-arab-force')} بتاريخ ${dayOf()}.`,
    );
  });

  it('Cyber: a STIX id that is not one, named by the form’s label', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/cyber`);
    await node.actAs('QAT');
    await page.fill('[data-testid="cyber-title"]', 'Phishing wave against ministries');
    await page.fill('[data-testid="cyber-description"]', 'Mails with a forged ministry sender.');
    await page.fill('[data-testid="cyber-stix"]', 'not-a-stix-id');
    await page.click('[data-testid="cyber-declare-submit"]');
    expect(await textOf(node, 'cyber-error')).toBe(
      en
        ? 'STIX ids from the intelligence hub, one per line: “not-a-stix-id” is not a STIX 2.1 id (type--uuid, e.g. indicator--…).'
        : '«معرّفات STIX من مركز الاستخبارات، واحد في كل سطر»: «not-a-stix-id» ليس معرّف STIX 2.1 (النوع--uuid، مثل indicator--…).',
    );
  });

  it('Accession: an application dated after today', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/accession/islamic-nato`);
    await node.actAs('QAT');
    await page.selectOption('[data-testid="accession-kind"]', 'application');
    await page.fill('[data-testid="accession-date"]', dayOf(3));
    await page.click('[data-testid="accession-submit"]');
    expect(await textOf(node, 'accession-error')).toBe(
      en
        ? `The date ${dayOf(3)} is after today (${dayOf()}): record what has already happened.`
        : `التاريخ ${dayOf(3)} بعد اليوم (${dayOf()}): سجّل ما حدث فعلًا.`,
    );
  });

  it('Events: a title too short, named by the form’s label', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/events`);
    await node.actAs('QAT');
    await page.fill('[data-testid="events-title"]', 'ab');
    await page.fill('[data-testid="events-states"]', 'QAT');
    await page.fill('[data-testid="events-source-title"]', 'Qatar News Agency');
    await page.click('[data-testid="events-submit"]');
    expect(await textOf(node, 'events-error')).toBe(
      en
        ? 'Title must have 3 to 200 characters (spaces alone do not count).'
        : 'يجب أن يتكون «العنوان» من 3 إلى 200 حرفًا (لا تُحتسب المسافات وحدها).',
    );
  });

  it('Programmes: a contribution of nothing, named by the form’s label', async () => {
    const { page } = node;
    const list = (await node.api<{ id: string; title: string }[]>('/api/programmes')).body;
    const p = list.find((x) => x.title.startsWith('Intelligence sharing through'))!;
    await page.goto(`${node.url}/#/programmes/${encodeURIComponent(p.id)}`);
    await node.actAs('QAT');
    await page.fill('[data-testid="contribution-amount"]', '0');
    await page.fill('[data-testid="contribution-description"]', 'seed fund');
    await page.click('[data-testid="contribution-submit"]');
    expect(await textOf(node, 'programme-error')).toBe(
      en ? 'amount (USD) must be more than 0.' : 'يجب أن يكون «المقدار (دولار أمريكي)» أكبر من 0.',
    );
  });

  it('Record: an act that does not exist, opened by its address', async () => {
    const { page } = node;
    await node.actAs(null);
    await page.goto(`${node.url}/#/record/act_00000000000000000000`);
    const text = await node.page.locator('[data-testid="record-act"] .error-text').textContent();
    expect(text).toBe(
      en
        ? 'The act “act_00000000000000000000” does not exist (or is not visible to you).'
        : 'العمل «act_00000000000000000000» غير موجود (أو غير مرئي لك).',
    );
  });

  it('Warning: a speed above the limit, named by the control’s label', async () => {
    const { page } = node;
    await page.goto(`${node.url}/#/warning`);
    await node.actAs('QAT');
    await page.fill('[data-testid="warning-speed"]', '500');
    await page.click('[data-testid="warning-start"]');
    expect(await textOf(node, 'warning-message')).toBe(
      en ? 'Speed must be at most 100.' : 'يجب ألا يزيد «السرعة» على 100.',
    );
  });

  it('Warning: a member sees and sets its CAP languages; a language Tahaluf does not write is refused by name; axe clean', async () => {
    const { page } = node;
    const n = await names(node, locale);
    await page.goto(`${node.url}/#/warning`);
    await node.actAs('QAT');
    const current = page.locator('[data-testid="cap-languages-current"]');
    await expect
      .poll(() => current.textContent())
      .toBe(
        en
          ? `${n.state('QAT')} has not chosen: its CAP messages are in English only (the default).`
          : `لم تختر ${n.state('QAT')} بعد: رسائلها بصيغة CAP بالإنجليزية فقط (الافتراضي).`,
      );
    await page.fill('[data-testid="cap-languages-input"]', 'ar, fr');
    await page.click('[data-testid="cap-languages-save"]');
    expect(await textOf(node, 'cap-languages-error')).toBe(
      en
        ? 'Language tags: Tahaluf writes CAP warnings in en, ar, not in “fr”.'
        : '«وسوم اللغات»: يكتب تحالف رسائل الإنذار CAP بـen, ar، لا بـ«fr».',
    );
    await page.fill('[data-testid="cap-languages-input"]', 'ar, en');
    await page.click('[data-testid="cap-languages-save"]');
    await expect.poll(() => current.getAttribute('data-languages')).toBe('ar,en');
    // The languages are named in the reader's language, each with the tag the field takes.
    const named = await current.textContent();
    for (const part of en ? ['Arabic (ar)', 'English (en)'] : ['العربية (ar)', 'الإنجليزية (en)'])
      expect(named).toContain(part);
    // The node keeps it: the API answers the same for the member's session.
    const stored = await page.evaluate(async () =>
      (await fetch('/api/warning/cap-languages/QAT')).json(),
    );
    expect(stored).toMatchObject({ member: 'QAT', languages: ['ar', 'en'], set: true });
    // axe-core on the view with the control drawn (and its last message shown).
    expect(await seriousViolations(page)).toEqual([]);
    await page.click('[data-testid="cap-languages-reset"]');
    await expect.poll(() => current.getAttribute('data-languages')).toBe('en');
  });

  if (en)
    it('Warning: the secretariat sets another member’s CAP languages', async () => {
      const { page } = node;
      await page.context().clearCookies();
      await page.goto(await node.signinLink());
      await expect.poll(() => actingMember(page), { timeout: 15_000 }).toBe('SECRETARIAT');
      await page.goto(`${node.url}/#/warning`);
      await page.selectOption('[data-testid="cap-languages-member"]', 'KWT');
      const current = page.locator('[data-testid="cap-languages-current"]');
      await expect.poll(() => current.getAttribute('data-languages')).toBe('en');
      await page.fill('[data-testid="cap-languages-input"]', 'ar-KW');
      await page.click('[data-testid="cap-languages-save"]');
      await expect.poll(() => current.getAttribute('data-languages')).toBe('ar-KW');
      expect(await textOf(node, 'cap-languages-done')).toContain('Arabic (Kuwait) (ar-KW)');
      await page.click('[data-testid="cap-languages-reset"]');
      await expect.poll(() => current.getAttribute('data-languages')).toBe('en');
    });

  it('Intelligence: the secretariat is told the feed is the members’, not shown a refusal', async () => {
    const { page } = node;
    await page.context().clearCookies();
    await page.goto(await node.signinLink());
    await expect.poll(() => actingMember(page), { timeout: 15_000 }).toBe('SECRETARIAT');
    // The view asks nothing the node must refuse: every intelligence read is a member's.
    const intelReads: string[] = [];
    const onResponse = (r: { url(): string; status(): number }) => {
      if (r.url().includes('/api/intel/')) intelReads.push(`${r.status()} ${r.url()}`);
    };
    page.on('response', onResponse);
    await page.goto(`${node.url}/#/intel`);
    expect(await textOf(node, 'intel-members-only')).toBe(
      en
        ? 'Intelligence is shared among the member states, each report under its label; the secretariat holds none of it. Choose a member in “Acting as” (top right) to read as that member’s user.'
        : 'تتبادل الدول الأعضاء الاستخبارات فيما بينها، كل تقرير وفق وسمه؛ ولا تحوز الأمانة العامة شيئًا منها. اختر عضوًا في «بصفة» (أعلى الصفحة) لتقرأ بصفة مستخدم تلك الدولة.',
    );
    expect(await page.locator('[data-testid="intel-feed"] .error-text').count()).toBe(0);
    page.off('response', onResponse);
    expect(intelReads).toEqual([]);
    expect(await page.locator('[data-testid="intel-attack"]').count()).toBe(0);
  });

  it('"Acting as": a pasted token the node does not know, with the node’s reason', async () => {
    const { page } = node;
    await node.actAs(null);
    await page.goto(`${node.url}/#/map`);
    await page.locator('[data-testid="member-select"]').click();
    await page.locator('[data-testid="member-select-option-__token__"]').click();
    await page.fill('[data-testid="token-input"]', 'thf_not.a-token');
    await page.click('[data-testid="token-submit"]');
    expect(await textOf(node, 'signin-error')).toBe(
      en
        ? 'sign-in refused: The API token is unknown, malformed, expired or revoked.'
        : 'رُفض تسجيل الدخول: رمز الواجهة البرمجية غير معروف أو غير صالح أو منتهي الصلاحية أو ملغى.',
    );
  });

  it('Intelligence: a 401 says the server’s reason (no sign-in, or a session that ended)', async () => {
    const { page } = node;
    await node.actAs(null);
    await page.goto(`${node.url}/#/intel`);
    const feedError = page.locator('[data-testid="intel-feed"] > .error-text');
    await expect
      .poll(() => feedError.textContent())
      .toBe(en ? 'Sign in to do this.' : 'سجّل الدخول للقيام بذلك.');
    // A session cookie the node no longer honours, sent with the feed's request only (fetched by the
    // test's request context with that cookie, the node's answer handed to the page as it is).
    const ended = async (route: Route) =>
      route.fulfill({
        response: await route.fetch({
          headers: { ...route.request().headers(), cookie: 'tahaluf_session=thf_ended.session' },
        }),
      });
    await page.route(/\/api\/intel\/feed(\?.*)?$/, ended);
    await page.click('[data-testid="intel-refresh"]');
    await expect
      .poll(() => feedError.textContent())
      .toBe(
        en
          ? 'Your session has ended (expired, revoked or signed out). Sign in again.'
          : 'انتهت جلستك (انقضت مدتها أو أُلغيت أو سُجّل الخروج). سجّل الدخول مجددًا.',
      );
    await page.unrouteAll();
  });

  it('Early warning: the public notice gives the node’s reason when a session has ended', async () => {
    const { page } = node;
    await node.actAs(null);
    // The picture's request with a session cookie the node no longer honours (the node's own answer).
    const ended = async (route: Route) =>
      route.fulfill({
        response: await route.fetch({
          headers: { ...route.request().headers(), cookie: 'tahaluf_session=thf_ended.session' },
        }),
      });
    await page.route(/\/api\/warning\/picture$/, ended);
    await page.goto(`${node.url}/#/warning`);
    const notice = page.locator('[data-testid="warning-signin"]');
    await expect
      .poll(() => notice.textContent())
      .toMatch(
        en
          ? /^Your session has ended \(expired, revoked or signed out\)\. Sign in again\. The early-warning picture is for members/
          : /^انتهت جلستك .* سجّل الدخول مجددًا\. /,
      );
    await page.unrouteAll();
    // Without a session at all, the notice alone (no reason line repeating it).
    await page.reload();
    await expect
      .poll(() => notice.textContent())
      .toMatch(
        en ? /^The early-warning picture is for members/ : /^صورة الإنذار المبكر مخصّصة للأعضاء/,
      );
  });

  it('no refusal shown above speaks in JSON paths or machine codes', async () => {
    // Each case above compared the whole text; this guards the rule itself on the last page shown.
    const shown = await node.page.locator('.error-text, [data-testid$="-error"]').allTextContents();
    for (const text of shown) expect(text).not.toMatch(MACHINE_WORDS);
  });
}

describe('every view’s refusals in an Arabic console', () => {
  const node = useBrowserNode({ locale: 'ar' });
  everyViewRefuses(node, 'ar');
});

describe('every view’s refusals in an English console', () => {
  const node = useBrowserNode({ locale: 'en-GB' });
  everyViewRefuses(node, 'en');
});
