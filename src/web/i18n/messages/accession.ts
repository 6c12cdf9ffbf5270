import type { Messages } from './types.js';

/** The Accession view: an alliance's life cycle (applications, admission, ratification … withdrawal). */
export const accession = {
  'accession.alliance': { en: 'Alliance', ar: 'التحالف' },
  'accession.status': {
    en: 'status: {status, select, in_force {in force} proposed {proposed} ended {ended} other {{status}}}',
    ar: 'الحالة: {status, select, in_force {نافذ} proposed {مقترح} ended {منتهٍ} other {{status}}}',
  },
  'accession.loading': { en: 'loading…', ar: 'جارٍ التحميل…' },
  'accession.states': { en: 'States', ar: 'الدول' },
  'accession.col.state': { en: 'state', ar: 'الدولة' },
  'accession.col.applied': { en: 'applied', ar: 'تقدّمت بطلب' },
  'accession.col.admitted': { en: 'admitted', ar: 'قُبلت' },
  'accession.col.signed': { en: 'signed', ar: 'وقّعت' },
  'accession.col.ratified': { en: 'ratified', ar: 'صادقت' },
  'accession.col.deposited': { en: 'deposited', ar: 'أودعت' },
  'accession.col.inForce': { en: 'in force', ar: 'النفاذ' },
  'accession.col.withdrawal': { en: 'withdrawal', ar: 'الانسحاب' },
  'accession.col.reservations': {
    en: 'reservations, declarations',
    ar: 'التحفّظات والإعلانات',
  },
  'accession.withdrawalDates': { en: '{date} → {effective}', ar: '{date} ← {effective}' },
  'accession.reservation': {
    en: '{kind, select, reservation {reservation} declaration {declaration} other {{kind}}} on {article}: {text}',
    ar: '{kind, select, reservation {تحفّظ} declaration {إعلان} other {{kind}}} على {article}: {text}',
  },
  'accession.noParties': {
    en: 'No life-cycle acts recorded on this node.',
    ar: 'لا أعمال مسجّلة في دورة حياة هذا التحالف على هذه العقدة.',
  },
  'accession.signedActs': { en: 'Signed acts', ar: 'الأعمال الموقّعة' },
  'accession.act': {
    en: '#{seq} {date} {kind}{state, select, none {} other { {state}}} — signed by {actor}',
    ar: 'رقم {seq}، {date}: {kind}{state, select, none {} other { — {state}}} — وقّعه {actor}',
  },
  'accession.kind': {
    en: '{kind, select, application {application} admission {admission} signature {signature} ratification {ratification} deposit {deposit} entry_into_force {entry into force} reservation {reservation} declaration {declaration} suspension {suspension} readmission {readmission} withdrawal {withdrawal} exit {exit} other {{kind}}}',
    ar: '{kind, select, application {طلب انضمام} admission {قبول} signature {توقيع} ratification {تصديق} deposit {إيداع} entry_into_force {دخول حيّز النفاذ} reservation {تحفّظ} declaration {إعلان} suspension {تعليق العضوية} readmission {إعادة القبول} withdrawal {انسحاب} exit {خروج} other {{kind}}}',
  },
  'accession.noRules': {
    en: 'No sourced life-cycle rules for this alliance: no act is accepted.',
    ar: 'لا قواعد موثّقة المصدر لدورة حياة هذا التحالف: لا يُقبل أي عمل.',
  },
  'accession.rules': { en: 'Rules', ar: 'القواعد' },
  'accession.entry': {
    en: 'Members join by {entry, select, admission {the council’s admission} other {admission, then signature, ratification, deposit and entry into force}}.',
    ar: 'تنضمّ الدول الأعضاء {entry, select, admission {بقرار قبول من المجلس} other {بالقبول ثم التوقيع فالتصديق فالإيداع فدخول حيّز النفاذ}}.',
  },
  'accession.admissionRule': {
    en: 'Admission: charter <b>{charter}</b>, decision type <b>{decisionType}</b> ({article}), on matter <code>{matter}</code>.',
    ar: 'القبول: الميثاق <b>{charter}</b>، نوع القرار <b>{decisionType}</b> ({article})، في المسألة <code>{matter}</code>.',
  },
  'accession.unverified': { en: 'Unverified: {text}', ar: 'غير متحقَّق منه: {text}' },
  'accession.withdrawalRule': {
    en: 'Withdrawal: {months, plural, one {# month’s} other {# months’}} notice ({article}).',
    ar: 'الانسحاب: بإشعار مدته {months, plural, zero {# شهر} one {شهر واحد} two {شهران} few {# أشهر} many {# شهرًا} other {# شهر}} ({article}).',
  },
  'accession.conclusion': {
    en: 'Text in force from {date} (act {actId}): {provisions}',
    ar: 'النص نافذ اعتبارًا من {date} (العمل {actId}): {provisions}',
  },
  'accession.noClauses': { en: 'no clauses', ar: 'لا بنود' },
  'accession.signInToAct': {
    en: 'Sign in or act as a member state to record an act.',
    ar: 'سجّل الدخول أو اختر دولة عضوًا في «بصفة» لتسجيل عمل.',
  },
  'accession.recordAs': {
    en: 'Record an act as {who}',
    ar: 'تسجيل عمل بصفة {who}',
  },
  'accession.field.act': { en: 'Act', ar: 'العمل' },
  'accession.field.state': { en: 'State (ISO 3166 alpha-3 code)', ar: 'الدولة (رمز ISO الثلاثي)' },
  'accession.field.stateEmpty': {
    en: '(empty: the text itself)',
    ar: '(فارغ: النص نفسه)',
  },
  'accession.field.date': { en: 'Date', ar: 'التاريخ' },
  'accession.field.decision': {
    en: 'Council decision (adopted, matter {matter}); its id begins with proc_',
    ar: 'قرار المجلس (المعتمد، في المسألة {matter})؛ يبدأ معرّفه بـ proc_',
  },
  'accession.field.article': { en: 'Article (e.g. Art. 5)', ar: 'المادة (مثل Art. 5)' },
  'accession.field.text': { en: 'Text', ar: 'النص' },
  'accession.field.obligation': {
    en: 'Obligation of that article',
    ar: 'الالتزام الذي تنصّ عليه المادة',
  },
  'accession.obligation': {
    en: '{obligation, select, defense {defense} offense {offense} neutral {neutral} nonagg {nonagg} consul {consul} other {{obligation}}}',
    ar: '{obligation, select, defense {الدفاع} offense {الهجوم} neutral {الحياد} nonagg {عدم الاعتداء} consul {التشاور} other {{obligation}}}',
  },
  'accession.field.summary': { en: 'Clause in a sentence', ar: 'البند في جملة واحدة' },
  'accession.submit': { en: 'Sign and record', ar: 'وقّع وسجّل' },
  'accession.notInForce': {
    en: 'The text is not in force: founding states sign it directly.',
    ar: 'النص غير نافذ: توقّعه الدول المؤسِّسة مباشرة.',
  },
  'accession.obligations': {
    en: 'Obligations under this alliance',
    ar: 'الالتزامات بموجب هذا التحالف',
  },
  'accession.ob.if': { en: 'If', ar: 'إذا تعرّضت' },
  'accession.ob.stateLabel': {
    en: 'Attacked state (ISO 3166 alpha-3 code)',
    ar: 'الدولة المعتدى عليها (رمز ISO الثلاثي)',
  },
  'accession.ob.attackedOn': { en: 'is attacked on', ar: 'للهجوم في' },
  'accession.ob.dateLabel': { en: 'Date of the attack', ar: 'تاريخ الهجوم' },
  'accession.ob.bound': {
    en: '{state} {obligation} ({article})',
    ar: '{state}: {obligation} ({article})',
  },
  'accession.ob.articleUnknown': { en: 'article unknown', ar: 'المادة غير معروفة' },
  'accession.ob.none': {
    en: 'no state is bound under this alliance',
    ar: 'لا دولة ملزمة بموجب هذا التحالف',
  },
} satisfies Messages;
