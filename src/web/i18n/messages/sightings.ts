import type { Messages } from './types.js';

/** The sightings box of an object in the intelligence view (#19.6): "Sighted" and the count. */
export const sightings = {
  'sightings.title': { en: 'Sightings', ar: 'المشاهدات' },
  'sightings.total': {
    en: '{total, plural, one {# sighting reported} other {# sightings reported}}',
    ar: '{total, plural, zero {لم يُبلَّغ عن أي مشاهدة} one {أُبلغ عن مشاهدة واحدة} two {أُبلغ عن مشاهدتين} few {أُبلغ عن # مشاهدات} many {أُبلغ عن # مشاهدة} other {أُبلغ عن # مشاهدة}}',
  },
  'sightings.byMember': {
    en: '{member}: {count, plural, one {# time} other {# times}} ({label})',
    ar: '{member}: {count, plural, zero {لا مرات} one {مرة واحدة} two {مرتان} few {# مرات} many {# مرة} other {# مرة}} ({label})',
  },
  'sightings.anonymous': {
    en: '{reports, plural, one {# anonymous report} other {# anonymous reports}} (member not named), count {total}',
    ar: '{reports, plural, zero {لا بلاغات مجهولة} one {بلاغ مجهول واحد} two {بلاغان مجهولان} few {# بلاغات مجهولة} many {# بلاغاً مجهولاً} other {# بلاغ مجهول}} (دون تسمية العضو)، العدد {total}',
  },
  'sightings.sighted': { en: 'Sighted', ar: 'تمت المشاهدة' },
  'sightings.formTitle': {
    en: 'Report that your member saw this',
    ar: 'أبلغ أن دولتك العضو شاهدت هذا',
  },
  'sightings.count': { en: 'Times seen', ar: 'عدد مرات المشاهدة' },
  'sightings.classification': { en: 'Classification', ar: 'التصنيف' },
  'sightings.releasableTo': {
    en: 'Who may see the sighting and your member (releasable to, comma-separated)',
    ar: 'من يحق له رؤية المشاهدة ودولتك العضو (قابل للإفراج إلى، مفصولة بفواصل)',
  },
  'sightings.countToOriginator': {
    en: 'Also count it for the originator without naming my member',
    ar: 'احسبها أيضاً لدى الجهة المصدِرة دون تسمية دولتي العضو',
  },
  'sightings.submit': { en: 'Report sighting', ar: 'أرسل بلاغ المشاهدة' },
  'sightings.cancel': { en: 'Cancel', ar: 'إلغاء' },
  'sightings.reported': { en: 'Sighting reported.', ar: 'أُرسل بلاغ المشاهدة.' },
  'sightings.failed': { en: 'Not reported: {message}', ar: 'لم يُرسل البلاغ: {message}' },
} satisfies Messages;
