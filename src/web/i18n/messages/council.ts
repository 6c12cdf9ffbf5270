import type { Messages } from './types.js';

/** The Council view: agenda, a procedure (tally, outcome, acts, timeline), opening one, the offices. */
export const council = {
  'council.council': { en: 'Council', ar: 'المجلس' },
  'council.allCouncils': { en: 'all councils', ar: 'كل المجالس' },
  'council.natoReference': {
    en: 'NATO (reference practice, 2003)',
    ar: 'حلف شمال الأطلسي (ممارسة مرجعية، 2003)',
  },
  'council.loading': { en: 'loading…', ar: 'جارٍ التحميل…' },
  'council.agenda': { en: 'Agenda', ar: 'جدول الأعمال' },
  'council.replayCase': { en: 'replay of a real case', ar: 'إعادة لحالة حقيقية' },
  'council.noProcedures': { en: 'No procedures yet.', ar: 'لا إجراءات بعد.' },
  'council.pick': { en: 'Pick a procedure on the agenda.', ar: 'اختر إجراءً من جدول الأعمال.' },
  'council.kind': {
    en: '{kind, select, decision {decision} consultation {consultation} defence {collective defence} other {{kind}}}',
    ar: '{kind, select, decision {قرار} consultation {مشاورات} defence {دفاع جماعي} other {{kind}}}',
  },
  'council.status': {
    en: '{status, select, open {open} closed {closed} other {{status}}}',
    ar: '{status, select, open {مفتوح} closed {مغلق} other {{status}}}',
  },
  'council.outcome': {
    en: '{status, select, pending {pending} adopted {adopted} not_adopted {not adopted} no_quorum {no quorum} other {{status}}}',
    ar: '{status, select, pending {معلَّق} adopted {معتمد} not_adopted {غير معتمد} no_quorum {لم يكتمل النصاب} other {{status}}}',
  },
  'council.deadlinePassed': { en: 'deadline passed', ar: 'انقضت المهلة' },
  'council.countdown': {
    en: '{days, plural, =0 {} other {#d }}{hours}h {minutes}m {seconds}s left',
    ar: 'متبقٍّ: {days, plural, =0 {} other {# ي }}{hours} س {minutes} د {seconds} ث',
  },
  'council.utc': { en: '{when} UTC', ar: '{when} (التوقيت العالمي)' },
  'council.meta': {
    en: '{charter} · {kind}{rule, select, none {} other { · {rule}}} · matter <code>{matter}</code> · opened by {actor} at {when}',
    ar: '{charter} · {kind}{rule, select, none {} other { · {rule}}} · المسألة <code>{matter}</code> · فتحه {actor} في {when}',
  },
  'council.invokes': {
    en: ' · invokes <strong>{article}</strong>',
    ar: ' · يستند إلى <strong>{article}</strong>',
  },
  'council.replay': {
    en: 'Replay of a real case: {note} Sources: {sources}.',
    ar: 'إعادة لحالة حقيقية: {note} المصادر: {sources}.',
  },
  'council.statusLine': {
    en: 'Status: <strong>{status}</strong>',
    ar: 'الحالة: <strong>{status}</strong>',
  },
  'council.deadline': { en: ' · deadline {when} · ', ar: ' · المهلة {when} · ' },
  'council.closed': { en: 'closed', ar: 'مغلق' },
  'council.tally.yes': { en: 'Yes', ar: 'نعم' },
  'council.tally.no': { en: 'No', ar: 'لا' },
  'council.tally.abstain': { en: 'Abstain', ar: 'امتناع' },
  'council.tally.objections': { en: 'Objections', ar: 'اعتراضات' },
  'council.tally.present': {
    en: 'Present {present} of {counted}{quorum, select, none {} other { (quorum {quorum})}}',
    ar: 'الحاضرون {present} من {counted}{quorum, select, none {} other { (النصاب {quorum})}}',
  },
  'council.allVoted': {
    en: 'All {count} members whose votes count have voted: the decision is <strong>{decision}</strong>{open, select, yes { (final once the procedure is closed).} other {.}}',
    ar: '{count, plural, one {صوّت العضو الوحيد الذي يُحتسب صوته} two {صوّت العضوان اللذان يُحتسب صوتاهما} few {صوّت الأعضاء الـ# الذين تُحتسب أصواتهم} many {صوّت الأعضاء الـ# الذين تُحتسب أصواتهم} other {صوّت الأعضاء الـ# الذين تُحتسب أصواتهم}}: القرار <strong>{decision}</strong>{open, select, yes { (ويصبح نهائيًا عند إغلاق الإجراء).} other {.}}',
  },
  'council.outcomeLine': {
    en: 'Outcome: <strong>{outcome}</strong>: {reason}',
    ar: 'النتيجة: <strong>{outcome}</strong>: {reason}',
  },
  'council.wouldBe': {
    en: 'pending — would be {decision}',
    ar: 'معلَّق — سيكون {decision}',
  },
  'council.bound': {
    en: 'Bound ({scope, select, acceptors {only the members that accepted} other {all members}}):',
    ar: 'الملزَمون ({scope, select, acceptors {الأعضاء الذين قبلوا فقط} other {جميع الأعضاء}}):',
  },
  'council.notCounted': { en: 'Vote not counted: {list}', ar: 'أصوات لا تُحتسب: {list}' },
  'council.role': {
    en: '{name} ({role, select, aggressor {aggressor} attacked {attacked} accused {accused} other {{role}}})',
    ar: '{name} ({role, select, aggressor {المعتدي} attacked {المعتدى عليه} accused {المتَّهم} other {{role}}})',
  },
  'council.summary': { en: 'Summary: {summary}', ar: 'الملخّص: {summary}' },
  'council.chooseMember': {
    en: 'Choose a member (top right) to act in this procedure.',
    ar: 'اختر عضوًا (أعلى الصفحة) للتصرّف في هذا الإجراء.',
  },
  'council.actingAs': {
    en: 'Acting as <strong>{name}</strong>:',
    ar: 'بصفة <strong>{name}</strong>:',
  },
  'council.vote': {
    en: 'Vote {choice, select, yes {yes} no {no} other {abstain}}',
    ar: '{choice, select, yes {صوّت بنعم} no {صوّت بلا} other {امتنع عن التصويت}}',
  },
  'council.hasVoted': { en: '{name} has voted.', ar: 'صوّت {name}.' },
  'council.object': { en: 'Formal objection', ar: 'اعتراض رسمي' },
  'council.statePosition': { en: 'State position', ar: 'أعلن الموقف' },
  'council.recordAssistance': { en: 'Record assistance', ar: 'سجّل المساعدة' },
  'council.statement': { en: 'Statement', ar: 'البيان' },
  'council.statementOptional': { en: 'Statement (optional)', ar: 'البيان (اختياري)' },
  'council.emptyPosition': {
    en: 'Statement: write the position before stating it (an empty position is not recorded).',
    ar: 'البيان: اكتب الموقف قبل إعلانه (لا يُسجَّل موقف فارغ).',
  },
  'council.close': { en: 'Close the procedure', ar: 'أغلق الإجراء' },
  'council.closeSecretariat': {
    en: 'The secretariat may close any procedure',
    ar: 'يجوز للأمانة العامة إغلاق أي إجراء',
  },
  'council.closeOpener': {
    en: 'You opened this procedure: you may close it',
    ar: 'أنت من فتح هذا الإجراء: يجوز لك إغلاقه',
  },
  'council.closedWith': {
    en: 'Closed. The decision is {decision}: {reason}',
    ar: 'أُغلق الإجراء. القرار {decision}: {reason}',
  },
  'council.closedPlain': { en: 'Closed.', ar: 'أُغلق الإجراء.' },
  'council.timeline': { en: 'Timeline', ar: 'التسلسل الزمني' },
  'council.col.when': { en: 'When (UTC)', ar: 'متى (التوقيت العالمي)' },
  'council.col.who': { en: 'Who', ar: 'مَن' },
  'council.col.what': { en: 'What', ar: 'ماذا' },
  'council.col.act': { en: 'Signed act', ar: 'العمل الموقّع' },
  'council.event.opened': { en: '{actor} opened: {title}', ar: 'فتح {actor} الإجراء: {title}' },
  'council.event.vote': {
    en: '{actor} voted {choice, select, yes {yes} no {no} other {abstain}}',
    ar: '{choice, select, yes {صوّت {actor} بنعم} no {صوّت {actor} بلا} other {امتنع {actor} عن التصويت}}',
  },
  'council.event.objection': {
    en: '{actor} objected{statement, select, none {} other {: {statement}}}',
    ar: 'اعترض {actor}{statement, select, none {} other {: {statement}}}',
  },
  'council.event.position': {
    en: '{actor} ({stance, select, stated {stated} other {{stance}}}): {statement}',
    ar: '{actor} ({stance, select, stated {أعلن موقفه} other {{stance}}}): {statement}',
  },
  'council.event.assistance': {
    en: '{actor} will assist ({kind}): {description}',
    ar: 'سيقدّم {actor} المساعدة ({kind}): {description}',
  },
  'council.event.closed': {
    en: '{actor} closed the procedure{outcome, select, none {} other {: {outcome}}}{summary, select, none {} other { — {summary}}}',
    ar: 'أغلق {actor} الإجراء{outcome, select, none {} other {: {outcome}}}{summary, select, none {} other { — {summary}}}',
  },
  'council.openTitle': { en: 'Open a procedure', ar: 'افتح إجراءً' },
  'council.kindOption': {
    en: '{kind, select, decision {decision} consultation {request for consultations} other {invoke collective defence}}',
    ar: '{kind, select, decision {قرار} consultation {طلب مشاورات} other {تفعيل الدفاع الجماعي}}',
  },
  'council.deadlineField': { en: 'Deadline', ar: 'المهلة' },
  'council.openSubmit': { en: 'Open (as the chosen member)', ar: 'افتح (بصفة العضو المختار)' },
  'council.offices': { en: 'Offices — {charter}', ar: 'المناصب — {charter}' },
  'council.chairTitle': {
    en: '{charter, select, other {{title}}}',
    ar: '{charter, select, arab_league {رئاسة القمة} gcc {رئاسة المجلس الأعلى} joint_arab_force {القيادة الدورية} other {الرئاسة ({title})}}',
  },
  'council.col.inLine': { en: 'In line', ar: 'صاحب الدور' },
  'council.col.heldBy': { en: 'Held by', ar: 'شغلها' },
  'council.col.declined': { en: 'Declined', ar: 'اعتذر' },
  'council.term': { en: '{from} → {to}', ar: '{from} ← {to}' },
  'council.projected': { en: ' (projected)', ar: ' (متوقَّع)' },
  'council.substitute': { en: '{name} (→ {substitute})', ar: '{name} (← {substitute})' },
  'council.lapsedTitle': {
    en: 'filed when that member was in line; an earlier decline shifted the rotation',
    ar: 'قُدِّم حين كان الدور لذلك العضو؛ ثم غيّر اعتذار سابق ترتيب التناوب',
  },
  'council.lapsed': { en: 'lapsed: {list}', ar: 'سقط: {list}' },
  'council.noChair': {
    en: 'No rotating chair in this charter.',
    ar: 'لا رئاسة دورية في هذا الميثاق.',
  },
  'council.sg': { en: 'Secretary-General', ar: 'الأمين العام' },
  'council.sgRule': {
    en: 'Civilian; {years}-year terms{max, select, none {} other {, at most {max}}}; appointed by a council decision.',
    ar: 'مدني؛ مدة الولاية {years, plural, zero {# سنة} one {سنة واحدة} two {سنتان} few {# سنوات} many {# سنة} other {# سنة}}{max, select, none {} other {، بحدّ أقصى {max}}}؛ يُعيَّن بقرار من المجلس.',
  },
  'council.sgTerm': {
    en: '{person} ({nationality}) {from} → {to}, term {term}',
    ar: '{person} ({nationality}) {from} ← {to}، الولاية {term}',
  },
  'council.unverified': { en: ' [unverified: {text}]', ar: ' [غير متحقَّق منه: {text}]' },
  'council.noAppointment': { en: 'No appointment recorded.', ar: 'لا تعيين مسجَّل.' },
  'council.decisionType': {
    en: '{key, select, other {{label}}}',
    ar: '{key, select, measures {تدابير ضد العدوان} use_of_force {استخدام القوة} general {قرار المجلس} statement {بيان} appointment {تعيين الأمين العام} admission {قبول عضو} suspension {تعليق عضوية أو إعادتها} substantive {مسألة موضوعية} procedural {مسألة إجرائية} silence {قرار بإجراء الصمت} other {{label}}}',
  },
  'council.rule.consensus': {
    en: 'consensus (no formal objection; abstention does not block)',
    ar: 'توافق (دون اعتراض رسمي؛ الامتناع لا يمنع)',
  },
  'council.rule.silence': {
    en: 'silence procedure (adopted at the deadline unless a member objects before it)',
    ar: 'إجراء الصمت (يُعتمد عند انقضاء المهلة ما لم يعترض عضو قبلها)',
  },
  'council.rule.unanimityPresent': {
    en: 'unanimity of those present and voting',
    ar: 'إجماع الحاضرين المصوّتين',
  },
  'council.rule.qualifiedMajority': {
    en: '{strict, select, yes {more than } other {}}{num}/{den} of {base, select, members {members} other {votes cast}}',
    ar: '{strict, select, yes {أكثر من } other {}}{num}/{den} {base, select, members {من الأعضاء} other {من الأصوات المدلى بها}}',
  },
  'council.rule.majorityBindingAcceptors': {
    en: 'unanimity binds all; a majority binds only those that accept',
    ar: 'الإجماع يُلزم الجميع؛ والأغلبية لا تُلزم إلا من يقبل',
  },
  'council.rule.quorum': { en: ', quorum {num}/{den}', ar: '، النصاب {num}/{den}' },
  'council.rule.exclude': {
    en: '; vote of the {roles} party excluded',
    ar: '؛ لا يُحتسب صوت الطرف {roles}',
  },
  'council.rule.role': {
    en: '{role, select, aggressor {aggressor} attacked {attacked} accused {accused} other {{role}}}',
    ar: '{role, select, aggressor {المعتدي} attacked {المعتدى عليه} accused {المتهم} other {{role}}}',
  },
} satisfies Messages;
