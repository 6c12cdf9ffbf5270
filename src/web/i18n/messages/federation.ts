import type { Messages } from './types.js';

/** The federation panel (the alliance log as this node sees it). */
export const federation = {
  'federation.title': { en: 'Alliance log ({alliance})', ar: 'سجل التحالف ({alliance})' },
  'federation.warning': {
    en: 'Warning: this node has seen inconsistent checkpoints of the alliance log.',
    ar: 'تحذير: رصدت هذه العقدة نقاط تحقّق غير متّسقة في سجل التحالف.',
  },
  'federation.evidence': {
    en: '{kind} ({witness}, size {size}): {reason}',
    ar: '{kind} ({witness}، الحجم {size}): {reason}',
  },
  'federation.run': {
    en: 'Run <code>tahaluf verify --evidence</code>.',
    ar: 'شغّل <code>tahaluf verify --evidence</code>.',
  },
  'federation.thisNode': { en: 'This node', ar: 'هذه العقدة' },
  'federation.node': {
    en: '{node}, signing with its own key <code>{keyId}</code> ({custody}), {connected}',
    ar: '{node}، يوقّع بمفتاحه الخاص <code>{keyId}</code> ({custody})، {connected}',
  },
  'federation.ownKey': {
    en: "own node''s key: no other member''s key is here",
    ar: 'مفتاح العقدة نفسها: لا يوجد هنا مفتاح أي عضو آخر',
  },
  'federation.connected': { en: 'connected to the alliance stream', ar: 'متصلة بتدفق التحالف' },
  'federation.notConnected': { en: 'not connected', ar: 'غير متصلة' },
  'federation.applied': { en: 'Applied', ar: 'المطبَّق' },
  'federation.appliedText': {
    en: '{applied} acts applied, {rejected} rejected, up to stream sequence {seq}',
    ar: 'طُبّق {applied} قيداً، ورُفض {rejected}، حتى التسلسل {seq} في التدفق',
  },
  'federation.latest': { en: 'Latest checkpoint', ar: 'أحدث نقطة تحقّق' },
  'federation.checkpoint': {
    en: 'size {size}, root <code>{root}</code>, cosigned by {cosigners}',
    ar: 'الحجم {size}، الجذر <code>{root}</code>، وقّعها معاً {cosigners}',
  },
  'federation.noneYet': { en: 'none yet', ar: 'لا شيء بعد' },
  'federation.final': { en: 'Final (quorum {quorum})', ar: 'النهائية (النصاب {quorum})' },
  'federation.noFinal': {
    en: 'no checkpoint cosigned by the quorum yet',
    ar: 'لا نقطة تحقّق وقّعها النصاب بعد',
  },
  'federation.rejected': { en: 'Rejected acts ({count})', ar: 'القيود المرفوضة ({count})' },
  'federation.actor': { en: 'Actor', ar: 'الفاعل' },
  'federation.type': { en: 'Type', ar: 'النوع' },
  'federation.reason': { en: 'Reason', ar: 'السبب' },
  'federation.none': { en: 'none', ar: 'لا شيء' },
  'federation.caps': {
    en: 'CAP warnings issued by members ({count})',
    ar: 'إنذارات CAP التي أصدرها الأعضاء ({count})',
  },
  'federation.capsNone': {
    en: 'no CAP warning summary on the alliance log yet',
    ar: 'لا يوجد ملخص إنذار CAP في سجل التحالف بعد',
  },
  'federation.capIssuer': { en: 'Issued by', ar: 'أصدره' },
  'federation.capKind': { en: 'Kind', ar: 'النوع' },
  'federation.capMembers': { en: 'Members warned', ar: 'الأعضاء المُنذَرون' },
  'federation.capSent': { en: 'Sent', ar: 'أُرسل' },
  'federation.capSigned': { en: 'Signed by', ar: 'وقّعه' },
  'federation.capVerified': { en: 'Verified', ar: 'التحقق' },
  'federation.capSignedBy': {
    en: "{actor}''s node, key <code>{keyId}</code>",
    ar: 'عقدة {actor}، المفتاح <code>{keyId}</code>',
  },
  'federation.capVerifiedText': {
    en: 'signature and right checked, applied at #{seq}',
    ar: 'تُحقّق من التوقيع والصلاحية، وطُبّق عند #{seq}',
  },
  'federation.capAlert': { en: 'Alert', ar: 'تنبيه' },
  'federation.capUpdate': { en: 'Update', ar: 'تحديث' },
  'federation.capCancel': { en: 'Cancel', ar: 'إلغاء' },
  'federation.capExercise': { en: '(exercise)', ar: '(تمرين)' },
} satisfies Messages;
