import type { Messages } from './types.js';

/**
 * The API's refusals in the reader's language, by their `detailCode` (`problem.<detailCode>`), filled
 * with `detailParams`; `{field}` is the field as the form labels it. A code without a message here is
 * shown in the API's English `detail`.
 */
export const problems = {
  // JSON-schema violations (detailCode validation.<keyword>).
  'problem.validation.type': {
    en: '{field} must be {type, select, number {a number} integer {a whole number} string {text} boolean {yes or no} array {a list} object {a group of values} null {empty} other {of type {type}}}.',
    ar: 'يجب أن يكون «{field}» {type, select, number {رقمًا} integer {عددًا صحيحًا} string {نصًا} boolean {نعم أو لا} array {قائمة} object {مجموعة قيم} null {فارغًا} other {من النوع {type}}}.',
  },
  'problem.validation.required': {
    en: '{field} is required.',
    ar: '«{field}» مطلوب.',
  },
  'problem.validation.minimum': {
    en: '{field} must be at least {limit, number}.',
    ar: 'يجب ألا يقل «{field}» عن {limit, number}.',
  },
  'problem.validation.maximum': {
    en: '{field} must be at most {limit, number}.',
    ar: 'يجب ألا يزيد «{field}» على {limit, number}.',
  },
  'problem.validation.exclusiveMinimum': {
    en: '{field} must be more than {limit, number}.',
    ar: 'يجب أن يكون «{field}» أكبر من {limit, number}.',
  },
  'problem.validation.exclusiveMaximum': {
    en: '{field} must be less than {limit, number}.',
    ar: 'يجب أن يكون «{field}» أصغر من {limit, number}.',
  },
  'problem.validation.minLength': {
    en: '{limit, plural, =1 {{field} must not be empty} other {{field} must have at least # characters}}.',
    ar: '{limit, plural, =1 {يجب ألا يكون «{field}» فارغًا} other {يجب أن يتكون «{field}» من # أحرف على الأقل}}.',
  },
  'problem.validation.maxLength': {
    en: '{field} must have at most {limit, plural, one {# character} other {# characters}}.',
    ar: 'يجب ألا يتجاوز «{field}» {limit, number} حرفًا.',
  },
  'problem.validation.minItems': {
    en: '{limit, plural, =1 {Choose at least one {field}} other {Choose at least # of {field}}}.',
    ar: '{limit, plural, =1 {اختر «{field}» واحدًا على الأقل} other {اختر {limit, number} على الأقل من «{field}»}}.',
  },
  'problem.validation.maxItems': {
    en: '{field} may have at most {limit, number} entries.',
    ar: 'لا يجوز أن يتجاوز «{field}» {limit, number} عناصر.',
  },
  'problem.validation.enum': {
    en: '{field} must be one of: {allowedValues}.',
    ar: 'يجب أن يكون «{field}» واحدًا مما يلي: {allowedValues}.',
  },
  'problem.validation.const': {
    en: '{field} must be {allowedValue}.',
    ar: 'يجب أن يكون «{field}» {allowedValue}.',
  },
  'problem.validation.anyOf': {
    en: '{field} is not one of the accepted values.',
    ar: '«{field}» ليس من القيم المقبولة.',
  },
  'problem.validation.format': {
    en: '{field} is not a valid {format, select, date {date} email {e-mail address} uri {web address} other {{format}}}.',
    ar: '«{field}» ليس {format, select, date {تاريخًا صالحًا} email {عنوان بريد إلكتروني صالحًا} uri {عنوانًا على الويب صالحًا} other {بالصيغة {format}}}.',
  },
  'problem.validation.pattern': {
    en: '{field} is not written as expected ({pattern}).',
    ar: '«{field}» غير مكتوب بالصيغة المطلوبة ({pattern}).',
  },
  'problem.validation.additionalProperties': {
    en: '{field} is not accepted here.',
    ar: '«{field}» غير مقبول هنا.',
  },
  'problem.validation.range': {
    en: '{field} must be a number from {min, number} to {max, number}.',
    ar: 'يجب أن يكون «{field}» رقمًا من {min, number} إلى {max, number}.',
  },
  'problem.unknown_equipment': {
    en: '{field}: “{family}” is not in the equipment catalogue.',
    ar: '«{field}»: «{family}» ليست في فهرس المعدات.',
  },
  'problem.validation.multipleOf': {
    en: '{field} must be a multiple of {multipleOf, number}.',
    ar: 'يجب أن يكون «{field}» من مضاعفات {multipleOf, number}.',
  },
  // Sign-in and permission.
  'problem.sign_in_required': {
    en: 'Sign in to do this.',
    ar: 'سجّل الدخول للقيام بذلك.',
  },
  'problem.session_ended': {
    en: 'Your session has ended (expired, revoked or signed out). Sign in again.',
    ar: 'انتهت جلستك (انقضت مدتها أو أُلغيت أو سُجّل الخروج). سجّل الدخول مجددًا.',
  },
  'problem.token_invalid': {
    en: 'The API token is unknown, malformed, expired or revoked.',
    ar: 'رمز الواجهة البرمجية غير معروف أو غير صالح أو منتهي الصلاحية أو ملغى.',
  },
  'problem.too_many_failed_authentications': {
    en: 'Too many failed sign-ins from this address: try again in {seconds, plural, one {# second} other {# seconds}}.',
    ar: 'محاولات دخول فاشلة كثيرة من هذا العنوان: أعد المحاولة بعد {seconds, number} ثانية.',
  },
  'problem.csrf_refused': {
    en: 'The request was refused because it did not come from this node’s own page. Reload the page and try again.',
    ar: 'رُفض الطلب لأنه لم يصدر من صفحة هذه العقدة نفسها. أعد تحميل الصفحة وحاول مجددًا.',
  },
  'problem.member_user_required': {
    en: 'Only a member state’s user may do this.',
    ar: 'لا يقوم بهذا إلا مستخدم دولة عضو.',
  },
  'problem.secretariat_role_required': {
    en: 'Only the secretariat may do this.',
    ar: 'لا تقوم بهذا إلا الأمانة العامة.',
  },
  'problem.not_pledge_owner': {
    en: 'This pledge belongs to {member}; only {member} may change it.',
    ar: 'هذا التعهد يخص {member}؛ ولا يغيّره إلا {member}.',
  },
  // Council refusals.
  'problem.not_a_member': {
    en: '{member} is not a member of {alliance} on {day}.',
    ar: '{member} ليست عضوًا في {alliance} بتاريخ {day}.',
  },
  'problem.member_suspended': {
    en: '{member} is suspended from {alliance} on {day} and may not act.',
    ar: 'عضوية {member} في {alliance} معلّقة بتاريخ {day}، فلا يجوز لها التصرف.',
  },
  'problem.not_member_at_opening': {
    en: '{member} was not an active member when this procedure opened, so it may not act in it.',
    ar: 'لم تكن {member} عضوًا عاملًا عند فتح هذا الإجراء، فلا يجوز لها التصرف فيه.',
  },
  'problem.party_not_a_member': {
    en: 'The party {member} is not a member of {alliance}.',
    ar: 'الطرف {member} ليس عضوًا في {alliance}.',
  },
  'problem.party_excluded': {
    en: '{member} is a party to this matter ({role}): its vote is not counted.',
    ar: '{member} طرف في هذه المسألة ({role}): لا يُحتسب صوتها.',
  },
  'problem.already_voted': {
    en: '{member} has already voted in this procedure.',
    ar: 'صوّتت {member} في هذا الإجراء من قبل.',
  },
  'problem.already_objected': {
    en: '{member} has already objected in this procedure.',
    ar: 'اعترضت {member} في هذا الإجراء من قبل.',
  },
  'problem.already_stated': {
    en: '{member} has already stated its position in this procedure.',
    ar: 'أعلنت {member} موقفها في هذا الإجراء من قبل.',
  },
  'problem.already_recorded': {
    en: '{member} has already recorded its assistance in this procedure.',
    ar: 'سجّلت {member} مساعدتها في هذا الإجراء من قبل.',
  },
  'problem.procedure_closed': {
    en: 'This procedure is closed (since {closedAt}).',
    ar: 'هذا الإجراء مغلق (منذ {closedAt}).',
  },
  'problem.procedure_exists': {
    en: 'A procedure with this id is already open.',
    ar: 'هناك إجراء مفتوح بهذا المعرّف.',
  },
  'problem.deadline_passed': {
    en: 'The deadline ({deadline}) has passed.',
    ar: 'انقضى الموعد النهائي ({deadline}).',
  },
  'problem.deadline_in_past': {
    en: 'The deadline must be later than now.',
    ar: 'يجب أن يكون الموعد النهائي لاحقًا للوقت الحالي.',
  },
  'problem.deadline_required': {
    en: 'This kind of decision needs a deadline.',
    ar: 'يحتاج هذا النوع من القرارات إلى موعد نهائي.',
  },
  'problem.consultation_required': {
    en: 'No authorisation of force without a completed consultation: no consultation on the matter “{matter}” has closed in this council.',
    ar: 'لا تفويض باستخدام القوة دون مشاورات مكتملة: لم تُغلق في هذا المجلس أي مشاورات بشأن المسألة «{matter}».',
  },
  'problem.member_request_required.consultation': {
    en: 'Consultations are requested by a member that considers itself threatened, not by the secretariat.',
    ar: 'تطلب المشاوراتِ دولةٌ عضو ترى نفسها مهددة، لا الأمانة العامة.',
  },
  'problem.member_request_required.defence': {
    en: 'The collective-defence clause is invoked by the attacked member, not by the secretariat.',
    ar: 'تستند إلى بند الدفاع الجماعي الدولةُ العضو المعتدى عليها، لا الأمانة العامة.',
  },
  'problem.member_request_required.decision': {
    en: 'This decision needs a member’s request; the secretariat cannot open it.',
    ar: 'يحتاج هذا القرار إلى طلب من دولة عضو؛ ولا تفتحه الأمانة العامة.',
  },
  'problem.grounds_required': {
    en: 'Name the grounds: territorial integrity, political independence or security.',
    ar: 'اذكر الأسباب: السلامة الإقليمية أو الاستقلال السياسي أو الأمن.',
  },
  'problem.no_consultation_clause': {
    en: '{alliance} has no consultation clause.',
    ar: 'لا يتضمن ميثاق {alliance} بندًا للمشاورات.',
  },
  'problem.no_defence_clause': {
    en: '{alliance} has no collective-defence clause.',
    ar: 'لا يتضمن ميثاق {alliance} بندًا للدفاع الجماعي.',
  },
  'problem.wrong_article': {
    en: 'Invoke the treaty article by its name: “{article}”.',
    ar: 'استند إلى مادة المعاهدة باسمها: «{article}».',
  },
  'problem.unknown_decision_type': {
    en: '{alliance} has no decision type “{decisionType}”; it has {known}.',
    ar: 'لا يتضمن ميثاق {alliance} نوع القرار «{decisionType}»؛ الأنواع المتاحة: {known}.',
  },
  'problem.choice_invalid': {
    en: 'Choose yes, no or abstain.',
    ar: 'اختر نعم أو لا أو امتناع.',
  },
  'problem.wrong_act.vote': {
    en: '{kind, select, defence {An invocation of the collective-defence clause} other {A consultation}} takes positions, not votes.',
    ar: '{kind, select, defence {يُعلن في الاستناد إلى بند الدفاع الجماعي} other {تُعلن في المشاورات}} المواقف، لا الأصوات.',
  },
  'problem.wrong_act.silence': {
    en: 'Under the silence procedure there are no votes: a member that disagrees breaks silence with an objection.',
    ar: 'لا تصويت في إجراء الصمت: الدولة العضو التي لا توافق تكسر الصمت باعتراض.',
  },
  'problem.wrong_act.objection': {
    en: 'Formal objections apply to silence and consensus procedures; vote no instead.',
    ar: 'الاعتراضات الرسمية خاصة بإجراءات الصمت والتوافق؛ صوّت بـ«لا» بدلًا من ذلك.',
  },
  'problem.wrong_act.position': {
    en: 'A decision takes votes; state positions in the consultation.',
    ar: 'يُصوَّت على القرار؛ أما المواقف فتُعلن في المشاورات.',
  },
  'problem.wrong_act.assistance': {
    en: 'Assistance is recorded under an invocation of the collective-defence clause.',
    ar: 'تُسجَّل المساعدة في إطار الاستناد إلى بند الدفاع الجماعي.',
  },
  'problem.silence_running': {
    en: 'Silence holds until {deadline}: the text cannot be closed before then unless a member breaks silence.',
    ar: 'يسري الصمت حتى {deadline}: لا يُغلق النص قبل ذلك ما لم تكسر دولة عضو الصمت.',
  },
  'problem.not_allowed_to_close': {
    en: 'Only the member that opened this procedure ({openedBy}) or the secretariat may close it.',
    ar: 'لا يغلق هذا الإجراء إلا الدولة العضو التي فتحته ({openedBy}) أو الأمانة العامة.',
  },
} satisfies Messages;
