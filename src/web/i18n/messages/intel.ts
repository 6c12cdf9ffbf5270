import type { Messages } from './types.js';

/** The Intelligence view: the feed, a report and its graph, sharing under a label, the receipts. */
export const intel = {
  'intel.signIn': {
    en: 'Log in as a member to see shared intelligence.',
    ar: 'سجّل الدخول بصفة عضو لرؤية المعلومات الاستخبارية المشتركة.',
  },
  'intel.feed': { en: 'Intelligence feed', ar: 'موجز الاستخبارات' },
  'intel.membersOnly': {
    en: 'Intelligence is shared among the member states, each report under its label; the secretariat holds none of it. Choose a member in “Acting as” (top right) to read as that member’s user.',
    ar: 'تتبادل الدول الأعضاء الاستخبارات فيما بينها، كل تقرير وفق وسمه؛ ولا تحوز الأمانة العامة شيئًا منها. اختر عضوًا في «بصفة» (أعلى الصفحة) لتقرأ بصفة مستخدم تلك الدولة.',
  },
  'intel.filter.type': { en: 'Type', ar: 'النوع' },
  'intel.type': {
    en: '{type, select, any {any} report {report} indicator {indicator} malware {malware} threat_actor {threat-actor} campaign {campaign} attack_pattern {attack-pattern} relationship {relationship} sighting {sighting} identity {identity} other {{type}}}',
    ar: '{type, select, any {أي نوع} report {تقرير} indicator {مؤشّر} malware {برمجية خبيثة} threat_actor {جهة تهديد} campaign {حملة} attack_pattern {نمط هجوم} relationship {علاقة} sighting {رصد} identity {هوية} other {{type}}}',
  },
  'intel.filter.label': { en: 'Label contains', ar: 'العلامة تتضمّن' },
  'intel.filter.labelExample': { en: 'GCC, SECRET, AMBER…', ar: 'مثل GCC أو SECRET أو AMBER…' },
  'intel.filter.since': { en: 'Added since', ar: 'أُضيف منذ' },
  'intel.refresh': { en: 'Refresh', ar: 'تحديث' },
  'intel.exportBundle': { en: 'Export STIX bundle', ar: 'تصدير حزمة STIX' },
  'intel.exportBundleLabel': {
    en: 'Download the objects listed for these filters, in full, as a STIX 2.1 bundle (recorded as received by you)',
    ar: 'تنزيل الكائنات المعروضة لهذه المرشّحات كاملةً في حزمة STIX 2.1 (يُسجَّل أنك تسلّمتها)',
  },
  'intel.nothing': {
    en: 'Nothing shared with your member matches.',
    ar: 'لا شيء مما شورك مع عضوك يطابق البحث.',
  },
  'intel.newest': {
    en: '{count, plural, one {The newest # visible to your member} other {The newest # visible to your member}}, newest first; choose one to open it.',
    ar: '{count, plural, zero {لا شيء مرئي لعضوك} one {أحدث عنصر مرئي لعضوك} two {أحدث عنصرين مرئيين لعضوك} few {أحدث # عناصر مرئية لعضوك} many {أحدث # عنصرًا مرئيًا لعضوك} other {أحدث # عنصر مرئي لعضوك}}، الأحدث أولًا؛ اختر عنصرًا لفتحه.',
  },
  'intel.close': { en: 'Close', ar: 'إغلاق' },
  'intel.graph': { en: 'graph of related objects', ar: 'مخطط الكائنات المرتبطة' },
  'intel.node': { en: '{type}: {name}', ar: '{type}: {name}' },
  'intel.fact.type': { en: 'Type', ar: 'النوع' },
  'intel.fact.label': { en: 'Label', ar: 'العلامة' },
  'intel.label.title': {
    en: '{count, plural, =0 {Releasable to nobody beyond its originator, {originator}} other {Releasable to {names} (originator: {originator})}}',
    ar: '{count, plural, =0 {لا يُفرَج عنه لأحد غير مُنشئه، {originator}} other {يُفرَج عنه لـ{names} (المُنشئ: {originator})}}',
  },
  'intel.label.everyone': { en: 'everyone', ar: 'الجميع' },
  'intel.fact.originator': { en: 'Originator', ar: 'المُنشئ' },
  'intel.fact.collection': { en: 'Collection', ar: 'المجموعة' },
  'intel.fact.version': { en: 'Version', ar: 'الإصدار' },
  'intel.fact.related': { en: 'Related', ar: 'المرتبط' },
  'intel.related': {
    en: '{objects, plural, one {# visible object} other {# visible objects}}, {links, plural, one {# link} other {# links}}',
    ar: '{objects, plural, zero {لا كائنات مرئية} one {كائن مرئي واحد} two {كائنان مرئيان} few {# كائنات مرئية} many {# كائنًا مرئيًا} other {# كائن مرئي}}، {links, plural, zero {لا روابط} one {رابط واحد} two {رابطان} few {# روابط} many {# رابطًا} other {# رابط}}',
  },
  'intel.stixJson': { en: 'STIX 2.1 JSON', ar: 'نص STIX 2.1 بصيغة JSON' },
  'intel.note.originator': { en: 'originator', ar: 'المُنشئ' },
  'intel.note.receives': { en: 'receives the report', ar: 'يتلقّى التقرير' },
  'intel.note.outside': {
    en: 'named, but does not read {collection}',
    ar: 'مذكور، لكنه لا يقرأ {collection}',
  },
  'intel.collection.alliance': { en: '{name} intelligence', ar: 'استخبارات {name}' },
  'intel.collection.member': {
    en: '{name} ({code}) national collection',
    ar: 'المجموعة الوطنية لـ{name} ({code})',
  },
  'intel.alliances': { en: 'Alliances', ar: 'التحالفات' },
  'intel.states': { en: 'States', ar: 'الدول' },
  'intel.noneMatches': { en: 'none matches', ar: 'لا شيء يطابق' },
  'intel.share': { en: 'Share a report', ar: 'شارِك تقريرًا' },
  'intel.share.collection': { en: 'Collection', ar: 'المجموعة' },
  'intel.share.title': { en: 'Title', ar: 'العنوان' },
  'intel.share.titleExample': {
    en: 'e.g. Phishing campaign against port authorities',
    ar: 'مثل: حملة تصيّد تستهدف سلطات الموانئ',
  },
  'intel.share.summary': { en: 'Summary', ar: 'الملخّص' },
  'intel.share.label': { en: 'Confidentiality label', ar: 'علامة السرّية' },
  'intel.share.classification': { en: 'Classification', ar: 'درجة التصنيف' },
  'intel.share.tlp': { en: 'TLP 2.0', ar: 'بروتوكول إشارة المرور TLP 2.0' },
  'intel.share.find': { en: 'Find a community', ar: 'ابحث عن مجتمع' },
  'intel.share.findExample': { en: 'GCC, Pakistan, QAT…', ar: 'مثل: الخليج، باكستان، QAT…' },
  'intel.share.releasable': {
    en: 'Releasable to (alliances resolve to their members on the day of each request)',
    ar: 'قابل للإفراج إلى (تُحسب التحالفات بأعضائها في يوم كل طلب)',
  },
  'intel.share.remove': { en: 'remove', ar: 'إزالة' },
  'intel.share.chip': { en: '{name} ×', ar: '{name} ×' },
  'intel.share.nothingChosen': {
    en: 'Nothing chosen: the report stays with your member alone.',
    ar: 'لم يُختر شيء: يبقى التقرير لدى عضوك وحده.',
  },
  'intel.share.submit': { en: 'Share', ar: 'شارِك' },
  'intel.share.signed': {
    en: 'Signed by your member in the record; every receipt is audited.',
    ar: 'يوقّعه عضوك في السجل؛ وكل استلام يخضع للتدقيق.',
  },
  'intel.share.who': {
    en: 'Who will receive it{day, select, none {} other { (today, {day})}}',
    ar: 'مَن سيتلقّاه{day, select, none {} other { (اليوم، {day})}}',
  },
  'intel.share.map': {
    en: 'Members this label releases the report to today',
    ar: 'الأعضاء الذين تُفرج هذه العلامة عن التقرير لهم اليوم',
  },
  'intel.legend.originator': { en: 'Your member (originator)', ar: 'عضوك (المُنشئ)' },
  'intel.legend.receives': { en: 'Receives it', ar: 'يتلقّاه' },
  'intel.legend.outside': {
    en: 'Named, but outside this collection',
    ar: 'مذكور، لكنه خارج هذه المجموعة',
  },
  'intel.reach': {
    en: '{count, plural, one {<strong>{n}</strong> member} other {<strong>{n}</strong> members}}: {names}',
    ar: '{count, plural, zero {<strong>{n}</strong> أعضاء} one {<strong>{n}</strong> عضو} two {<strong>{n}</strong> عضوان} few {<strong>{n}</strong> أعضاء} many {<strong>{n}</strong> عضوًا} other {<strong>{n}</strong> عضو}}: {names}',
  },
  'intel.outside': {
    en: '{names} {count, plural, one {is named but does not read} other {are named but do not read}} the {collection} collection, so will not see the report there.',
    ar: '{names}: {count, plural, one {مذكور لكنه لا يقرأ} two {مذكوران لكنهما لا يقرآن} other {مذكورون لكنهم لا يقرؤون}} مجموعة {collection}، فلن {count, plural, one {يرى} two {يريا} other {يروا}} التقرير فيها.',
  },
  'intel.clearance': {
    en: 'Each reader’s user also needs a clearance of at least {classification}.',
    ar: 'ويحتاج مستخدم كل قارئ أيضًا إلى تصريح أمني بدرجة {classification} على الأقل.',
  },
  'intel.receipts': { en: 'Who received what we shared', ar: 'مَن تلقّى ما شاركناه' },
  'intel.receipts.refresh': { en: 'refresh', ar: 'تحديث' },
  'intel.receipts.none': {
    en: 'No member has received your shared objects yet.',
    ar: 'لم يتلقَّ أي عضو الكائنات التي شاركتها بعد.',
  },
  'intel.receipts.summary': {
    en: '{objects, plural, one {# object} other {# objects}} received by {members, plural, one {# member} other {# members}} ({names}); first receipt per object, member, user and channel.',
    ar: '{objects, plural, zero {لا كائنات} one {كائن واحد} two {كائنان} few {# كائنات} many {# كائنًا} other {# كائن}} {objects, plural, one {تلقّاه} two {تلقّاهما} other {تلقّاها}} {members, plural, zero {لا أعضاء} one {عضو واحد} two {عضوان} few {# أعضاء} many {# عضوًا} other {# عضو}} ({names})؛ يُعرض أول استلام لكل كائن وعضو ومستخدم وقناة.',
  },
  'intel.col.firstReceived': { en: 'First received', ar: 'أول استلام' },
  'intel.col.object': { en: 'Object', ar: 'الكائن' },
  'intel.col.recipient': { en: 'Recipient', ar: 'المتلقّي' },
  'intel.col.user': { en: 'User', ar: 'المستخدم' },
  'intel.col.channel': { en: 'Channel', ar: 'القناة' },
} satisfies Messages;
