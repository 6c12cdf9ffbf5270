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
    en: '{field} is not a valid {format, select, date {date} date_time {date and time (e.g. 2025-09-15T12:00:00Z)} time {time of day} email {e-mail address} uri {web address} other {{format}}}.',
    ar: '«{field}» ليس {format, select, date {تاريخًا صالحًا} date_time {تاريخًا ووقتًا صالحين (مثل 2025-09-15T12:00:00Z)} time {وقتًا صالحًا من اليوم} email {عنوان بريد إلكتروني صالحًا} uri {عنوانًا على الويب صالحًا} other {بالصيغة {format}}}.',
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
  // Any module: a thing that is not there (detailParams.what is the API's English name of it).
  'problem.not_found': {
    en: '{what, select, act {The act} proposal {The proposal} case {The case} programme {The programme} pledge {The pledge} state {The state} alliance {The alliance} document {The document} exercise {The exercise} procedure {The procedure} scenario {The scenario} object {The object} other {{what}}} “{id}” does not exist (or is not visible to you).',
    ar: '{what, select, act {العمل} proposal {المقترح} case {الحالة} programme {البرنامج} pledge {التعهد} state {الدولة} alliance {التحالف} document {الوثيقة} exercise {التمرين} procedure {الإجراء} scenario {السيناريو} object {العنصر} other {{what}}} «{id}» غير موجود (أو غير مرئي لك).',
  },
  'problem.text_length': {
    en: '{field} must have {min, number} to {max, number} characters (spaces alone do not count).',
    ar: 'يجب أن يتكون «{field}» من {min, number} إلى {max, number} حرفًا (لا تُحتسب المسافات وحدها).',
  },
  'problem.unknown_state': {
    en: '{field}: “{value}” is not a known state code (ISO 3166 alpha-3, e.g. QAT).',
    ar: '«{field}»: «{value}» ليس رمز دولة معروفًا (رمز ISO الثلاثي، مثل QAT).',
  },
  'problem.date_in_future': {
    en: 'The date {date} is after today ({today}): record what has already happened.',
    ar: 'التاريخ {date} بعد اليوم ({today}): سجّل ما حدث فعلًا.',
  },
  // Procurement.
  'problem.unknown_alliance': {
    en: 'There is no alliance “{alliance}”.',
    ar: 'لا يوجد تحالف باسم «{alliance}».',
  },
  'problem.nothing_to_close': {
    en: 'No data gap of {alliance} closes within a budget of {budget, number} units: raise the budget.',
    ar: 'لا تُسدّ أي فجوة بيانات في {alliance} ضمن ميزانية قدرها {budget, number} وحدات: ارفع الميزانية.',
  },
  'problem.not_changing': {
    en: '{member} has no unit to re-equip in this proposal: only members whose units change commit.',
    ar: 'ليس لدى {member} وحدة يُعاد تجهيزها في هذا المقترح: لا يلتزم إلا الأعضاء الذين تتغير وحداتهم.',
  },
  'problem.already_committed': {
    en: '{member} has already committed to this proposal.',
    ar: 'التزمت {member} بهذا المقترح من قبل.',
  },
  // Cyber cases.
  'problem.not_stix_id': {
    en: '{field}: “{value}” is not a STIX 2.1 id (type--uuid, e.g. indicator--…).',
    ar: '«{field}»: «{value}» ليس معرّف STIX 2.1 (النوع--uuid، مثل indicator--…).',
  },
  'problem.above_clearance': {
    en: 'The classification {classification} is above your clearance ({clearance}).',
    ar: 'التصنيف {classification} أعلى من درجة تصريحك ({clearance}).',
  },
  'problem.not_a_participant': {
    en: '{member} does not take part in the programme “{programme}”.',
    ar: 'لا تشارك {member} في البرنامج «{programme}».',
  },
  'problem.case_closed': {
    en: 'This case was closed ({closedAt}).',
    ar: 'أُغلقت هذه الحالة ({closedAt}).',
  },
  'problem.own_case': {
    en: 'The affected member does not offer help to itself.',
    ar: 'لا تعرض الدولة المتضررة المساعدة على نفسها.',
  },
  'problem.not_released': {
    en: 'This case is not released to {member}.',
    ar: 'هذه الحالة غير مُفرج عنها إلى {member}.',
  },
  'problem.not_the_declarer': {
    en: 'Only {member}, which declared this case, may do this.',
    ar: 'لا يقوم بهذا إلا {member} التي أعلنت هذه الحالة.',
  },
  // Programmes.
  'problem.already_participant': {
    en: '{member} already takes part in this programme.',
    ar: 'تشارك {member} في هذا البرنامج بالفعل.',
  },
  'problem.council_decision_required': {
    en: '{action, select, join {Joining this programme} complete {Completing a milestone of this programme} other {This}} needs a council decision: file a request.',
    ar: '{action, select, join {الانضمام إلى هذا البرنامج} complete {إنجاز مرحلة من هذا البرنامج} other {هذا}} يحتاج إلى قرار من المجلس: قدّم طلبًا.',
  },
  'problem.request_pending': {
    en: '{member} already has a pending {action, select, join {request to join} leave {request to leave} complete {request to complete a milestone} other {request}}.',
    ar: 'لدى {member} {action, select, join {طلب انضمام} leave {طلب انسحاب} complete {طلب إنجاز مرحلة} other {طلب}} قيد النظر.',
  },
  'problem.milestone_completed': {
    en: 'The milestone “{milestone}” was completed already ({date}).',
    ar: 'أُنجزت المرحلة «{milestone}» من قبل ({date}).',
  },
  'problem.not_the_owner': {
    en: 'The milestone “{milestone}” belongs to {member}; only {member} completes it.',
    ar: 'المرحلة «{milestone}» تخص {member}؛ ولا ينجزها إلا {member}.',
  },
  // Accession (alliance life cycle).
  'problem.date_too_far_ahead': {
    en: 'The date {date} is more than {days, number} days ahead.',
    ar: 'التاريخ {date} بعد أكثر من {days, number} يومًا من الآن.',
  },
  'problem.date_before_alliance': {
    en: 'The date {date} is before {alliance} existed ({since}).',
    ar: 'التاريخ {date} سابق لقيام {alliance} ({since}).',
  },
  'problem.alliance_ended': {
    en: '{alliance} has ended: no act is taken in it any more.',
    ar: 'انتهى {alliance}: لا يُتخذ فيه أي عمل بعد الآن.',
  },
  'problem.act_of_the_state': {
    en: 'This act ({kind}) is for {member} itself to take, not {actor}.',
    ar: '«{kind}» عمل تقوم به {member} نفسها، لا {actor}.',
  },
  'problem.secretariat_act': {
    en: 'This act ({kind}) is entered by the secretariat (it carries out the council’s decision or is the depositary).',
    ar: 'تُدخل الأمانة العامة «{kind}» (فهي تنفّذ قرار المجلس أو هي جهة الإيداع).',
  },
  'problem.decision_required': {
    en: 'This act ({kind}) carries out a decision of the {alliance} council ({article}): name the council procedure.',
    ar: '«{kind}» تنفيذ لقرار من مجلس {alliance} ({article}): اذكر إجراء المجلس.',
  },
  'problem.decision_open': {
    en: 'The council procedure {procedure} is still open: it has decided nothing yet.',
    ar: 'إجراء المجلس {procedure} ما زال مفتوحًا: لم يُقرَّر فيه شيء بعد.',
  },
  'problem.already_member': {
    en: '{member} is already a member of {alliance}.',
    ar: '{member} عضو في {alliance} بالفعل.',
  },
  'problem.already_applied': {
    en: '{member} applied on {date}; the council has not decided yet.',
    ar: 'تقدّمت {member} بطلبها في {date}؛ ولم يقرر المجلس بعد.',
  },
  'problem.already_admitted': {
    en: '{member} was admitted on {date}; it signs next.',
    ar: 'قُبلت {member} في {date}؛ والخطوة التالية التوقيع.',
  },
  'problem.no_application': {
    en: '{member} has no pending application to {alliance}.',
    ar: 'ليس لدى {member} طلب انضمام قيد النظر إلى {alliance}.',
  },
  'problem.already_signed': {
    en: '{member} signed {alliance} on {date}.',
    ar: 'وقّعت {member} على {alliance} في {date}.',
  },
  'problem.not_signed': {
    en: '{member} cannot ratify {alliance}: it has not signed it.',
    ar: 'لا يمكن لـ{member} التصديق على {alliance}: فهي لم توقّع عليه.',
  },
  'problem.not_ratified': {
    en: '{member} cannot deposit an instrument of ratification of {alliance}: it has not ratified it.',
    ar: 'لا يمكن لـ{member} إيداع وثيقة التصديق على {alliance}: فهي لم تصدّق عليه.',
  },
  'problem.not_admitted': {
    en: '{alliance} is in force: {member} signs it only after the council has admitted it (apply first).',
    ar: '{alliance} نافذ: لا توقّع عليه {member} إلا بعد أن يقبلها المجلس (قدّم طلب الانضمام أولًا).',
  },
  'problem.not_in_force.application': {
    en: '{alliance} has no text in force yet: a founding state signs it as an original signatory; applications are for accession once it is in force.',
    ar: 'ليس لـ{alliance} نص نافذ بعد: توقّع عليه الدولة المؤسسة موقِّعةً أصلية؛ وطلبات الانضمام بعد نفاذه.',
  },
  'problem.no_lifecycle_rules': {
    en: 'Tahaluf has no sourced rules for how {alliance} admits, suspends or lets go of members: no act is recorded outside them.',
    ar: 'لا توجد لدى تحالف قواعد موثّقة المصدر لكيفية قبول {alliance} لأعضائه أو تعليق عضويتهم أو خروجهم: لا يُسجَّل أي عمل خارجها.',
  },
  'problem.wrong_decision.type': {
    en: 'This act ({kind}) needs a “{decisionType}” decision of the {alliance} council ({article}); {procedure} is not one.',
    ar: 'يحتاج هذا العمل («{kind}») إلى قرار من نوع «{decisionType}» من مجلس {alliance} ({article})؛ و{procedure} ليس كذلك.',
  },
  'problem.wrong_decision.matter': {
    en: 'The decision is on the matter “{given}”; this act is decided on the matter “{matter}”.',
    ar: 'القرار في المسألة «{given}»؛ أما هذا العمل فيُقرَّر في المسألة «{matter}».',
  },
  'problem.decision_not_adopted': {
    en: 'The council procedure {procedure} closed without adopting the decision: nothing to carry out.',
    ar: 'أُغلق إجراء المجلس {procedure} دون اعتماد القرار: لا شيء يُنفَّذ.',
  },
  'problem.decision_used': {
    en: 'The decision {procedure} has already been carried out.',
    ar: 'نُفِّذ القرار {procedure} من قبل.',
  },
  'problem.date_before_decision': {
    en: 'The date {date} is before the council decided ({decided}).',
    ar: 'التاريخ {date} سابق لقرار المجلس ({decided}).',
  },
  'problem.date_before_step': {
    en: 'The date {date} is before {member}’s {step, select, application {application} admission {admission} signature {signature} ratification {ratification} other {{step}}} ({stepDate}).',
    ar: 'التاريخ {date} سابق لـ{step, select, application {طلب انضمام} admission {قبول} signature {توقيع} ratification {تصديق} other {{step}}} {member} ({stepDate}).',
  },
  'problem.already_party': {
    en: '{member} is already a party to {alliance}.',
    ar: '{member} طرف في {alliance} بالفعل.',
  },
  'problem.already_ratified': {
    en: '{member} ratified {alliance} on {date}.',
    ar: 'صدّقت {member} على {alliance} في {date}.',
  },
  'problem.already_deposited': {
    en: '{member} deposited its instrument of ratification on {date}.',
    ar: 'أودعت {member} وثيقة تصديقها في {date}.',
  },
  'problem.not_deposited': {
    en: '{member} has not deposited its instrument of ratification of {alliance}.',
    ar: 'لم تودع {member} وثيقة تصديقها على {alliance}.',
  },
  // Events.
  'problem.unknown_alliance_id': {
    en: '{field}: “{value}” is not a known alliance id (e.g. gcc, arab-league).',
    ar: '«{field}»: «{value}» ليس معرّف تحالف معروفًا (مثل gcc أو arab-league).',
  },
  'problem.source_required': {
    en: 'An event needs at least one source: give its title (and a web address if known).',
    ar: 'يحتاج الحدث إلى مصدر واحد على الأقل: اذكر عنوانه (وعنوانه على الويب إن عُرف).',
  },
  'problem.not_http_url': {
    en: '{field}: “{value}” is not a web address (http:// or https://).',
    ar: '«{field}»: «{value}» ليس عنوانًا على الويب (http:// أو https://).',
  },
  'problem.year_or_date': {
    en: '{field}: “{value}” is neither a year (YYYY) nor a date (YYYY-MM-DD).',
    ar: '«{field}»: «{value}» ليس سنة (YYYY) ولا تاريخًا (YYYY-MM-DD).',
  },
  'problem.event_not_concerning': {
    en: '{member} may record an event only if it names {member} or an alliance {member} belonged to on {day}.',
    ar: 'لا يجوز لـ{member} تسجيل حدث إلا إذا ذكر {member} أو تحالفًا كانت {member} عضوًا فيه بتاريخ {day}.',
  },
  'problem.event_already_recorded': {
    en: 'This event is already recorded ({event}).',
    ar: 'هذا الحدث مسجّل من قبل ({event}).',
  },
  // Early warning.
  'problem.own_member_only': {
    en: 'Only {member} or the secretariat may do this for {member}.',
    ar: 'لا يقوم بهذا لـ{member} إلا {member} أو الأمانة العامة.',
  },
  'problem.exercises_busy': {
    en: '{running, number} exercises are running (at most {max, number}): try again when one has finished.',
    ar: 'تجري الآن {running, number} تمارين (والحد الأقصى {max, number}): أعد المحاولة عند انتهاء أحدها.',
  },
  'problem.language_tag_invalid': {
    en: '{field}: “{value}” is not a language tag (RFC 5646, e.g. ar, en-GB).',
    ar: '«{field}»: «{value}» ليس وسم لغة (RFC 5646، مثل ar أو en-GB).',
  },
  'problem.language_tag_repeated': {
    en: '{field}: “{value}” is named twice.',
    ar: '«{field}»: «{value}» مذكور مرتين.',
  },
  'problem.cap_language_unavailable': {
    en: '{field}: Tahaluf writes CAP warnings in {available}, not in “{value}”.',
    ar: '«{field}»: يكتب تحالف رسائل الإنذار CAP بـ{available}، لا بـ«{value}».',
  },
  // Record.
  'problem.verification_running': {
    en: 'A verification is already running on this node: try again when it ends.',
    ar: 'يجري تحقق على هذه العقدة الآن: أعد المحاولة عند انتهائه.',
  },
  // Sign-in ("Acting as").
  'problem.demo_refused': {
    en: 'The demo sign-in is not offered here ({reason, select, disabled {this node has no demo} loopback {only on this machine’s own address} signed_in {you are signed in: sign out first} other {{reason}}}).',
    ar: 'الدخول التجريبي غير متاح هنا ({reason, select, disabled {لا عرض تجريبي في هذه العقدة} loopback {على عنوان هذا الجهاز فقط} signed_in {أنت مسجّل الدخول: سجّل الخروج أولًا} other {{reason}}}).',
  },
  'problem.not_acting_as': {
    en: 'You are not a secretariat user acting as a member.',
    ar: 'لست مستخدمًا من الأمانة العامة يتصرف بصفة دولة عضو.',
  },
  'problem.signin_code_invalid': {
    en: 'The sign-in code is unknown, used or expired: ask for a new sign-in link.',
    ar: 'رمز الدخول غير معروف أو مستخدم أو منتهي الصلاحية: اطلب رابط دخول جديدًا.',
  },
  'problem.token_required': {
    en: 'Paste an API token to sign in with it.',
    ar: 'الصق رمز واجهة برمجية لتسجيل الدخول به.',
  },
  // Rarer refusals of the views (#13 follow-up): a thing already there or not on record.
  'problem.exists': {
    en: '{what, select, case {The case} programme {The programme} proposal {The proposal} exercise {The exercise} pledge {The pledge} other {{what}}} “{id}” already exists.',
    ar: '{what, select, case {الحالة «{id}» موجودة} programme {البرنامج «{id}» موجود} proposal {المقترح «{id}» موجود} exercise {التمرين «{id}» موجود} pledge {التعهد «{id}» موجود} other {«{id}» موجود}} من قبل.',
  },
  'problem.no_such_case': {
    en: 'There is no case on record for this act ({act}).',
    ar: 'لا توجد حالة مسجّلة لهذا العمل ({act}).',
  },
  'problem.no_such_programme': {
    en: 'There is no programme on record for this act ({act}).',
    ar: 'لا يوجد برنامج مسجّل لهذا العمل ({act}).',
  },
  'problem.no_such_proposal': {
    en: 'There is no proposal on record for this act ({act}).',
    ar: 'لا يوجد مقترح مسجّل لهذا العمل ({act}).',
  },
  // Programmes: milestones, requests, governance, contributions.
  'problem.owner_not_participant': {
    en: 'The milestone’s owner, {member}, does not take part in the programme “{programme}”.',
    ar: 'لا تشارك {member}، المسؤولة عن المرحلة، في البرنامج «{programme}».',
  },
  'problem.owner_not_participant.proposal': {
    en: '{member} does not take part yet: the proposer owns the first milestones; other members add theirs after joining.',
    ar: 'لا تشارك {member} بعد: المراحل الأولى للدولة المقترِحة؛ وتضيف الدول الأخرى مراحلها بعد انضمامها.',
  },
  'problem.too_many_milestones': {
    en: 'A programme has at most {max, number} milestones.',
    ar: 'لا يتجاوز عدد مراحل البرنامج {max, number} مرحلة.',
  },
  'problem.no_such_milestone': {
    en: 'This programme has no milestone “{milestone}”.',
    ar: 'لا توجد في هذا البرنامج مرحلة «{milestone}».',
  },
  'problem.no_council_needed': {
    en: '{action, select, join {Joining this programme} complete {Completing a milestone of this programme} other {This}} needs no council decision: act directly.',
    ar: '{action, select, join {الانضمام إلى هذا البرنامج} complete {إنجاز مرحلة من هذا البرنامج} other {هذا}} لا يحتاج إلى قرار من المجلس: تصرّف مباشرة.',
  },
  'problem.no_such_request': {
    en: 'This programme has no request “{request}”.',
    ar: 'لا يوجد في هذا البرنامج طلب «{request}».',
  },
  'problem.request_settled': {
    en: 'The request {request} is already settled ({status, select, approved {approved} refused {refused} other {{status}}}).',
    ar: 'بُتّ في الطلب {request} من قبل ({status, select, approved {قُبل} refused {رُفض} other {{status}}}).',
  },
  'problem.council_pending': {
    en: 'The {charter} council has not yet closed a decision ({decisionType}) on “{matter}”.',
    ar: 'لم يُغلق مجلس {charter} بعد قرارًا ({decisionType}) بشأن «{matter}».',
  },
  'problem.governance_charter': {
    en: '{field}: “{value}” does not name a council charter.',
    ar: '«{field}»: «{value}» لا يسمّي ميثاق مجلس.',
  },
  'problem.governance_decision_type': {
    en: '{field}: “{value}” is not a decision type of a council charter.',
    ar: '«{field}»: «{value}» ليس نوع قرار في ميثاق مجلس.',
  },
  'problem.distinct_among': {
    en: '{field} must list one or more different acts among: {allowedValues}.',
    ar: 'يجب أن يذكر «{field}» عملًا واحدًا أو أكثر، دون تكرار، من بين: {allowedValues}.',
  },
  'problem.currency_required': {
    en: '{field}: a money contribution gives its currency (ISO 4217 code, e.g. USD).',
    ar: '«{field}»: تُذكر عملة المساهمة المالية (رمز ISO 4217، مثل USD).',
  },
  'problem.contribution_unit': {
    en: '{field}: {kind, select, personnel {a personnel} equipment {an equipment} data {a data} other {this}} contribution is counted in “{unit}”.',
    ar: '«{field}»: تُحسب {kind, select, personnel {مساهمة الأفراد} equipment {مساهمة المعدات} data {مساهمة البيانات} other {هذه المساهمة}} بوحدة «{unit}».',
  },
  'problem.list_length': {
    en: '{field} must have {min, number} to {max, number} entries.',
    ar: 'يجب أن يتضمن «{field}» من {min, number} إلى {max, number} عناصر.',
  },
  'problem.state_codes': {
    en: '{field} must list state codes (ISO 3166 alpha-3, e.g. QAT).',
    ar: 'يجب أن يتضمن «{field}» رموز دول (رمز ISO الثلاثي، مثل QAT).',
  },
  // Procurement.
  'problem.no_forces_module': {
    en: 'This node does not run the forces module: it has no units to plan procurement for.',
    ar: 'لا تشغّل هذه العقدة وحدة القوات: فلا وحدات لديها يُخطَّط لتجهيزها.',
  },
  // Accession: entry into force, reservations, suspension, withdrawal, the sourced history.
  'problem.state_merged': {
    en: '{member} was part of the {union} on {day}; it could not act separately.',
    ar: 'كانت {member} جزءًا من {union} بتاريخ {day}؛ فلم يكن بوسعها التصرف منفردة.',
  },
  'problem.no_treaty_steps': {
    en: 'Members join {alliance} by the council’s admission: it has no treaty text to take this step on ({kind}).',
    ar: 'تنضم الدول الأعضاء إلى {alliance} بقرار قبول من المجلس: فليس له نص معاهدة تُتخذ عليه هذه الخطوة («{kind}»).',
  },
  'problem.not_in_force': {
    en: 'The text of {alliance} is not in force yet: enter the treaty into force first.',
    ar: 'نص {alliance} غير نافذ بعد: أدخل المعاهدة حيّز النفاذ أولًا.',
  },
  'problem.already_in_force': {
    en: '{alliance} entered into force on {date}.',
    ar: 'دخل {alliance} حيّز النفاذ في {date}.',
  },
  'problem.not_enough_deposits': {
    en: '{alliance} enters into force when {required, number} signatories have deposited their instruments of ratification; {deposited, number} had by {date}.',
    ar: 'يدخل {alliance} حيّز النفاذ عندما يودع {required, number} من الموقّعين وثائق تصديقهم؛ وقد أودعها {deposited, number} حتى {date}.',
  },
  'problem.not_a_party': {
    en: '{member} has neither signed nor joined {alliance}: it has nothing to make this act ({kind}) on.',
    ar: 'لم توقّع {member} على {alliance} ولم تنضم إليه: فلا شيء تُبدي عليه «{kind}».',
  },
  'problem.reservation_too_late': {
    en: 'A reservation is made when signing, ratifying or acceding; {member} is already bound by {alliance}.',
    ar: 'يُبدى التحفّظ عند التوقيع أو التصديق أو الانضمام؛ و{member} ملزمة بـ{alliance} بالفعل.',
  },
  'problem.already_suspended': {
    en: '{member} is suspended from {alliance} since {date}.',
    ar: 'عضوية {member} في {alliance} معلّقة منذ {date}.',
  },
  'problem.not_suspended': {
    en: '{member} is not suspended from {alliance} on {day}: there is nothing to readmit.',
    ar: 'عضوية {member} في {alliance} غير معلّقة بتاريخ {day}: فلا محل لإعادة القبول.',
  },
  'problem.withdrawal_pending': {
    en: '{member} has already given notice: its membership of {alliance} ends on {date}.',
    ar: 'أشعرت {member} بانسحابها من قبل: تنتهي عضويتها في {alliance} في {date}.',
  },
  'problem.no_withdrawal_rule': {
    en: 'The rules of {alliance} provide for no withdrawal.',
    ar: 'لا تنصّ قواعد {alliance} على الانسحاب.',
  },
  'problem.no_rule': {
    en: 'The rules of {alliance} provide for no such act ({kind}).',
    ar: 'لا تنصّ قواعد {alliance} على «{kind}».',
  },
  'problem.withdrawal_effective': {
    en: 'Under {article}, a withdrawal notified on {date} takes effect on {effective} ({months, plural, one {# month’s} other {# months’}} notice).',
    ar: 'بموجب {article}، يسري الانسحاب المُشعَر به في {date} اعتبارًا من {effective} (إشعار مدته {months, plural, zero {# شهر} one {شهر واحد} two {شهران} few {# أشهر} many {# شهرًا} other {# شهر}}).',
  },
  'problem.date_before_deposit': {
    en: 'The date {date} is before {member}’s deposit ({deposited}) or the treaty’s entry into force ({inForce}).',
    ar: 'التاريخ {date} سابق لإيداع {member} ({deposited}) أو لدخول المعاهدة حيّز النفاذ ({inForce}).',
  },
  'problem.deposit_actor': {
    en: 'An instrument is deposited by {member} or received by the secretariat, not by {actor}.',
    ar: 'تودع {member} الوثيقة أو تتسلّمها الأمانة العامة، لا {actor}.',
  },
  'problem.record_history_only': {
    en: 'Only the re-derivation of the sourced history may rest on the record instead of a council decision.',
    ar: 'لا يجوز الاستناد إلى السجل بدلًا من قرار المجلس إلا في إعادة اشتقاق التاريخ الموثّق المصدر.',
  },
  'problem.exit_history_only': {
    en: 'An exit other than by withdrawal is entered only from the sourced history.',
    ar: 'لا يُسجَّل الخروج بغير الانسحاب إلا من التاريخ الموثّق المصدر.',
  },
  'problem.sources_required.history': {
    en: 'A historical act names its sources.',
    ar: 'يذكر العمل التاريخي مصادره.',
  },
  // Documents (texts of the alliances).
  'problem.already_uploaded': {
    en: 'This text is already version {version, number} of {document} ({language}).',
    ar: 'هذا النص هو الإصدار {version, number} من {document} ({language}) بالفعل.',
  },
  'problem.slug': {
    en: '{field} must be {min, number} to {max, number} lower-case letters, digits and hyphens.',
    ar: 'يجب أن يتكون «{field}» من {min, number} إلى {max, number} من الأحرف اللاتينية الصغيرة والأرقام والشرطات.',
  },
  'problem.named_twice': {
    en: '{field}: “{value}” is named twice.',
    ar: '«{field}»: «{value}» مذكور مرتين.',
  },
  'problem.article_span': {
    en: '{field}: “from” and “to” must be character offsets with 0 ≤ from < to ≤ {length, number}.',
    ar: '«{field}»: يجب أن يكون «from» و«to» موضعَي حرفين بحيث 0 ≤ from < to ≤ {length, number}.',
  },
  'problem.members_only_upload': {
    en: '{actor} may upload texts of {alliance} only as one of its members.',
    ar: 'لا يجوز لـ{actor} رفع نصوص {alliance} إلا بصفتها عضوًا فيه.',
  },
  'problem.article_not_marked': {
    en: 'The cited text marks no article “{article}”; the articles it marks: {marked}.',
    ar: 'لا يحدّد النص المستشهد به مادة «{article}»؛ والمواد التي يحدّدها: {marked}.',
  },
  // Forces: pledges and exercises.
  'problem.unit_not_own': {
    en: '{unit} belongs to {member}: a member books only its own units (the secretariat plans for the council).',
    ar: 'الوحدة {unit} تابعة لـ{member}: لا تحجز الدولة العضو إلا وحداتها (والأمانة العامة تخطط نيابة عن المجلس).',
  },
  'problem.unit_double_booked': {
    en: '{unit} is already booked for “{exercise}” ({from}…{to}).',
    ar: 'الوحدة {unit} محجوزة من قبل لـ«{exercise}» ({from}…{to}).',
  },
  'problem.unit_unavailable': {
    en: '{unit} is not on offer for {from}…{to}.',
    ar: 'الوحدة {unit} غير معروضة للفترة {from}…{to}.',
  },
  'problem.unit_not_participant': {
    en: '{unit} belongs to {member}, which is not a listed participant: a member’s forces are booked only with that member taking part.',
    ar: 'الوحدة {unit} تابعة لـ{member}، وهي ليست من المشاركين المذكورين: لا تُحجز قوات دولة عضو إلا بمشاركتها.',
  },
  'problem.overlapping_booking': {
    en: '{unit} is already pledged in {pledge} for an overlapping period.',
    ar: 'الوحدة {unit} مدرجة في التعهد {pledge} لفترة متداخلة.',
  },
  'problem.exercise_not_planned': {
    en: 'This exercise is {status, select, cancelled {cancelled} completed {completed} other {{status}}}: it is no longer planned.',
    ar: 'هذا التمرين {status, select, cancelled {ملغى} completed {مكتمل} other {{status}}}: فلم يعد مخططًا له.',
  },
  'problem.already_consented': {
    en: '{member} has already consented to this exercise.',
    ar: 'وافقت {member} على هذا التمرين من قبل.',
  },
  'problem.exercise_cancelled': {
    en: 'This exercise was cancelled.',
    ar: 'أُلغي هذا التمرين.',
  },
  'problem.aar_exists': {
    en: 'This exercise already has an after-action report.',
    ar: 'لهذا التمرين تقرير ما بعد العمل من قبل.',
  },
  'problem.exercise_not_started': {
    en: 'This exercise starts on {date}: no after-action report before then.',
    ar: 'يبدأ هذا التمرين في {date}: لا تقرير ما بعد العمل قبل ذلك.',
  },
  'problem.pledge_withdrawn': {
    en: 'This pledge was withdrawn and cannot be changed.',
    ar: 'سُحب هذا التعهد فلا يمكن تغييره.',
  },
  'problem.alliance_fixed': {
    en: 'A pledge cannot move to another alliance: withdraw it and raise a new one.',
    ar: 'لا يُنقل التعهد إلى تحالف آخر: اسحبه وقدّم تعهدًا جديدًا.',
  },
  'problem.member_withdrawn': {
    en: '{member} left {alliance} on {date}.',
    ar: 'خرجت {member} من {alliance} في {date}.',
  },
  'problem.not_a_full_member': {
    en: '{member} is {role, select, observer {an observer} guarantor {a guarantor} other {a {role}}} of {alliance}, not a full member.',
    ar: '{member} {role, select, observer {دولة مراقبة} guarantor {دولة ضامنة} other {{role}}} في {alliance}، لا عضو كامل العضوية.',
  },
  'problem.pledge_other_alliance': {
    en: 'The pledge {pledge} is made to {alliance}, not to this exercise’s alliance ({exerciseAlliance}).',
    ar: 'التعهد {pledge} مقدَّم إلى {alliance}، لا إلى تحالف هذا التمرين ({exerciseAlliance}).',
  },
  'problem.not_a_host': {
    en: '{member} is not a host of this exercise (hosts: {hosts}).',
    ar: 'ليست {member} من الدول المضيفة لهذا التمرين (المضيفة: {hosts}).',
  },
  'problem.planner_only': {
    en: 'Only {member}, which planned this exercise, or the secretariat may cancel it.',
    ar: 'لا يلغي هذا التمرين إلا {member} التي خططت له أو الأمانة العامة.',
  },
  'problem.not_a_participant.exercise': {
    en: '{member} did not take part in this exercise.',
    ar: 'لم تشارك {member} في هذا التمرين.',
  },
  // Council: the rotating chair and the secretary-general.
  'problem.no_rotating_chair': {
    en: '{charter} has no rotating chair.',
    ar: 'لا رئاسة دورية في {charter}.',
  },
  'problem.no_such_term': {
    en: 'No term of the {office} starts on {termFrom}.',
    ar: 'لا تبدأ أي ولاية لـ{office} في {termFrom}.',
  },
  'problem.term_started': {
    en: 'The term from {termFrom} has already started (today is {today}): a decline is filed before its term starts.',
    ar: 'بدأت الولاية التي تبدأ في {termFrom} بالفعل (اليوم {today}): يُقدَّم الاعتذار قبل بدء الولاية.',
  },
  'problem.term_recorded': {
    en: 'The term from {termFrom} is recorded history of {charter} (recorded until {until}): it cannot be declined.',
    ar: 'الولاية التي تبدأ في {termFrom} جزء من التاريخ المسجّل لـ{charter} (حتى {until}): فلا يجوز الاعتذار عنها.',
  },
  'problem.not_your_turn': {
    en: 'The term from {termFrom} is {member}’s turn, not {actor}’s.',
    ar: 'الولاية التي تبدأ في {termFrom} هي دور {member}، لا {actor}.',
  },
  'problem.substitute_not_member': {
    en: 'The substitute {member} is not an active member on {termFrom}.',
    ar: 'البديل {member} ليس عضوًا عاملًا في {termFrom}.',
  },
  'problem.already_declined': {
    en: '{member} has already declined the term from {termFrom}.',
    ar: 'اعتذرت {member} عن الولاية التي تبدأ في {termFrom} من قبل.',
  },
  'problem.not_a_member_national': {
    en: 'The secretary-general must be a national of a member state; {member} is not a member.',
    ar: 'يجب أن يكون الأمين العام من مواطني دولة عضو؛ و{member} ليست عضوًا.',
  },
  'problem.term_limit': {
    en: '{person} has already served {served, plural, one {# term} other {# terms}}; the charter allows at most {max, number}.',
    ar: 'عدد الولايات التي شغلها {person}: {served, number}؛ ولا يجيز الميثاق أكثر من {max, number}.',
  },
  // Early warning: drills, the network, webhooks.
  'problem.drill_cancelled': {
    en: 'The exercise {exercise} was cancelled: its drill does not run.',
    ar: 'أُلغي التمرين {exercise}: فلا يجري تدريبه.',
  },
  'problem.drill_missing': {
    en: 'The drill of exercise {exercise} is no longer on record.',
    ar: 'لم يعد تدريب التمرين {exercise} مسجّلًا.',
  },
  'problem.drill_participants_only': {
    en: 'Only the secretariat or a participant of exercise {exercise} may run its drill.',
    ar: 'لا يجري تدريب التمرين {exercise} إلا الأمانة العامة أو إحدى الدول المشاركة فيه.',
  },
  'problem.not_in_network': {
    en: '{member} is not a member of the warning network.',
    ar: 'ليست {member} عضوًا في شبكة الإنذار.',
  },
  'problem.not_in_network.list': {
    en: '{count, plural, one {{members} is not a member} other {{members} are not members}} of the warning network.',
    ar: '{count, plural, one {{members} ليست عضوًا} other {{members} ليست أعضاء}} في شبكة الإنذار.',
  },
  'problem.too_many_webhooks': {
    en: 'A member may register at most {max, number} webhooks.',
    ar: 'لا يجوز للدولة العضو تسجيل أكثر من {max, number} من خطافات الويب.',
  },
  // The node: load, request budget, the alliance log.
  'problem.overloaded': {
    en: 'The node is busy at the moment: try again in a second.',
    ar: 'العقدة مشغولة الآن: أعد المحاولة بعد ثانية.',
  },
  'problem.rate_limited': {
    en: 'You have used your {budget, select, read {read} write {write} other {request}} budget ({max, number} requests per {seconds, number} s): try again in {retrySeconds, plural, one {# second} other {# seconds}}.',
    ar: 'استنفدت حدّ {budget, select, read {طلبات القراءة} write {طلبات التعديل} other {الطلبات}} ({max, number} طلبًا كل {seconds, number} ثانية): أعد المحاولة بعد {retrySeconds, number} ثانية.',
  },
  'problem.alliance_unavailable': {
    en: 'This node cannot reach the alliance log at the moment: try again shortly.',
    ar: 'لا تستطيع هذه العقدة الوصول إلى سجل التحالف الآن: أعد المحاولة بعد قليل.',
  },
  'problem.not_yet_applied': {
    en: 'The act {act} is in the alliance log (no. {seq, number}) but this node has not applied it yet: reload shortly.',
    ar: 'العمل {act} مسجّل في سجل التحالف (رقم {seq, number}) لكن هذه العقدة لم تطبّقه بعد: أعد التحميل بعد قليل.',
  },
  'problem.key_not_registered': {
    en: 'The key {key} of {actor} on this node is not in the alliance’s key directory: the node’s operator registers it first.',
    ar: 'المفتاح {key} الخاص بـ{actor} على هذه العقدة غير مدرج في دليل مفاتيح التحالف: يسجّله مشغّل العقدة أولًا.',
  },
  'problem.unknown_sensor': {
    en: 'This sensor is not in the early-warning network: its operator registers it first.',
    ar: 'هذا المستشعر غير مسجَّل في شبكة الإنذار المبكر: يسجّله مشغّله أولًا.',
  },
  'problem.not_your_sensor': {
    en: 'This sensor belongs to another member: a member sends the reports of its own sensors only.',
    ar: 'هذا المستشعر تابع لدولة عضو أخرى: لا ترسل الدولة العضو إلا تقارير مستشعراتها.',
  },
} satisfies Messages;
