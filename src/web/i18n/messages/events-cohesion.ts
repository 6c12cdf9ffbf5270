import type { Messages } from './types.js';

/** The Events and Cohesion views. */
export const eventsCohesion = {
  'events.latest': { en: 'Latest events', ar: 'أحدث الأحداث' },
  'events.signIn': {
    en: 'Sign in or act as a member state to record an event.',
    ar: 'سجّل الدخول أو تصرّف بصفة دولة عضو لتسجيل حدث.',
  },
  'events.recordAs': { en: 'Record an event as {who}', ar: 'تسجيل حدث بصفة {who}' },
  'events.theSecretariat': { en: 'the secretariat', ar: 'الأمانة العامة' },
  'events.date': { en: 'Date', ar: 'التاريخ' },
  'events.title': { en: 'Title', ar: 'العنوان' },
  'events.description': { en: 'What happened', ar: 'ما الذي حدث' },
  'events.states': {
    en: 'States (ISO3, comma-separated)',
    ar: 'الدول (رموز ISO3، تفصل بينها فواصل)',
  },
  'events.alliances': {
    en: 'Alliances (ids, comma-separated)',
    ar: 'التحالفات (المعرّفات، تفصل بينها فواصل)',
  },
  'events.sourceTitle': { en: 'Source title', ar: 'عنوان المصدر' },
  'events.sourceUrl': { en: 'Source URL', ar: 'رابط المصدر' },
  'events.submit': { en: 'Sign and record', ar: 'التوقيع والتسجيل' },
  'events.done': {
    en: 'recorded {id} as act #{seq}',
    ar: 'سُجّل {id} بوصفه القيد رقم {seq}',
  },

  'cohesion.from': { en: 'From', ar: 'من' },
  'cohesion.to': { en: 'To', ar: 'إلى' },
  'cohesion.loading': { en: 'loading…', ar: 'جارٍ التحميل…' },
  'cohesion.gcc': { en: 'GCC', ar: 'مجلس التعاون الخليجي' },
  'cohesion.jointArabForce': {
    en: 'Joint Arab force (proposed)',
    ar: 'القوة العربية المشتركة (مقترحة)',
  },
  'cohesion.col.index': { en: 'index ({day})', ar: 'المؤشر ({day})' },
  'cohesion.col.value': { en: 'value', ar: 'القيمة' },
  'cohesion.col.of': { en: 'of', ar: 'من أصل' },
  'cohesion.formulas': {
    en: 'Formulas and the acts each index reads: docs/programmes.md, “Cohesion over time”.',
    ar: 'الصيغ والقيود التي يقرؤها كل مؤشر: docs/programmes.md، قسم “Cohesion over time”.',
  },
  'cohesion.chart': { en: 'cohesion indices across time', ar: 'مؤشرات التماسك عبر الزمن' },
  'cohesion.illustrative': {
    en: 'Programme indices count these <b>illustrative</b> programmes (seeded examples, not the members’ acts):',
    ar: 'تحتسب مؤشرات البرامج هذه البرامج <b>التوضيحية</b> (أمثلة مُدرجة، لا قيود صادرة عن الأعضاء):',
  },
  'cohesion.sources': { en: ' Sources: ', ar: ' المصادر: ' },
  'cohesion.index.treatyOverlap': { en: 'treaty overlap', ar: 'تداخل المعاهدات' },
  'cohesion.index.councilAgreement': { en: 'council agreement', ar: 'التوافق في المجلس' },
  'cohesion.index.exerciseParticipation': {
    en: 'exercise participation',
    ar: 'المشاركة في التمارين',
  },
  'cohesion.index.intelligenceShared': {
    en: 'intelligence shared',
    ar: 'المعلومات الاستخبارية المتبادلة',
  },
  'cohesion.index.intelligencePairs': {
    en: 'intelligence between pairs',
    ar: 'التبادل الاستخباري بين الأزواج',
  },
  'cohesion.index.interoperability': {
    en: 'interoperability (data)',
    ar: 'قابلية التشغيل البيني (البيانات)',
  },
  'cohesion.index.programmeParticipation': {
    en: 'programme participation',
    ar: 'المشاركة في البرامج',
  },
  'cohesion.index.milestonesMet': { en: 'milestones met', ar: 'المراحل المنجزة' },
} satisfies Messages;
