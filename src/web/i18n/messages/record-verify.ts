import type { Messages } from './types.js';

/** The skip link and the record's Verify panel (#13.7, #13.8). */
export const recordVerify = {
  'a11y.skipToContent': { en: 'Skip to content', ar: 'انتقل إلى المحتوى' },
  'verify.button': { en: 'Verify the record now', ar: 'تحقّق من السجل الآن' },
  'verify.busy': { en: 'Verifying…', ar: 'جارٍ التحقّق…' },
  'verify.signIn': {
    en: 'Sign in to verify from the console.',
    ar: 'سجّل الدخول للتحقّق من المنصة.',
  },
  'verify.ok': {
    en: 'Verified: {acts, plural, one {# act} other {# acts}}, every check passed ({seconds} s, {at}).',
    ar: 'تم التحقّق: {acts, plural, zero {لا قيود} one {قيد واحد} two {قيدان} few {# قيود} many {# قيدًا} other {# قيد}}، ونجحت كل الفحوص ({seconds} ث، {at}).',
  },
  'verify.failed': {
    en: 'Verification FAILED: see the lines marked failed ({seconds} s, {at}).',
    ar: 'فشل التحقّق: انظر الأسطر المعلَّمة بالفشل ({seconds} ث، {at}).',
  },
  'verify.check': { en: 'Check', ar: 'الفحص' },
  'verify.result': { en: 'Result', ar: 'النتيجة' },
  'verify.detail': { en: 'Detail', ar: 'التفاصيل' },
  'verify.passed': { en: 'passed', ar: 'ناجح' },
  'verify.note': { en: 'note', ar: 'ملاحظة' },
  'verify.failedBadge': { en: 'failed', ar: 'فاشل' },
  'verify.area.record': {
    en: 'Record hash chain and signatures',
    ar: 'سلسلة التجزئة في السجل والتواقيع',
  },
  'verify.area.custody': { en: 'Key custody', ar: 'حيازة المفاتيح' },
  'verify.area.transparency': {
    en: 'Transparency log (checkpoints)',
    ar: 'سجل الشفافية (نقاط التحقّق)',
  },
  'verify.area.alliance': { en: 'Alliance log', ar: 'سجل التحالف' },
  'verify.area.module': { en: 'Replay: {module}', ar: 'إعادة التشغيل: {module}' },
} satisfies Messages;
