import type { Messages } from './types.js';

/** ATT&CK browse and an object's techniques in the intelligence view (components/AttackBrowse.tsx, #19.6). */
export const attack = {
  'attack.title': { en: 'ATT&CK techniques', ar: 'تقنيات ATT&CK' },
  'attack.tactic': { en: 'Tactic', ar: 'التكتيك' },
  'attack.anyTactic': { en: 'any tactic', ar: 'أي تكتيك' },
  'attack.find': { en: 'Technique id or name', ar: 'معرّف التقنية أو اسمها' },
  'attack.findExample': { en: 'e.g. T1059 or shell', ar: 'مثلاً T1059 أو shell' },
  'attack.noCatalogue': {
    en: 'No ATT&CK catalogue is imported on this node (tahaluf intel attack import FILE); techniques named by objects can still be opened from an object.',
    ar: 'لم يُستورد فهرس ATT&CK على هذه العقدة (tahaluf intel attack import FILE)؛ ويمكن مع ذلك فتح التقنيات التي تذكرها الكائنات من الكائن نفسه.',
  },
  'attack.none': { en: 'No technique matches.', ar: 'لا تقنية مطابقة.' },
  'attack.objects': {
    en: '{total, plural, =0 {No object you may see is mapped to {technique}} one {# object you may see is mapped to {technique}} other {# objects you may see are mapped to {technique}}}',
    ar: '{total, plural, zero {لا كائن مما يحق لك رؤيته مرتبط بـ {technique}} one {كائن واحد مما يحق لك رؤيته مرتبط بـ {technique}} two {كائنان مما يحق لك رؤيته مرتبطان بـ {technique}} few {# كائنات مما يحق لك رؤيته مرتبطة بـ {technique}} many {# كائناً مما يحق لك رؤيته مرتبطاً بـ {technique}} other {# كائن مما يحق لك رؤيته مرتبط بـ {technique}}}',
  },
  'attack.via': {
    en: '{via, select, relationship {by relationship} external_reference {by its own reference} kill_chain_phase {by its kill-chain phase} other {{via}}}',
    ar: '{via, select, relationship {عبر علاقة} external_reference {عبر مرجعه الخاص} kill_chain_phase {عبر مرحلة سلسلة الهجوم} other {{via}}}',
  },
  'attack.show': { en: 'Objects', ar: 'الكائنات' },
  'attack.index': { en: 'Techniques in what you may see', ar: 'التقنيات فيما يحق لك رؤيته' },
  'attack.indexCount': {
    en: '{count, plural, one {# object} other {# objects}}',
    ar: '{count, plural, zero {لا كائنات} one {كائن واحد} two {كائنان} few {# كائنات} many {# كائناً} other {# كائن}}',
  },
  'attack.subOf': { en: 'sub-technique of {parent}', ar: 'تقنية فرعية من {parent}' },
  'attack.withSubs': {
    en: 'its sub-techniques included',
    ar: 'بما فيها تقنياتها الفرعية',
  },
  'attack.indexNone': {
    en: 'No object you may see is mapped to an ATT&CK technique.',
    ar: 'لا كائن مما يحق لك رؤيته مرتبط بتقنية ATT&CK.',
  },
  'attack.indexTruncated': {
    en: 'Counted over the newest objects only: a collection holds more than one scan reads.',
    ar: 'عُدّت أحدث الكائنات فقط: إحدى المجموعات تحوي أكثر مما يقرؤه فحص واحد.',
  },
  'attack.mappedAs': { en: 'as {techniques}', ar: 'بوصفه {techniques}' },
  'attack.objectTechniques': { en: 'ATT&CK techniques', ar: 'تقنيات ATT&CK' },
  'attack.objectNone': {
    en: 'Not mapped to any ATT&CK technique you may see.',
    ar: 'غير مرتبط بأي تقنية ATT&CK يحق لك رؤيتها.',
  },
} satisfies Messages;
