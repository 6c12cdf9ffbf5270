import type { Messages } from './types.js';

const UNITS_AR =
  '{count, plural, zero {لا وحدات} one {وحدة واحدة} two {وحدتان} few {# وحدات} many {# وحدة} other {# وحدة}}';

/** The Procurement view (defence-industrial proposal tied to the data-link gaps). */
export const procurement = {
  'procurement.alliance': { en: 'Alliance', ar: 'التحالف' },
  'procurement.gcc': { en: 'GCC', ar: 'مجلس التعاون الخليجي' },
  'procurement.jointArabForce': {
    en: 'Joint Arab force (proposed)',
    ar: 'القوة العربية المشتركة (مقترحة)',
  },
  'procurement.arabLeague': { en: 'Arab League', ar: 'جامعة الدول العربية' },
  'procurement.budget': {
    en: 'Units that may be re-equipped',
    ar: 'عدد الوحدات التي يجوز إعادة تجهيزها',
  },
  'procurement.computing': { en: 'computing…', ar: 'جارٍ الحساب…' },
  'procurement.proposal': { en: 'Proposal', ar: 'المقترح' },
  'procurement.recordAs': {
    en: 'Record this proposal as {member}',
    ar: 'تسجيل هذا المقترح بصفة {member}',
  },
  'procurement.actAs': {
    en: 'Act as a member state to record the proposal.',
    ar: 'تصرّف بصفة دولة عضو لتسجيل المقترح.',
  },
  'procurement.recorded': { en: 'Recorded proposals', ar: 'المقترحات المسجّلة' },
  'procurement.noneRecorded': {
    en: 'None recorded for {alliance}.',
    ar: 'لا مقترحات مسجّلة لـ{alliance}.',
  },
  'procurement.heading': {
    en: '{standard} · proposed by {by} on {date} · ',
    ar: '{standard} · اقترحه {by} في {date} · ',
  },
  'procurement.sep': { en: '; ', ar: '؛ ' },
  'procurement.status.open': { en: 'open', ar: 'مفتوح' },
  'procurement.status.committed': { en: 'committed', ar: 'ملتزَم به' },
  'procurement.commitments': { en: 'Commitments: {list}', ar: 'الالتزامات: {list}' },
  'procurement.noneYet': { en: 'none yet', ar: 'لا شيء بعد' },
  'procurement.units': { en: '{count} unit(s)', ar: UNITS_AR },
  'procurement.commitNote': {
    en: '{member} commits to re-equip {count} unit(s)',
    ar: 'تلتزم {member} بإعادة تجهيز ' + UNITS_AR,
  },
  'procurement.commit': {
    en: 'Commit as {member} to re-equip {count} unit(s)',
    ar: 'الالتزام بصفة {member} بإعادة تجهيز ' + UNITS_AR,
  },
  'procurement.none': {
    en: '{units} units, {gaps} data gaps: none closes within a budget of {budget}.',
    ar: '{units} وحدة، و{gaps} ثغرة في تبادل البيانات: لا يُسدّ أيٌّ منها ضمن ميزانية قدرها {budget}.',
  },
  'procurement.standard': {
    en: 'Common standard: <b>{standard}</b>',
    ar: 'المعيار المشترك: <b>{standard}</b>',
  },
  'procurement.closed': {
    en: 'Data gaps closed: {closed} of {gaps} among {units} units',
    ar: 'الثغرات المسدودة في تبادل البيانات: {closed} من أصل {gaps} بين {units} وحدة',
  },
  'procurement.optimum': {
    en: ' (brute-force optimum: {optimum})',
    ar: ' (الحل الأمثل بالبحث الشامل: {optimum})',
  },
  'procurement.changes': { en: 'Equipment changes: {list}', ar: 'تغييرات التجهيز: {list}' },
  'procurement.gainers': {
    en: 'Who gains a data link: {list}',
    ar: 'من يكسب وصلة بيانات: {list}',
  },
  'procurement.shortfalls': {
    en: 'Force-generation shortfalls: {list}',
    ar: 'أوجه النقص في توليد القوات: {list}',
  },
} satisfies Messages;
