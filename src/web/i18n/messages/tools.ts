import type { Messages } from './types.js';

/** The console's tools (#13.11): one search, dark mode, table sorting, paging and export. */
export const tools = {
  'search.open': { en: 'Search', ar: 'بحث' },
  'search.openLabel': {
    en: 'Search states, treaties, council procedures and intelligence (shortcut: /)',
    ar: 'ابحث في الدول والمعاهدات وإجراءات المجلس والاستخبارات (الاختصار: /)',
  },
  'search.dialog': { en: 'Search the console', ar: 'البحث في المنصة' },
  'search.input': {
    en: 'Search states, treaties, council procedures and intelligence',
    ar: 'ابحث في الدول والمعاهدات وإجراءات المجلس والاستخبارات',
  },
  'search.results': { en: 'Results', ar: 'النتائج' },
  'search.minChars': {
    en: 'Type at least two letters.',
    ar: 'اكتب حرفين على الأقل.',
  },
  'search.loading': { en: 'Searching…', ar: 'جارٍ البحث…' },
  'search.none': { en: 'Nothing matches “{q}”.', ar: 'لا شيء يطابق «{q}».' },
  'search.count': {
    en: '{count, plural, one {# result} other {# results}}; arrow keys to choose, Enter to open, Escape to close.',
    ar: '{count, plural, zero {لا نتائج} one {نتيجة واحدة} two {نتيجتان} few {# نتائج} many {# نتيجة} other {# نتيجة}}؛ استخدم الأسهم للاختيار وEnter للفتح وEscape للإغلاق.',
  },
  'search.intelSignIn': {
    en: 'Intelligence is searched only for a signed-in member, and only what its labels release to it.',
    ar: 'لا يُبحث في الاستخبارات إلا لعضو مسجّل الدخول، وفيما تسمح له علاماتها بالاطلاع عليه فقط.',
  },
  'search.close': { en: 'Close', ar: 'إغلاق' },
  'search.kind.state': { en: 'State', ar: 'دولة' },
  'search.kind.alliance': { en: 'Treaty / alliance', ar: 'معاهدة / تحالف' },
  'search.kind.procedure': { en: 'Council procedure', ar: 'إجراء في المجلس' },
  'search.kind.intel': { en: 'Intelligence', ar: 'استخبارات' },
  'search.stateHint': { en: 'if attacked today', ar: 'إذا تعرّضت لهجوم اليوم' },

  'notify.region': { en: 'Notifications', ar: 'الإشعارات' },
  'notify.procedure': {
    en: 'New council procedure: “{title}”, opened by {by} ({at}).',
    ar: 'إجراء جديد في المجلس: «{title}»، فتحته {by} ({at}).',
  },
  'notify.alert': {
    en: 'Early-warning ALERT for {member} ({at}): open Early warning.',
    ar: 'إنذار مبكر موجَّه إلى {member} ({at}): افتح قسم الإنذار المبكر.',
  },
  'notify.dismiss': { en: 'Dismiss', ar: 'إخفاء' },

  'theme.toDark': { en: 'Dark', ar: 'داكن' },
  'theme.toLight': { en: 'Light', ar: 'فاتح' },
  'theme.toDarkLabel': { en: 'Switch to dark mode', ar: 'التبديل إلى وضع داكن' },
  'theme.toLightLabel': { en: 'Switch to light mode', ar: 'التبديل إلى وضع فاتح' },

  'intel.col.added': { en: 'Added', ar: 'أُضيف في' },
  'intel.col.type': { en: 'Type', ar: 'النوع' },
  'intel.col.name': { en: 'Name', ar: 'الاسم' },
  'intel.col.label': { en: 'Label', ar: 'العلامة' },
  'intel.col.collection': { en: 'Collection', ar: 'المجموعة' },
  'intel.col.id': { en: 'STIX id', ar: 'معرّف STIX' },

  'record.col.at': { en: 'Time (UTC)', ar: 'الوقت (UTC)' },
  'record.col.actor': { en: 'Actor', ar: 'الفاعل' },
  'record.col.depicts': { en: 'Depicts', ar: 'يمثّل' },
  'record.col.custody': { en: 'Key custody', ar: 'حيازة المفتاح' },
  'record.col.type': { en: 'Type', ar: 'النوع' },
  'record.col.subject': { en: 'Subject', ar: 'الموضوع' },
  'record.col.id': { en: 'Act id', ar: 'معرّف القيد' },
  'record.col.prevHash': { en: 'Previous hash', ar: 'التجزئة السابقة' },
  'record.col.hash': { en: 'Hash', ar: 'التجزئة' },
  'record.col.keyId': { en: 'Key id', ar: 'معرّف المفتاح' },
  'record.col.signature': { en: 'Signature', ar: 'التوقيع' },
  'record.col.payload': { en: 'Payload (JSON)', ar: 'المحتوى (JSON)' },

  'table.sortBy': { en: 'Sort by {column}', ar: 'رتّب حسب {column}' },
  'table.page': {
    en: 'Rows {from}–{to} of {total}',
    ar: 'الصفوف {from}–{to} من {total}',
  },
  'table.prev': { en: 'Previous page', ar: 'الصفحة السابقة' },
  'table.next': { en: 'Next page', ar: 'الصفحة التالية' },
  'table.exportCsv': { en: 'Export CSV', ar: 'تصدير CSV' },
  'table.exportJson': { en: 'Export JSON', ar: 'تصدير JSON' },
  'table.exportJsonLines': { en: 'Export JSON lines', ar: 'تصدير أسطر JSON' },
  'table.exportLabel': {
    en: 'Download the {rows, plural, one {# row} other {# rows}} of this table as {format}',
    ar: 'تنزيل {rows, plural, zero {لا صفوف} one {صف واحد} two {صفين} few {# صفوف} many {# صفًا} other {# صف}} من هذا الجدول بصيغة {format}',
  },
} satisfies Messages;
