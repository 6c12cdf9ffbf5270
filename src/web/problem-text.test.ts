import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { catalogue, type MessageId } from './i18n/messages/index.js';
import { plainProblem, problemText, type FieldLabels } from './problem-text.js';

const labels: [RegExp, string][] = [
  [/\/homeBase\/lon$/, 'Longitude'],
  [/\/size$/, 'Troops'],
];

describe('plainProblem', () => {
  it('names the field as the form labels it and says the schema phrase in words', () => {
    const e = new ApiError(
      400,
      'Bad Request',
      'body/units/0/homeBase/lon must be number',
      'bad_input',
      'body/units/0/homeBase/lon',
    );
    expect(plainProblem(e, labels)).toEqual({
      field: 'body/units/0/homeBase/lon',
      label: 'Longitude',
      text: 'Longitude must be a number.',
    });
  });

  it('prefixes the label when the text does not name the field, keeps unknown fields as sent', () => {
    const e = new ApiError(400, 'Bad Request', 'must be >= 1', 'bad_input', 'body/units/0/size');
    expect(plainProblem(e, labels).text).toBe('Troops: must be at least 1.');
    const other = new ApiError(
      400,
      'Bad',
      'body/availableFrom is not a date',
      'x',
      'body/availableFrom',
    );
    expect(plainProblem(other, labels).text).toBe('body/availableFrom is not a date.');
  });

  it('passes other errors through', () => {
    expect(plainProblem(new Error('offline')).text).toBe('offline');
  });
});

