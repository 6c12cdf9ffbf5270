import type { Messages } from './types.js';

/** Shared components: the combobox, the region map, the "Acting as" picker and sign-in. */
export const components = {
  'combo.show': { en: 'Show {label} options', ar: 'عرض خيارات {label}' },
  'combo.nothing': { en: 'Nothing matches “{query}”.', ar: 'لا شيء يطابق «{query}».' },
  'regionMap.unavailable': { en: 'Map unavailable: {message}', ar: 'الخريطة غير متاحة: {message}' },
  'regionMap.aria': {
    en: 'Map of Africa, the Middle East and South Asia',
    ar: 'خريطة أفريقيا والشرق الأوسط وجنوب آسيا',
  },
  'regionMap.offMap': {
    en: 'Not on this map ({count}): {names}',
    ar: 'خارج هذه الخريطة ({count}): {names}',
  },
  'signin.actingAs': { en: 'Acting as:', ar: 'بصفة:' },
  'signin.demoNotice': {
    en: 'Demo: anyone on this machine may act as any state',
    ar: 'عرض تجريبي: يجوز لأي مستخدم على هذا الجهاز أن يتصرّف بصفة أي دولة',
  },
  'signin.demoTitle': {
    en: 'TAHALUF_DEMO_LOGIN=1: any state can be chosen by anyone on this machine. Not for real use.',
    ar: 'TAHALUF_DEMO_LOGIN=1: يمكن لأي مستخدم على هذا الجهاز اختيار أي دولة. ليس للاستخدام الفعلي.',
  },
  'signin.token': { en: 'API token', ar: 'رمز الواجهة البرمجية' },
  'signin.submit': { en: 'Sign in', ar: 'تسجيل الدخول' },
  'signin.cancel': { en: 'Cancel', ar: 'إلغاء' },
  'signin.refused': { en: 'sign-in refused: {error}', ar: 'رُفض تسجيل الدخول: {error}' },
  'signin.loginRefused': { en: 'login refused: {error}', ar: 'رُفض الدخول: {error}' },
  'signin.secretariat': { en: 'Secretariat', ar: 'الأمانة العامة' },
  'signin.demoSuffix': { en: '{name} — demo', ar: '{name} — تجريبي' },
  'signin.signedIn': { en: '{name}, signed in', ar: '{name}، مسجَّل الدخول' },
  'signin.public': { en: 'Public (no member)', ar: 'العموم (دون عضو)' },
  'signin.publicSignOut': {
    en: 'Public (no member) — sign out',
    ar: 'العموم (دون عضو) — تسجيل الخروج',
  },
  'signin.groupActAs': { en: 'States (act as)', ar: 'الدول (التصرّف بصفتها)' },
  'signin.groupDemo': {
    en: 'States (demo login, this machine only)',
    ar: 'الدول (دخول تجريبي، على هذا الجهاز فقط)',
  },
  'signin.withProvider': { en: 'Sign in with {provider}', ar: 'تسجيل الدخول عبر {provider}' },
  'signin.withToken': { en: 'Sign in with a token…', ar: 'تسجيل الدخول برمز…' },
  'signin.pasteToken': {
    en: 'paste the token your node issued',
    ar: 'الصق الرمز الذي أصدرته عقدتك',
  },
  'signin.unknownToken': {
    en: 'this node does not know that token (revoked, or issued by another node)',
    ar: 'هذه العقدة لا تعرف هذا الرمز (أُلغي، أو أصدرته عقدة أخرى)',
  },
  'signin.cannotActAs': {
    en: 'this session cannot act as another member',
    ar: 'لا يمكن لهذه الجلسة التصرّف بصفة عضو آخر',
  },
  'signin.error.state_mismatch': {
    en: 'the sign-in did not start from this browser, or took too long: try again',
    ar: 'لم يبدأ تسجيل الدخول من هذا المتصفح، أو استغرق وقتاً طويلاً: حاول مجدداً',
  },
  'signin.error.sign_in_expired': {
    en: 'the sign-in took too long or was already used: try again',
    ar: 'استغرق تسجيل الدخول وقتاً طويلاً أو سبق استخدامه: حاول مجدداً',
  },
  'signin.error.member_not_vouched': {
    en: 'your identity provider does not vouch for a member this node serves',
    ar: 'مزوّد هويتك لا يشهد لعضو تخدمه هذه العقدة',
  },
  'signin.error.no_secretariat_here': {
    en: 'a national node has no secretariat users',
    ar: 'لا مستخدمين للأمانة العامة في عقدة وطنية',
  },
  'signin.error.unknown_clearance': {
    en: 'your identity provider sent a clearance this node does not know',
    ar: 'أرسل مزوّد هويتك تصريحاً أمنياً لا تعرفه هذه العقدة',
  },
  'signin.error.provider_unreachable': {
    en: 'the identity provider could not be reached',
    ar: 'تعذّر الوصول إلى مزوّد الهوية',
  },
  'signin.signedOutAtProvider': {
    en: 'Signed out, here and at {provider}.',
    ar: 'تم تسجيل الخروج، هنا ولدى {provider}.',
  },
  'signin.signedOutHereOnly': {
    en: 'Signed out of Tahaluf only: {provider} offers no sign-out to this node, so your session there is still open. Sign out there too, or close the browser.',
    ar: 'تم تسجيل الخروج من تحالف فقط: لا يتيح {provider} لهذه العقدة تسجيل الخروج، فجلستك لديه ما زالت مفتوحة. سجّل الخروج هناك أيضاً، أو أغلق المتصفح.',
  },
  'signin.signoutError.state_mismatch': {
    en: 'Signed out here; the identity provider sent back a sign-out this browser did not start, so it is ignored.',
    ar: 'تم تسجيل الخروج هنا؛ أعاد مزوّد الهوية تسجيل خروج لم يبدأ من هذا المتصفح، فتم تجاهله.',
  },
  'signin.signoutError.sign_out_expired': {
    en: 'Signed out here; the sign-out at the identity provider took too long or was already confirmed.',
    ar: 'تم تسجيل الخروج هنا؛ استغرق تسجيل الخروج لدى مزوّد الهوية وقتاً طويلاً أو سبق تأكيده.',
  },
  'signin.dismiss': { en: 'Dismiss', ar: 'إخفاء' },
} satisfies Messages;
