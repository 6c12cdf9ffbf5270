import type { Messages } from './types.js';

/** The Documents view (treaty texts, charters, communiqués, resolutions). */
export const documents = {
  'documents.kind.treaty_text': { en: 'Treaty text', ar: 'نص معاهدة' },
  'documents.kind.charter': { en: 'Charter', ar: 'ميثاق' },
  'documents.kind.communique': { en: 'Communiqué', ar: 'بيان ختامي' },
  'documents.kind.summit_resolution': { en: 'Summit resolution', ar: 'قرار قمة' },
  'documents.kind.other': { en: 'Other', ar: 'أخرى' },
  'documents.lang.en': { en: 'English', ar: 'الإنجليزية' },
  'documents.lang.ar': { en: 'Arabic', ar: 'العربية' },
  'documents.field.id': { en: 'Document id', ar: 'معرّف الوثيقة' },
  'documents.field.title': { en: 'Title', ar: 'العنوان' },
  'documents.field.text': { en: 'Text', ar: 'النص' },
  'documents.field.alliance': { en: 'Alliance', ar: 'التحالف' },
  'documents.field.language': { en: 'Language', ar: 'اللغة' },
  'documents.field.kind': { en: 'Kind', ar: 'النوع' },
  'documents.uploaded': { en: 'Uploaded texts', ar: 'النصوص المرفوعة' },
  'documents.empty': {
    en: 'No text uploaded yet. Texts are uploaded by members or the secretariat; none is bundled.',
    ar: 'لم يُرفع أي نص بعد. يرفع النصوصَ الأعضاءُ أو الأمانة العامة؛ ولا يُرفق أي نص مسبقاً.',
  },
  'documents.col.version': { en: 'Version', ar: 'الإصدار' },
  'documents.col.articles': { en: 'Articles', ar: 'المواد' },
  'documents.col.uploadedBy': { en: 'Uploaded by', ar: 'رفعه' },
  'documents.col.sha': { en: 'Text (sha256)', ar: 'النص (sha256)' },
  'documents.by': { en: '{who} on {date}', ar: '{who} في {date}' },
  'documents.theSecretariat': { en: 'the secretariat', ar: 'الأمانة العامة' },
  'documents.signIn': {
    en: 'Sign in or act as a member state to upload a treaty text.',
    ar: 'سجّل الدخول أو تصرّف بصفة دولة عضو لرفع نص معاهدة.',
  },
  'documents.mustNotBeEmpty': {
    en: '{fields} must not be empty.',
    ar: 'يجب ألّا يكون الحقل فارغاً: {fields}.',
  },
  'documents.done': {
    en: 'Uploaded “{title}” ({language}) as version {version}, with {count} article(s) marked; its sha256 {sha}… is in the act signed by {who}.',
    ar: 'رُفع «{title}» ({language}) بوصفه الإصدار {version}، مع تعليم {count, plural, zero {لا مواد} one {مادة واحدة} two {مادتين} few {# مواد} many {# مادة} other {# مادة}}؛ وبصمته sha256 ‏{sha}… واردة في القيد الذي وقّعته {who}.',
  },
  'documents.uploadAs': { en: 'Upload a text as {who}', ar: 'رفع نص بصفة {who}' },
  'documents.required': { en: '{label} *', ar: '{label} *' },
  'documents.idPlaceholder': { en: 'e.g. gcc-charter-1981', ar: 'مثلاً gcc-charter-1981' },
  'documents.allianceOptional': { en: 'Alliance (optional)', ar: 'التحالف (اختياري)' },
  'documents.none': { en: 'none', ar: 'لا شيء' },
  'documents.file': { en: 'Text file', ar: 'ملف النص' },
  'documents.textOrPaste': { en: 'Text * (or paste it here)', ar: 'النص * (أو الصقه هنا)' },
  'documents.articlesFound': {
    en: 'Articles found by their headings: {list}.',
    ar: 'المواد التي عُثر عليها من عناوينها: {list}.',
  },
  'documents.noArticles': {
    en: 'No article headings ("Article 5", "Art. 5", "المادة 5") found; the text is stored whole.',
    ar: 'لم يُعثر على عناوين مواد («المادة 5»، "Article 5"، "Art. 5")؛ يُحفظ النص كاملاً.',
  },
  'documents.submit': { en: 'Sign and upload', ar: 'التوقيع والرفع' },
} satisfies Messages;
