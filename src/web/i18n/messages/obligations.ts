import type { Messages } from './types.js';

/** The Obligations view: "If <state> is attacked on <date>…", the map legend, the clause table. */
export const obligations = {
  'obligations.ifAttacked': { en: 'If attacked', ar: 'إذا تعرّضت للهجوم' },
  'obligations.on': { en: 'on', ar: 'في' },
  'obligations.by': { en: 'by', ar: 'من قِبل' },
  'obligations.attackerNotGiven': { en: '(attacker not given)', ar: '(المهاجِم غير محدَّد)' },
  'obligations.year': { en: 'Year {year}', ar: 'السنة {year}' },
  'obligations.loading': { en: 'loading…', ar: 'جارٍ التحميل…' },
  'obligations.count': {
    en: '{count, plural, one {# state bound} other {# states bound}}',
    ar: '{count, plural, zero {لا دولة ملزمة} one {دولة واحدة ملزمة} two {دولتان ملزمتان} few {# دول ملزمة} many {# دولةً ملزمة} other {# دولة ملزمة}}',
  },
  'obligations.countWithStanding': {
    en: '{count, plural, one {# state bound} other {# states bound}} — {standing}',
    ar: '{count, plural, zero {لا دولة ملزمة} one {دولة واحدة ملزمة} two {دولتان ملزمتان} few {# دول ملزمة} many {# دولةً ملزمة} other {# دولة ملزمة}} — {standing}',
  },
  'obligations.standing.suspended': { en: 'Suspended', ar: 'معلَّقة العضوية' },
  'obligations.standing.union': { en: 'Not a separate state', ar: 'ليست دولة مستقلة' },
  'obligations.standing.not_yet_party': { en: 'Not yet a party', ar: 'ليست طرفًا بعد' },
  'obligations.standing.no_alliance': { en: 'No alliance', ar: 'لا تحالف' },
  'obligations.standingLower.suspended': { en: 'suspended', ar: 'معلَّقة العضوية' },
  'obligations.standingLower.union': { en: 'not a separate state', ar: 'ليست دولة مستقلة' },
  'obligations.standingLower.not_yet_party': { en: 'not yet a party', ar: 'ليست طرفًا بعد' },
  'obligations.standingLower.no_alliance': { en: 'no alliance', ar: 'لا تحالف' },
  'obligations.sources': { en: 'sources:', ar: 'المصادر:' },
  'obligations.err.notCode': {
    en: "''{code}'' is not an upper-case ISO 3166-1 alpha-3 code.",
    ar: '«{code}» ليس رمزًا ثلاثيًا بالأحرف الكبيرة وفق ISO 3166-1 alpha-3.',
  },
  'obligations.err.unknown': {
    en: "''{code}'' is not a state code Tahaluf knows.",
    ar: '«{code}» ليس رمز دولة يعرفه تحالف.',
  },
  'obligations.err.notDay': {
    en: "''{date}'' is not a real calendar date (YYYY-MM-DD).",
    ar: '«{date}» ليس تاريخًا تقويميًا صحيحًا (YYYY-MM-DD).',
  },
  'obligations.err.tooEarly': {
    en: '{date} is before {first}: the treaty data begins in 1815.',
    ar: '{date} سابق لـ {first}: تبدأ بيانات المعاهدات عام 1815.',
  },
  'obligations.err.attackerNotCode': {
    en: "Attacker ''{code}'' is not an upper-case ISO 3166-1 alpha-3 code.",
    ar: 'المهاجِم «{code}» ليس رمزًا ثلاثيًا بالأحرف الكبيرة وفق ISO 3166-1 alpha-3.',
  },
  'obligations.err.attackerUnknown': {
    en: "Attacker ''{code}'' is not a state code Tahaluf knows.",
    ar: 'المهاجِم «{code}» ليس رمز دولة يعرفه تحالف.',
  },
  'obligations.article': { en: ', {article}', ar: '، {article}' },
  'obligations.articleNotCoded': {
    en: ' (article: not coded by ATOP)',
    ar: ' (المادة: لا يرمّزها مشروع ATOP)',
  },
  'obligations.articleNotPublic': { en: ' (article not public)', ar: ' (المادة غير منشورة)' },
  'obligations.instrument': {
    en: '{type, select, treaty {treaty} charter {charter} executive_act {executive act} declaration {declaration} proposal {proposal} arrangement {arrangement} other {{type}}} ({strength, select, binding {binding} revocable {revocable} political {political} none {none} unknown {unknown} other {{strength}}}): {note}',
    ar: '{type, select, treaty {معاهدة} charter {ميثاق} executive_act {قرار تنفيذي} declaration {إعلان} proposal {مقترح} arrangement {ترتيب} other {{type}}} ({strength, select, binding {ملزِم} revocable {قابل للإلغاء} political {سياسي} none {غير ملزِم} unknown {غير معروف} other {{strength}}}): {note}',
  },
  'obligations.atopAlone': {
    en: "Before {from} the answer rests on ATOP's coding alone (the hand-coded treaties begin then); ATOP codes no article numbers.",
    ar: 'قبل {from} يستند الجواب إلى ترميز مشروع ATOP وحده (تبدأ المعاهدات المرمَّزة يدويًا حينها)؛ ولا يرمّز ATOP أرقام المواد.',
  },
  'obligations.legend.attacked': { en: 'Attacked', ar: 'تعرّضت للهجوم' },
  'obligations.legend.defense': { en: 'Bound to defend', ar: 'ملزمة بالدفاع' },
  'obligations.legend.offense': {
    en: 'Bound to join offensive action',
    ar: 'ملزمة بالمشاركة في عمل هجومي',
  },
  'obligations.legend.consul': { en: 'Bound to consult', ar: 'ملزمة بالتشاور' },
  'obligations.legend.neutral': { en: 'Bound to stay neutral', ar: 'ملزمة بالبقاء على الحياد' },
  'obligations.legend.nonagg': { en: 'Bound not to attack', ar: 'ملزمة بعدم الاعتداء' },
  'obligations.legend.suspended': {
    en: 'Suspended party (see the clause)',
    ar: 'طرف معلَّقة عضويته (انظر البند)',
  },
  'obligations.suspendedParty': { en: '{label} (suspended party)', ar: '{label} (طرف معلَّق)' },
  'obligations.mapLabel': {
    en: 'States bound to act if {state} is attacked on {date}',
    ar: 'الدول الملزمة بالتحرّك إذا تعرّضت {state} للهجوم في {date}',
  },
  'obligations.headline': {
    en: 'If {state} is attacked on {date}',
    ar: 'إذا تعرّضت {state} للهجوم في {date}',
  },
  'obligations.headlineBy': {
    en: 'If {state} is attacked on {date} by {attacker}',
    ar: 'إذا تعرّضت {state} للهجوم في {date} من قِبل {attacker}',
  },
  'obligations.conflicting': {
    en: 'Conflicting obligation ({ref}):',
    ar: 'التزام متعارض ({ref}):',
  },
  'obligations.noneBoundPartial': {
    en: 'No state is bound on the data loaded: see the notice above (the data may be absent for this date).',
    ar: 'لا دولة ملزمة وفق البيانات المحمَّلة: انظر التنبيه أعلاه (قد تكون البيانات غائبة عن هذا التاريخ).',
  },
  'obligations.noneBound': { en: 'No state is bound to act.', ar: 'لا دولة ملزمة بالتحرّك.' },
  'obligations.col.boundTo': { en: 'Bound to', ar: 'ملزمة بـ' },
  'obligations.col.states': { en: 'States', ar: 'الدول' },
  'obligations.col.under': { en: 'Under', ar: 'بموجب' },
  'obligations.print': { en: 'Print or save as PDF', ar: 'طباعة أو حفظ بصيغة PDF' },
  'obligations.printLabel': {
    en: 'Print this answer, or choose “Save as PDF” in the print dialog (only the answer is printed)',
    ar: 'اطبع هذه الإجابة، أو اختر «حفظ بصيغة PDF» في نافذة الطباعة (تُطبع الإجابة وحدها)',
  },
  'obligations.col.conditions': { en: 'Conditions', ar: 'الشروط' },
  'obligations.suspension': { en: 'Suspended: {text}', ar: 'معلَّقة: {text}' },
  'obligations.noConditions': { en: 'none', ar: 'لا شروط' },
  'obligations.notBinding': { en: 'Not binding on {date}', ar: 'غير ملزِم في {date}' },
  'obligations.nothingToNote': { en: 'Nothing to note.', ar: 'لا شيء يُذكر.' },
  'obligations.coverage.noData': {
    en: 'No ATOP data is imported on this node and the hand-coded treaties begin on {from}: for {date} Tahaluf has no alliance data, so an empty answer means "unknown", not "nobody was bound". Import ATOP with `{command}`.',
    ar: 'لم تُستورد بيانات ATOP على هذه العقدة، والمعاهدات المرمَّزة يدويًا تبدأ في {from}: ليس لدى تحالف بيانات أحلاف في {date}، فالجواب الفارغ يعني «غير معروف» لا «لم تلتزم أي دولة». استورد ATOP بالأمر `{command}`.',
  },
  'obligations.coverage.handCodedOnly': {
    en: "Only the hand-coded treaties of the seeds' alliances are loaded; alliances outside them (e.g. NATO, the Rio Treaty, ANZUS) come from ATOP, which is not imported on this node (`{command}`).",
    ar: 'لم تُحمَّل إلا المعاهدات المرمَّزة يدويًا لأحلاف البيانات الأولية؛ أما الأحلاف الأخرى (مثل حلف شمال الأطلسي ومعاهدة ريو وأنزوس) فمصدرها ATOP، وهو غير مستورد على هذه العقدة (`{command}`).',
  },
  'obligations.coverage.atopEnds': {
    en: 'The imported ATOP data ends in {to}: alliances ATOP codes as in force then are assumed to continue; later alliances and changes appear only where hand-coded.',
    ar: 'تنتهي بيانات ATOP المستوردة في {to}: يُفترض استمرار الأحلاف التي يرمّزها ATOP نافذةً حينها؛ ولا تظهر الأحلاف والتغييرات اللاحقة إلا حيث رُمّزت يدويًا.',
  },
  'obligations.coverage.projection': {
    en: "{date} is after today: a projection with today's treaties and memberships, assumed unchanged.",
    ar: '{date} بعد اليوم: إسقاط بمعاهدات اليوم وعضوياته، على افتراض أنها لن تتغير.',
  },
} satisfies Messages;
