import type { Messages } from './types.js';

/** The shell: header, tabs, footer, not-found view, error boundary. */
export const shell = {
  'shell.home': { en: 'Tahaluf home', ar: 'الصفحة الرئيسية لمنصة تحالف' },
  'shell.brand': { en: 'Tahaluf', ar: 'تحالف' },
  'shell.tagline': {
    en: 'Collective-security alliance console',
    ar: 'منصة تحالف الأمن الجماعي',
  },
  'shell.documentTitle': { en: '{view} · Tahaluf — تحالف', ar: '{view} · تحالف — Tahaluf' },
  'shell.views': { en: 'Views', ar: 'الأقسام' },
  'shell.notFound.title': { en: 'Not found', ar: 'غير موجود' },
  'shell.notFound.body': {
    en: 'No view is called “{name}”. <link>Back to the map</link>.',
    ar: 'لا يوجد قسم باسم «{name}». <link>العودة إلى الخريطة</link>.',
  },
  'shell.footer': {
    en: 'Tahaluf coordinates, shares and warns. Every seeded fact carries its source.',
    ar: 'تحالف منصة للتنسيق وتبادل المعلومات والإنذار. كل معلومة مُدرجة مقرونة بمصدرها.',
  },
  'shell.language': { en: 'Language', ar: 'اللغة' },
  'shell.switchTo': { en: 'العربية', ar: 'English' },
  'shell.digits': { en: 'Arabic-Indic digits ٠١٢', ar: 'أرقام هندية ٠١٢' },
  'shell.digitsLabel': {
    en: 'Write numbers and dates in Arabic-Indic digits (٠١٢٣) instead of Latin digits (0123)',
    ar: 'كتابة الأرقام والتواريخ بالأرقام الهندية (٠١٢٣) بدلًا من الأرقام اللاتينية (0123)',
  },
  'shell.switchToLabel': {
    en: 'Show the console in Arabic (العربية)',
    ar: 'عرض المنصة بالإنجليزية (English)',
  },
  'shell.viewFailed': {
    en: 'The {view} view failed',
    ar: 'تعذّر عرض قسم «{view}»',
  },
  'shell.retry': { en: 'Try again', ar: 'إعادة المحاولة' },

  'tab.map': { en: 'Map', ar: 'الخريطة' },
  'tab.forces': { en: 'Forces', ar: 'القوات' },
  'tab.council': { en: 'Council', ar: 'المجلس' },
  'tab.obligations': { en: 'Obligations', ar: 'الالتزامات' },
  'tab.warning': { en: 'Early warning', ar: 'الإنذار المبكر' },
  'tab.intel': { en: 'Intelligence', ar: 'الاستخبارات' },
  'tab.programmes': { en: 'Programmes', ar: 'البرامج' },
  'tab.cohesion': { en: 'Cohesion', ar: 'التماسك' },
  'tab.procurement': { en: 'Procurement', ar: 'المشتريات الدفاعية' },
  'tab.cyber': { en: 'Cyber cases', ar: 'الحوادث السيبرانية' },
  'tab.accession': { en: 'Accession', ar: 'الانضمام' },
  'tab.events': { en: 'Events', ar: 'الأحداث' },
  'tab.documents': { en: 'Documents', ar: 'الوثائق' },
  'tab.record': { en: 'Record', ar: 'السجل' },

  'status.unreachable': {
    en: 'node unreachable: {message}',
    ar: 'تعذّر الوصول إلى العقدة: {message}',
  },
  'status.checking': { en: 'checking node…', ar: 'جارٍ فحص العقدة…' },
  'status.up': { en: 'node up', ar: 'العقدة تعمل' },
  'status.status': { en: 'status', ar: 'الحالة' },
  'status.mode': { en: 'mode', ar: 'النمط' },
  'status.store': { en: 'store', ar: 'التخزين' },
  'status.bus': { en: 'bus', ar: 'ناقل الرسائل' },
  'status.demoLogin': { en: 'demo login', ar: 'دخول تجريبي' },
  'status.yes': { en: 'yes', ar: 'نعم' },
  'status.no': { en: 'no', ar: 'لا' },
} satisfies Messages;