describe('problemText: the API’s detailCode in the reader’s language', () => {
  const reader = (locale: 'en' | 'ar') => {
    const messages = catalogue(locale);
    return {
      t: (id: MessageId, values?: Record<string, string | number>) =>
        String(
          // Arabic with Arabic-Indic digits, as the console's default for Arabic has them.
          new IntlMessageFormat(messages[id], locale === 'ar' ? 'ar-u-nu-arab' : 'en').format(
            values ?? {},
          ),
        ),
    };
  };
  const lonLabels = (locale: 'en' | 'ar'): [RegExp, string][] => [
    [/\/homeBase\/lon$/, locale === 'en' ? 'Longitude' : 'خط الطول'],
  ];
  const typeError = new ApiError(
    400,
    'Bad Request',
    'body/units/0/homeBase/lon must be number',
    'invalid_input',
    'body/units/0/homeBase/lon',
    undefined,
    'validation.type',
    { type: 'number' },
  );

  it('names the field by the form’s label, in English and in Arabic', () => {
    expect(problemText(typeError, reader('en'), { labels: lonLabels('en') }).text).toBe(
      'Longitude must be a number.',
    );
    expect(problemText(typeError, reader('ar'), { labels: lonLabels('ar') }).text).toBe(
      'يجب أن يكون «خط الطول» رقمًا.',
    );
  });

  it('fills a refusal’s parameters, members by their names in the reader’s language', () => {
    const e = new ApiError(
      422,
      'Unprocessable Content',
      'QAT has already voted in p-1',
      'already_voted',
      undefined,
      undefined,
      'already_voted',
      { member: 'QAT', procedure: 'p-1' },
    );
    const names = (locale: 'en' | 'ar') => (iso3: string) =>
      iso3 === 'QAT' ? (locale === 'en' ? 'Qatar' : 'قطر') : iso3;
    expect(problemText(e, reader('en'), { stateName: names('en') }).text).toBe(
      'Qatar has already voted in this procedure.',
    );
    expect(problemText(e, reader('ar'), { stateName: names('ar') }).text).toBe(
      'صوّتت قطر في هذا الإجراء من قبل.',
    );
  });

  it('says a limit in the reader’s digits and an empty text as empty', () => {
    const min = new ApiError(
      400,
      'Bad',
      'body/units/0/size must be >= 1',
      'invalid_input',
      'body/units/0/size',
      undefined,
      'validation.minimum',
      { comparison: '>=', limit: 1 },
    );
    expect(problemText(min, reader('en'), { labels }).text).toBe('Troops must be at least 1.');
    expect(problemText(min, reader('ar'), { labels: [[/\/size$/, 'القوات']] }).text).toBe(
      'يجب ألا يقل «القوات» عن ١.',
    );
    const empty = new ApiError(
      400,
      'Bad',
      'body/name must NOT have fewer than 1 characters',
      'invalid_input',
      'body/name',
      undefined,
      'validation.minLength',
      { limit: 1 },
    );
    expect(problemText(empty, reader('en'), { labels: [[/\/name$/, 'Title']] }).text).toBe(
      'Title must not be empty.',
    );
  });

  it('says a date-time format error in Arabic and in English', () => {
    const bad = new ApiError(
      400,
      'Bad Request',
      'body/deadline must match format "date-time"',
      'invalid_input',
      'body/deadline',
      undefined,
      'validation.format',
      { format: 'date-time' },
    );
    const deadline = (locale: 'en' | 'ar'): [RegExp, string][] => [
      [/\/deadline$/, locale === 'en' ? 'Deadline' : 'الموعد النهائي'],
    ];
    expect(problemText(bad, reader('en'), { labels: deadline('en') }).text).toBe(
      'Deadline is not a valid date and time (e.g. 2025-09-15T12:00:00Z).',
    );
    expect(problemText(bad, reader('ar'), { labels: deadline('ar') }).text).toBe(
      '«الموعد النهائي» ليس تاريخًا ووقتًا صالحين (مثل 2025-09-15T12:00:00Z).',
    );
  });

  it('says why a sign-in is wanted: none yet, or a session that ended', () => {
    const none = new ApiError(
      401,
      'Unauthorized',
      'a valid API token is required',
      'unauthorized',
      undefined,
      undefined,
      'sign_in_required',
      {},
    );
    const ended = new ApiError(
      401,
      'Unauthorized',
      'your console session has ended (expired, revoked or signed out)',
      'unauthorized',
      undefined,
      undefined,
      'session_ended',
      {},
    );
    expect(problemText(none, reader('en')).text).toBe('Sign in to do this.');
    expect(problemText(none, reader('ar')).text).toBe('سجّل الدخول للقيام بذلك.');
    expect(problemText(ended, reader('en')).text).toMatch(/^Your session has ended/);
    expect(problemText(ended, reader('ar')).text).toMatch(/^انتهت جلستك/);
  });

  it('says the views’ domain refusals (#13): states, alliances and acts by name, fields by label', () => {
    const names = (locale: 'en' | 'ar') => (iso3: string) =>
      ({
        PAK: locale === 'en' ? 'Pakistan' : 'باكستان',
        QAT: locale === 'en' ? 'Qatar' : 'قطر',
        EGY: locale === 'en' ? 'Egypt' : 'مصر',
      })[iso3] ?? iso3;
    const alliances = (locale: 'en' | 'ar') => (id: string) =>
      id === 'joint-arab-force'
        ? locale === 'en'
          ? 'Joint Arab Force'
          : 'القوة العربية المشتركة'
        : id;
    const outsider = new ApiError(
      422,
      'Unprocessable Content',
      'PAK is not an active member of joint-arab-force',
      'not_a_member',
      undefined,
      undefined,
      'not_a_member',
      { member: 'PAK', alliance: 'joint-arab-force', day: '2026-03-02' },
    );
    expect(
      problemText(outsider, reader('en'), { stateName: names('en'), allianceName: alliances('en') })
        .text,
    ).toBe('Pakistan is not a member of Joint Arab Force on 2026-03-02.');
    expect(
      problemText(outsider, reader('ar'), { stateName: names('ar'), allianceName: alliances('ar') })
        .text,
    ).toBe('باكستان ليست عضوًا في القوة العربية المشتركة بتاريخ 2026-03-02.');

    const other = new ApiError(
      403,
      'Forbidden',
      'a application is the act of EGY itself, not of QAT',
      'forbidden',
      undefined,
      undefined,
      'act_of_the_state',
      { kind: 'application', member: 'EGY', actor: 'QAT' },
    );
    const kind = (locale: 'en' | 'ar') => ({
      kind: (k: string) =>
        k === 'application' ? (locale === 'en' ? 'application' : 'طلب انضمام') : k,
    });
    expect(
      problemText(other, reader('en'), { stateName: names('en'), paramText: kind('en') }).text,
    ).toBe('This act (application) is for Egypt itself to take, not Qatar.');
    expect(
      problemText(other, reader('ar'), { stateName: names('ar'), paramText: kind('ar') }).text,
    ).toBe('«طلب انضمام» عمل تقوم به مصر نفسها، لا قطر.');

    const stix = new ApiError(
      400,
      'Bad Request',
      "'x' is not a STIX 2.1 id (type--uuid)",
      'invalid_input',
      'stixIds/0',
      undefined,
      'not_stix_id',
      { value: 'x' },
    );
    expect(
      problemText(stix, reader('en'), { labels: [[/(^|\/)stixIds(\/\d+)?$/, 'Linked STIX ids']] })
        .text,
    ).toBe('Linked STIX ids: “x” is not a STIX 2.1 id (type--uuid, e.g. indicator--…).');
    expect(
      problemText(stix, reader('ar'), { labels: [[/(^|\/)stixIds(\/\d+)?$/, 'معرّفات STIX']] }).text,
    ).toBe('«معرّفات STIX»: «x» ليس معرّف STIX 2.1 (النوع--uuid، مثل indicator--…).');

    const missing = new ApiError(
      404,
      'Not Found',
      "act 'act_1' does not exist",
      'not_found',
      undefined,
      undefined,
      'not_found',
      { what: 'act', id: 'act_1' },
    );
    expect(problemText(missing, reader('en')).text).toBe(
      'The act “act_1” does not exist (or is not visible to you).',
    );
    expect(problemText(missing, reader('ar')).text).toBe(
      'العمل «act_1» غير موجود (أو غير مرئي لك).',
    );

    const fr = new ApiError(
      422,
      'Unprocessable Content',
      'body/languages/1: not in fr',
      'cap_language_unavailable',
      'body/languages/1',
      undefined,
      'cap_language_unavailable',
      { value: 'fr', available: 'en, ar' },
    );
    expect(
      problemText(fr, reader('en'), { labels: [[/^body\/languages(\/\d+)?$/, 'Language tags']] })
        .text,
    ).toBe('Language tags: Tahaluf writes CAP warnings in en, ar, not in “fr”.');
    expect(
      problemText(fr, reader('ar'), { labels: [[/^body\/languages(\/\d+)?$/, 'وسوم اللغات']] })
        .text,
    ).toBe('«وسوم اللغات»: يكتب تحالف رسائل الإنذار CAP بـen, ar، لا بـ«fr».');

    const short = new ApiError(
      400,
      'Bad Request',
      'the title must be 3 to 200 characters',
      'invalid_input',
      'title',
      undefined,
      'text_length',
      { min: 3, max: 200 },
    );
    expect(problemText(short, reader('en'), { labels: [[/(^|\/)title$/, 'Title']] }).text).toBe(
      'Title must have 3 to 200 characters (spaces alone do not count).',
    );
    expect(problemText(short, reader('ar'), { labels: [[/(^|\/)title$/, 'العنوان']] }).text).toBe(
      'يجب أن يتكون «العنوان» من ٣ إلى ٢٠٠ حرفًا (لا تُحتسب المسافات وحدها).',
    );
  });

  it('says a life-cycle date before an earlier step, the step in the reader’s words', () => {
    const e = new ApiError(
      400,
      'Bad Request',
      "2026-01-01 is before PAK's signature (2026-02-01)",
      'invalid_input',
      'date',
      undefined,
      'date_before_step',
      { date: '2026-01-01', member: 'PAK', step: 'signature', stepDate: '2026-02-01' },
    );
    const pak = (locale: 'en' | 'ar') => (iso3: string) =>
      iso3 === 'PAK' ? (locale === 'en' ? 'Pakistan' : 'باكستان') : iso3;
    expect(problemText(e, reader('en'), { stateName: pak('en') }).text).toBe(
      'The date 2026-01-01 is before Pakistan’s signature (2026-02-01).',
    );
    expect(problemText(e, reader('ar'), { stateName: pak('ar') }).text).toBe(
      'التاريخ 2026-01-01 سابق لـتوقيع باكستان (2026-02-01).',
    );
  });

  it('says the rarer refusals (cyber, programmes, procurement, accession, drills) in both languages', () => {
    const problem = (
      status: number,
      detail: string,
      code: string,
      detailCode: string,
      detailParams: Record<string, string | number>,
      field?: string,
    ) => new ApiError(status, 'Refused', detail, code, field, undefined, detailCode, detailParams);
    const names = (locale: 'en' | 'ar') => (iso3: string) =>
      ({
        OMN: locale === 'en' ? 'Oman' : 'عُمان',
        QAT: locale === 'en' ? 'Qatar' : 'قطر',
      })[iso3] ?? iso3;
    const alliances = (locale: 'en' | 'ar') => (id: string) =>
      id === 'gcc' ? (locale === 'en' ? 'the GCC' : 'مجلس التعاون') : id;
    const say = (e: ApiError, locale: 'en' | 'ar', labels: FieldLabels = []) =>
      problemText(e, reader(locale), {
        labels,
        stateName: names(locale),
        allianceName: alliances(locale),
      }).text;

    const exists = problem(422, 'case c-1 exists', 'exists', 'exists', { what: 'case', id: 'c-1' });
    expect(say(exists, 'en')).toBe('The case “c-1” already exists.');
    expect(say(exists, 'ar')).toBe('الحالة «c-1» موجودة من قبل.');

    const owner = problem(
      422,
      'owner OMN does not take part in p-1',
      'owner_not_participant',
      'owner_not_participant',
      { member: 'OMN', programme: 'Cyber incident-response network' },
      'owner',
    );
    expect(say(owner, 'en')).toBe(
      'The milestone’s owner, Oman, does not take part in the programme “Cyber incident-response network”.',
    );
    expect(say(owner, 'ar')).toBe(
      'لا تشارك عُمان، المسؤولة عن المرحلة، في البرنامج «Cyber incident-response network».',
    );

    const many = problem(
      422,
      'at most fifty milestones',
      'too_many_milestones',
      'too_many_milestones',
      {
        max: 50,
      },
    );
    expect(say(many, 'en')).toBe('A programme has at most 50 milestones.');
    expect(say(many, 'ar')).toBe('لا يتجاوز عدد مراحل البرنامج ٥٠ مرحلة.');

    const unit = problem(
      400,
      "a personnel contribution is in 'persons'",
      'invalid_input',
      'contribution_unit',
      { kind: 'personnel', unit: 'persons' },
      'unit',
    );
    const unitLabel = (locale: 'en' | 'ar'): FieldLabels => [
      [/(^|\/)unit$/, locale === 'en' ? 'Unit' : 'الوحدة'],
    ];
    expect(say(unit, 'en', unitLabel('en'))).toBe(
      'Unit: a personnel contribution is counted in “persons”.',
    );
    expect(say(unit, 'ar', unitLabel('ar'))).toBe('«الوحدة»: تُحسب مساهمة الأفراد بوحدة «persons».');

    const noForces = problem(
      422,
      'the forces module is not part of this node: no units',
      'no_forces_module',
      'no_forces_module',
      {},
    );
    expect(say(noForces, 'en')).toBe(
      'This node does not run the forces module: it has no units to plan procurement for.',
    );
    expect(say(noForces, 'ar')).toBe(
      'لا تشغّل هذه العقدة وحدة القوات: فلا وحدات لديها يُخطَّط لتجهيزها.',
    );

    const leaving = problem(
      409,
      'QAT leaves Gulf Cooperation Council on 2027-03-01 already',
      'withdrawal_pending',
      'withdrawal_pending',
      { member: 'QAT', alliance: 'gcc', date: '2027-03-01' },
      'state',
    );
    expect(say(leaving, 'en')).toBe(
      'Qatar has already given notice: its membership of the GCC ends on 2027-03-01.',
    );
    expect(say(leaving, 'ar')).toBe(
      'أشعرت قطر بانسحابها من قبل: تنتهي عضويتها في مجلس التعاون في 2027-03-01.',
    );

    const drill = problem(
      422,
      'exercise ex-7 was cancelled',
      'drill_cancelled',
      'drill_cancelled',
      { exercise: 'ex-7' },
      'exerciseId',
    );
    expect(say(drill, 'en')).toBe('The exercise ex-7 was cancelled: its drill does not run.');
    expect(say(drill, 'ar')).toBe('أُلغي التمرين ex-7: فلا يجري تدريبه.');
  });

  it('falls back to the English detail for a code the catalogue does not know, or none', () => {
    const unknown = new ApiError(
      422,
      'Unprocessable Content',
      'the moon is full',
      'moon_full',
      undefined,
      undefined,
      'moon_full',
      {},
    );
    expect(problemText(unknown, reader('ar')).text).toBe('The moon is full.');
    const none = new ApiError(
      400,
      'Bad',
      'body/units/0/homeBase/lon must be number',
      'x',
      'body/units/0/homeBase/lon',
    );
    expect(problemText(none, reader('ar'), { labels }).text).toBe('Longitude must be a number.');
  });
});
