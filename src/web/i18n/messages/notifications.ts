import type { Messages } from './types.js';

/** The notification bell (#13.11): a vote due, new intelligence, an incoming alert. */
export const notifications = {
  // The name carries the badge's number as the badge writes it ({n}, the reader's digits): a name that
  // leaves out the visible text fails WCAG 2.5.3 (axe label-content-name-mismatch; Arabic's one and two
  // forms had no number at all).
  'notify.bell': {
    en: '{count, plural, =0 {Notifications} other {Notifications, {n} new}}',
    ar: '{count, plural, =0 {الإشعارات} zero {الإشعارات} one {الإشعارات، {n} جديد} two {الإشعارات، {n} جديدان} few {الإشعارات، {n} إشعارات جديدة} many {الإشعارات، {n} إشعارًا جديدًا} other {الإشعارات، {n} إشعار جديد}}',
  },
  'notify.list': { en: 'Notifications', ar: 'قائمة الإشعارات' },
  'notify.empty': {
    en: 'Nothing new since this page opened.',
    ar: 'لا جديد منذ فتح هذه الصفحة.',
  },
  'notify.clear': { en: 'Clear all', ar: 'مسح الكل' },
  'notify.vote': {
    en: 'Vote due: “{title}”, opened by {by} ({at}).',
    ar: 'تصويت مطلوب: «{title}»، فتحته {by} ({at}).',
  },
  'notify.position': {
    en: 'Position due: “{title}”, opened by {by} ({at}).',
    ar: 'موقف مطلوب: «{title}»، فتحته {by} ({at}).',
  },
  'notify.objection': {
    en: 'Silence procedure: “{title}”, opened by {by} ({at}); object before the deadline to break silence.',
    ar: 'إجراء الصمت: «{title}»، فتحته {by} ({at})؛ اعترض قبل المهلة لكسر الصمت.',
  },
  'notify.intel': {
    en: 'New intelligence from {originator}: “{name}” ({at}).',
    ar: 'معلومات استخبارية جديدة من {originator}: «{name}» ({at}).',
  },
} satisfies Messages;
