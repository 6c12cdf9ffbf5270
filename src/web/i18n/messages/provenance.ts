import type { Messages } from './types.js';

/** Provenance of an intelligence object in the object panel (components/Provenance.tsx, #19.3). */
export const provenance = {
  'prov.title': { en: 'Provenance', ar: 'المصدر والتوثيق' },
  'prov.originator': { en: 'Originated by', ar: 'الجهة المصدِرة' },
  'prov.signature': { en: 'Signature', ar: 'التوقيع' },
  'prov.status': {
    en: '{status, select, signed {signature verified (signed on this node)} verified {signature verified} unverified {not verified} other {unsigned (stored before signing existed)}}',
    ar: '{status, select, signed {التوقيع موثَّق (وُقِّع على هذه العقدة)} verified {التوقيع موثَّق} unverified {غير موثَّق} other {غير موقَّع (خُزِّن قبل بدء التوقيع)}}',
  },
  'prov.noSignature': {
    en: "It arrived without the originator's signature.",
    ar: 'وصل دون توقيع الجهة المصدِرة.',
  },
  'prov.unknownKey': {
    en: 'Signed with key {key}, which this node does not know.',
    ar: 'موقَّع بالمفتاح {key}، وهو غير معروف لهذه العقدة.',
  },
  'prov.signedBy': {
    en: 'Signed by {member} with key {key}',
    ar: 'وقّعته {member} بالمفتاح {key}',
  },
  'prov.envelope': {
    en: 'Signed envelope {root} ({size, plural, one {# object} other {# objects}} under one label)',
    ar: 'الحزمة الموقَّعة {root} ({size, plural, zero {لا كائنات} one {كائن واحد} two {كائنان} few {# كائنات} many {# كائناً} other {# كائن}} تحت وسم واحد)',
  },
  'prov.signedAt': { en: 'Signed here at {time}', ar: 'وُقِّع هنا في {time}' },
  'prov.upgraded': {
    en: 'Stored without a verified signature; verified at {time} when {member} posted it again with the signature',
    ar: 'خُزِّن دون توقيع موثَّق؛ ثم وُثِّق في {time} حين أعادت {member} إرساله مع التوقيع',
  },
  'prov.received': { en: 'Received', ar: 'الاستلام' },
  'prov.direct': {
    en: "Directly from {member}'s node or user",
    ar: 'مباشرةً من عقدة {member} أو مستخدمها',
  },
  'prov.forwarded': {
    en: "Forwarded by {member}'s node (not the originator's)",
    ar: 'أعادت إرساله عقدة {member} (وليست عقدة الجهة المصدِرة)',
  },
  'prov.fromSecretariat': { en: 'From the secretariat', ar: 'من الأمانة العامة' },
  'prov.receivedUnknown': {
    en: 'Not recorded (stored before senders were recorded)',
    ar: 'غير مسجَّل (خُزِّن قبل تسجيل المرسِلين)',
  },
} satisfies Messages;
