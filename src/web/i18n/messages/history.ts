import type { Messages } from './types.js';

/**
 * History lines of programmes and cyber cases (#13), worded from the line's `code` and `params`
 * (docs/programmes.md): `history.<code>`. The actor stands before the line (`Qatar: joined`), so a line
 * names the member only where it is not the actor (a council outcome the secretariat enters).
 */
export const history = {
  'history.line': { en: '{actor}: {text}', ar: '{actor}: {text}' },
  'history.secretariat': { en: 'Secretariat', ar: 'الأمانة العامة' },
  'history.illustrative': { en: '{actor} (illustrative)', ar: '{actor} (توضيحي)' },
  'history.programme.proposed': {
    en: 'proposed “{title}” in {alliance}',
    ar: 'اقتراح «{title}» في {alliance}',
  },
  'history.programme.joined': { en: 'joined', ar: 'الانضمام إلى البرنامج' },
  'history.programme.left': { en: 'left', ar: 'الانسحاب من البرنامج' },
  'history.programme.left.reason': {
    en: 'left: {reason}',
    ar: 'الانسحاب من البرنامج: {reason}',
  },
  'history.programme.milestone.added': {
    en: 'added milestone “{title}”, due {due}, owner {owner}',
    ar: 'إضافة المرحلة «{title}»، موعدها {due}، والمسؤول عنها {owner}',
  },
  'history.programme.milestone.completed': {
    en: 'completed milestone “{title}”',
    ar: 'إنجاز المرحلة «{title}»',
  },
  'history.programme.contribution': {
    en: 'committed {quantity} ({kind}): {description}',
    ar: 'الالتزام بمساهمة {quantity} ({kind}): {description}',
  },
  'history.programme.request.join': {
    en: 'asked the council to decide on joining',
    ar: 'طلب قرار المجلس في الانضمام',
  },
  'history.programme.request.complete': {
    en: 'asked the council to decide on completing milestone “{milestone}”',
    ar: 'طلب قرار المجلس في إنجاز المرحلة «{milestone}»',
  },
  'history.programme.request.approved': {
    en: '{action, select, join {the council admitted {member}} other {the council approved the completion of milestone “{milestone}” by {member}}}',
    ar: '{action, select, join {قرّر المجلس قبول انضمام {member}} other {وافق المجلس على إنجاز {member} للمرحلة «{milestone}»}}',
  },
  'history.programme.request.refused': {
    en: '{action, select, join {the council did not admit {member}} other {the council did not approve the completion of milestone “{milestone}” by {member}}}',
    ar: '{action, select, join {لم يقرّر المجلس قبول انضمام {member}} other {لم يوافق المجلس على إنجاز {member} للمرحلة «{milestone}»}}',
  },
  'history.cyber.declared': {
    en: 'declared an incident of {severity} severity',
    ar: 'إعلان حادث خطورته {severity}',
  },
  'history.cyber.offered': { en: 'offered help: {kind}', ar: 'عرض المساعدة: {kind}' },
  'history.cyber.status': { en: 'status changed to {status}', ar: 'تغيير الحالة إلى {status}' },
  'history.cyber.closed': { en: 'closed the case', ar: 'إغلاق الحالة' },
} satisfies Messages;
