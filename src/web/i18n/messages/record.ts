import type { Messages } from './types.js';

/** The Record view: custody of keys, the latest checkpoint, filters, the acts table. */
export const record = {
  'record.custody.member-node': { en: 'own node’s key', ar: 'مفتاح عقدة العضو نفسه' },
  'record.custody.secretariat-custody': {
    en: 'key held by the secretariat',
    ar: 'مفتاح تحتفظ به الأمانة العامة',
  },
  'record.custody.illustrative': { en: 'illustrative identity', ar: 'هوية توضيحية' },
  'record.custodyHelp.member-node': {
    en: 'Signed with a key held only by the actor’s own node.',
    ar: 'موقَّع بمفتاح لا تحتفظ به إلا عقدة الفاعل نفسه.',
  },
  'record.custodyHelp.secretariat-custody': {
    en: 'Signed by the secretariat’s node with a key it holds on the member’s behalf: the signature proves the secretariat’s node signed, not the member.',
    ar: 'وقّعته عقدة الأمانة العامة بمفتاح تحتفظ به نيابةً عن العضو: يثبت التوقيع أن عقدة الأمانة العامة هي التي وقّعت، لا العضو.',
  },
  'record.custodyHelp.illustrative': {
    en: 'Signed by the illustrative identity: a replay of history or demo data, not an act of the member it depicts.',
    ar: 'وقّعته الهوية التوضيحية: إعادة عرض لوقائع تاريخية أو بيانات تجريبية، لا قيد صادر عن العضو الذي يصوّره.',
  },
  'record.notRecorded': { en: 'not recorded', ar: 'غير مسجَّل' },
  'record.loadingCheckpoint': {
    en: 'Loading the latest checkpoint…',
    ar: 'جارٍ تحميل أحدث نقطة تحقّق…',
  },
  'record.inconsistent': {
    en: 'Warning: this node has seen inconsistent checkpoints.',
    ar: 'تحذير: رصدت هذه العقدة نقاط تحقّق غير متّسقة.',
  },
  'record.witnessRefused': {
    en: 'Its witness refused {count, plural, one {# checkpoint} other {# checkpoints}} contradicting one it had cosigned ({list}). Run <code>tahaluf verify --evidence</code>.',
    ar: 'رفض شاهدها {count, plural, zero {لا نقاط تحقّق} one {نقطة تحقّق واحدة} two {نقطتَي تحقّق} few {# نقاط تحقّق} many {# نقطة تحقّق} other {# نقطة تحقّق}} تناقض نقطةً سبق أن وقّعها ({list}). شغّل <code>tahaluf verify --evidence</code>.',
  },
  'record.latestCheckpoint': { en: 'Latest checkpoint', ar: 'أحدث نقطة تحقّق' },
  'record.logSwitch': { en: 'Which log', ar: 'أيّ سجل' },
  'record.log.public': { en: 'Public view', ar: 'العرض العام' },
  'record.log.own': { en: 'Our private acts', ar: 'قيودنا الخاصة' },
  'record.log.full': { en: 'Full record', ar: 'السجل الكامل' },
  'record.logOrigin': { en: 'Log', ar: 'السجل' },
  'record.logHelp.public': {
    en: 'The log everyone is served: public acts only, numbered on their own, so it reveals nothing of private acts.',
    ar: 'السجل الذي يُقدَّم للجميع: القيود العامة وحدها، مرقّمةً على حدة، فلا يكشف شيئاً عن القيود الخاصة.',
  },
  'record.logHelp.own': {
    en: 'Your member state’s private acts only (such as intelligence shares), numbered on their own; served to your member state’s users only.',
    ar: 'القيود الخاصة بدولتك العضو وحدها (كمشاركات المعلومات الاستخباراتية)، مرقّمةً على حدة؛ ولا تُقدَّم إلا لمستخدمي دولتك العضو.',
  },
  'record.logHelp.full': {
    en: 'Every act, private ones included, in record order: shown to the secretariat only.',
    ar: 'كل القيود، بما فيها الخاصة، بترتيب السجل: لا تُعرض إلا على الأمانة العامة.',
  },
  'record.checkpoint': {
    en: '{size} acts, root <hash>{root}</hash>, signed by <code>{log}</code> ({keyId})',
    ar: '{size} قيداً، الجذر <hash>{root}</hash>، وقّعها <code>{log}</code> ({keyId})',
  },
  'record.cosignedBy': { en: 'Cosigned by', ar: 'شارك في التوقيع' },
  'record.cosignedAt': { en: '{name} at {time}', ar: '{name} في {time}' },
  'record.noWitness': { en: 'no witness yet', ar: 'لا شاهد بعد' },
  'record.signedNote': {
    en: 'Signed note (C2SP tlog-checkpoint)',
    ar: 'الملاحظة الموقَّعة (C2SP tlog-checkpoint)',
  },
  'record.title': { en: 'The record', ar: 'السجل' },
  'record.intro': {
    en: 'Every act is signed with its actor’s Ed25519 key and chained to the act before it by its hash; current state is derived from these acts. The record is also a Merkle tree (RFC 9162) whose signed checkpoints this node’s witness cosigns; <code>tahaluf verify</code> checks the chain, every signature against keys pinned outside the database, and the record against the checkpoints held outside it.',
    ar: 'كل قيد موقَّع بمفتاح Ed25519 الخاص بفاعله، ومربوط بالقيد السابق له عبر بصمته؛ والحالة الراهنة مشتقّة من هذه القيود. والسجل أيضاً شجرة ميركل (RFC 9162) يشارك شاهدُ هذه العقدة في توقيع نقاط تحقّقها الموقَّعة؛ ويفحص الأمر <code>tahaluf verify</code> السلسلةَ، وكلَّ توقيع مقابل مفاتيح مثبّتة خارج قاعدة البيانات، والسجلَّ مقابل نقاط التحقّق المحفوظة خارجها.',
  },
  'record.actor': { en: 'Actor', ar: 'الفاعل' },
  'record.actorPlaceholder': { en: 'QAT, SECRETARIAT…', ar: 'مثلاً QAT أو SECRETARIAT…' },
  'record.typeStarts': { en: 'Type starts with', ar: 'يبدأ النوع بـ' },
  'record.count': {
    en: '{total} matching acts · showing {from}–{to}',
    ar: '{total} قيداً مطابقاً · المعروض {from}–{to}',
  },
  'record.actHeading': { en: 'Act #{seq}: {type}', ar: 'القيد رقم {seq}: {type}' },
  'record.closeAct': { en: 'Close this act', ar: 'إغلاق هذا القيد' },
  'record.noMatch': { en: 'No acts match.', ar: 'لا قيود مطابقة.' },
  'record.col.time': { en: 'Time (UTC)', ar: 'الوقت (UTC)' },
  'record.col.signedWith': { en: 'Signed with', ar: 'موقَّع بـ' },
  'record.depicted': { en: '(depicted)', ar: '(مصوَّر)' },
  'record.actId': { en: 'Act id', ar: 'معرّف القيد' },
  'record.prevHash': { en: 'Previous hash', ar: 'البصمة السابقة' },
  'record.signedBy': { en: 'Signed by', ar: 'وقّعه' },
  'record.withKey': {
    en: '{actor} with key <code>{keyId}</code>',
    ar: '{actor} بالمفتاح <code>{keyId}</code>',
  },
  'record.contentHash': { en: 'Content hash (signed)', ar: 'بصمة المحتوى (موقَّعة)' },
  'record.signature': { en: 'Signature', ar: 'التوقيع' },
} satisfies Messages;
