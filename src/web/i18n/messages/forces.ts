import type { Messages } from './types.js';

const TROOPS_AR =
  '{count, plural, zero {لا جنود} one {جندي واحد} two {جنديان} few {# جنود} many {# جنديًا} other {# جندي}}';
const UNITS_AR =
  '{count, plural, zero {لا وحدات} one {وحدة واحدة} two {وحدتان} few {# وحدات} many {# وحدة} other {# وحدة}}';
const DAYS_AR =
  '{days, plural, zero {لا أيام} one {يوم واحد} two {يومان} few {# أيام} many {# يومًا} other {# يوم}}';

/** The Forces view (force generation board, interoperability, exercises, the pledge form). */
export const forces = {
  'forces.alliance': { en: 'Alliance', ar: 'التحالف' },
  'forces.hq': {
    en: 'Headquarters: <b>{place}</b> (host {host})',
    ar: 'المقر: <b>{place}</b> (الدولة المضيفة {host})',
  },
  'forces.loading': { en: 'loading…', ar: 'جارٍ التحميل…' },
  'forces.publicNote': {
    en: 'Public board, read-only. Choose a member (top right) to pledge forces, see the interoperability matrix and the exercise calendar.',
    ar: 'لوحة عامة للاطلاع فقط. اختر عضوًا (أعلى الصفحة) لتتعهّد بقوات وترى مصفوفة التشغيل البيني وتقويم التمارين.',
  },
  'forces.interop': { en: 'Interoperability', ar: 'التشغيل البيني' },
  'forces.units': { en: 'Units', ar: 'الوحدات' },
  'forces.allCapabilities': { en: 'all capabilities', ar: 'كل القدرات' },
  'forces.coverage': { en: 'Pledged vs required', ar: 'المتعهَّد به مقابل المطلوب' },
  'forces.requirement': {
    en: 'Requirement: {title} — from {date}, {days, plural, one {# day} other {# days}}, task {task}.',
    ar: 'المتطلب: {title} — اعتبارًا من {date}، لمدة ' + DAYS_AR + '، المهمة: {task}.',
  },
  'forces.noRequirement': {
    en: 'No requirement stated: bars show pledges only.',
    ar: 'لم يُحدَّد متطلب: تعرض الأشرطة التعهدات فقط.',
  },
  'forces.coverageLegend': {
    en: 'Light: pledged; dark: matched to the requirement under caveats and readiness; line: required.',
    ar: 'الفاتح: المتعهَّد به؛ الداكن: ما يطابق المتطلب مع مراعاة القيود والجاهزية؛ الخط: المطلوب.',
  },
  'forces.coverageRow': {
    en: '{covered} / {required} required · {pledged} pledged',
    ar: '{covered} / {required} مطلوب · {pledged} متعهَّد به',
  },
  'forces.short': { en: ' · short {short}', ar: ' · نقص {short}' },
  'forces.requiredMark': { en: 'required {n}', ar: 'المطلوب {n}' },
  'forces.total': {
    en: 'Total: {covered} of {required} covered; best possible under caveats and readiness {upper}.',
    ar: 'المجموع: {covered} من أصل {required} مغطّى؛ أفضل ما يمكن مع القيود والجاهزية {upper}.',
  },
  'forces.lineShort': { en: '{line}: short {short}', ar: '{line}: نقص {short}' },
  'forces.leftOut': { en: ' — left out: {list}', ar: ' — مستبعَد: {list}' },
  'forces.nothingMore': { en: ' — nothing more pledged', ar: ' — لا تعهدات إضافية' },
  'forces.excluded': { en: '{reason} ×{n}', ar: '{reason} ×{n}' },
  'forces.excl.readiness': { en: 'readiness', ar: 'الجاهزية' },
  'forces.excl.duration': { en: 'duration', ar: 'المدة' },
  'forces.excl.availability': { en: 'availability', ar: 'التوفر' },
  'forces.excl.booked': { en: 'booked', ar: 'محجوزة' },
  'forces.excl.caveat': { en: 'caveat {caveat}', ar: 'قيد: {caveat}' },
  'forces.baseNote': {
    en: '{member}: {count, plural, one {# troop} other {# troops}} ({types})',
    ar: '{member}: ' + TROOPS_AR + ' ({types})',
  },
  'forces.hqLabel': { en: 'HQ {place}', ar: 'المقر {place}' },
  'forces.hqNote': { en: 'Headquarters, host {host}', ar: 'المقر، الدولة المضيفة {host}' },
  'forces.bases': { en: 'Home bases', ar: 'القواعد الأصلية' },
  'forces.basesMap': {
    en: 'Home bases of pledged units',
    ar: 'القواعد الأصلية للوحدات المتعهَّد بها',
  },
  'forces.basesNote': {
    en: 'Bases are shown at city-area level. Pledges marked illustrative are demo data, not any state’s offer.',
    ar: 'تُعرض القواعد على مستوى منطقة المدينة. التعهدات الموسومة بأنها توضيحية بيانات عرض، وليست عرضًا من أي دولة.',
  },
  'forces.burden': { en: 'Pledges and burden shares', ar: 'التعهدات وتقاسم الأعباء' },
  'forces.col.member': { en: 'Member', ar: 'العضو' },
  'forces.col.troops': { en: 'Pledged troops', ar: 'الجنود المتعهَّد بهم' },
  'forces.col.units': { en: 'Units', ar: 'الوحدات' },
  'forces.col.assigned': { en: 'Assigned to the requirement', ar: 'المخصَّص للمتطلب' },
  'forces.col.share': { en: 'Share of assigned', ar: 'الحصة من المخصَّص' },
  'forces.col.cost': { en: 'Cost ({currency})', ar: 'الكلفة ({currency})' },
  'forces.col.kind': { en: 'Kind', ar: 'النوع' },
  'forces.pledges': {
    en: ' ({count, plural, one {# pledge} other {# pledges}})',
    ar: ' ({count, plural, zero {لا تعهدات} one {تعهد واحد} two {تعهدان} few {# تعهدات} many {# تعهدًا} other {# تعهد}})',
  },
  'forces.kind.illustrative': { en: 'illustrative', ar: 'توضيحي' },
  'forces.kind.sourced': { en: 'sourced', ar: 'موثَّق المصدر' },
  'forces.kind.recorded': { en: 'recorded', ar: 'مسجَّل' },
  'forces.amended': { en: 'amended', ar: 'معدَّل' },
  'forces.heatLegend': {
    en: 'Each square: two pledged units. Green: common data link, calibre and fuel; red: none; grey: equipment not listed. Findings of after-action reports override the catalogue.',
    ar: 'كل مربع: وحدتان متعهَّد بهما. الأخضر: وصلة بيانات وعيار ووقود مشتركة؛ الأحمر: لا شيء مشترك؛ الرمادي: معدات غير مدرجة. نتائج تقارير ما بعد التمرين تتقدّم على الفهرس.',
  },
  'forces.heatLabel': { en: 'interoperability heat map', ar: 'خريطة حرارية للتشغيل البيني' },
  'forces.pairTitle': {
    en: '{a} ↔ {b}: data {data}, ammunition {ammunition}, fuel {fuel}',
    ar: '{a} ↔ {b}: البيانات {data}، الذخيرة {ammunition}، الوقود {fuel}',
  },
  'forces.islands': {
    en: '{islands, plural, one {# data-link island} other {# data-link islands}} among {count, plural, one {# unit} other {# units}}; {pairs, plural, one {# pair cannot} other {# pairs cannot}} exchange data.',
    ar:
      '{islands, plural, zero {لا جزر} one {جزيرة واحدة} two {جزيرتان} few {# جزر} many {# جزيرة} other {# جزيرة}} لوصلات البيانات بين ' +
      UNITS_AR +
      '؛ {pairs, plural, zero {لا أزواج تعجز} one {زوج واحد يعجز} two {زوجان يعجزان} few {# أزواج تعجز} many {# زوجًا تعجز} other {# زوج تعجز}} عن تبادل البيانات.',
  },
  'forces.adoption': {
    en: '{standard}: {units} of {count, plural, one {# unit} other {# units}}',
    ar: '{standard}: {units} من أصل ' + UNITS_AR,
  },
  'forces.lacking': { en: ' — lacking: {list}', ar: ' — تفتقر إليها: {list}' },
  'forces.calendar': { en: 'Exercise calendar', ar: 'تقويم التمارين' },
  'forces.noExercise': { en: 'No exercise planned.', ar: 'لا تمرين مخطَّط.' },
  'forces.exMeta': {
    en: '{scenario} · {area} · hosts {hosts} (consented: {consents}) · participants {participants} · {count, plural, one {# unit} other {# units}}',
    ar:
      '{scenario} · {area} · المضيفون {hosts} (وافق: {consents}) · المشاركون {participants} · ' +
      UNITS_AR,
  },
  'forces.noneYet': { en: 'none yet', ar: 'لا أحد بعد' },
  'forces.aar': { en: 'After-action: {lessons}', ar: 'ما بعد التمرين: {lessons}' },
  'forces.exStatus.planned': { en: 'planned', ar: 'مخطَّط' },
  'forces.exStatus.completed': { en: 'completed', ar: 'منجَز' },
  'forces.exStatus.cancelled': { en: 'cancelled', ar: 'ملغى' },
  'forces.field.type': { en: 'Capability', ar: 'القدرة' },
  'forces.field.size': { en: 'Troops', ar: 'عدد الجنود' },
  'forces.field.readinessDays': { en: 'Ready in (days)', ar: 'جاهزة خلال (أيام)' },
  'forces.field.durationDays': { en: 'Can stay (days)', ar: 'مدة البقاء (أيام)' },
  'forces.field.base': { en: 'Home base', ar: 'القاعدة الأصلية' },
  'forces.field.baseName': { en: 'Home base (name)', ar: 'القاعدة الأصلية (الاسم)' },
  'forces.field.lon': { en: 'Longitude', ar: 'خط الطول' },
  'forces.field.lat': { en: 'Latitude', ar: 'خط العرض' },
  'forces.field.equipment': { en: 'Equipment', ar: 'المعدات' },
  'forces.field.caveats': { en: 'Caveats', ar: 'القيود' },
  'forces.err.required': { en: '{field} is required.', ar: 'حقل «{field}» مطلوب.' },
  'forces.err.number': { en: '{field} must be a number.', ar: 'يجب أن يكون «{field}» رقمًا.' },
  'forces.err.whole': {
    en: '{field} must be a whole number.',
    ar: 'يجب أن يكون «{field}» عددًا صحيحًا.',
  },
  'forces.err.range': {
    en: '{field} must be between {min} and {max}.',
    ar: 'يجب أن يكون «{field}» بين {min} و{max}.',
  },
  'forces.notSent': {
    en: 'The pledge was not sent: correct the fields marked below.',
    ar: 'لم يُرسَل التعهد: صحّح الحقول المُعلَّمة أدناه.',
  },
  'forces.recorded': {
    en: 'Pledge of {count} {type} troops recorded and signed by {member}.',
    ar: 'سُجّل التعهد بـ{count} من جنود {type} ووقّعته {member}.',
  },
  'forces.pledgeAs': { en: 'Record a pledge as {member}', ar: 'تسجيل تعهد بصفة {member}' },
  'forces.requiredNote': {
    en: 'Fields marked <mark>*</mark> are required.',
    ar: 'الحقول المعلَّمة بـ<mark>*</mark> مطلوبة.',
  },
  'forces.limit': {
    en: '{type} counts toward “{requirement}” only if ready within {days, plural, one {# day} other {# days}} ({required} troops required).',
    ar:
      'لا تُحتسب {type} ضمن «{requirement}» إلا إذا كانت جاهزة خلال ' +
      DAYS_AR +
      ' (المطلوب {required} جندي).',
  },
  'forces.theRequirement': { en: 'the requirement', ar: 'المتطلب' },
  'forces.notAsked': {
    en: 'The requirement “{requirement}” asks for no {type} unit: this pledge is recorded but does not count toward it.',
    ar: 'لا يطلب المتطلب «{requirement}» أي وحدة {type}: يُسجَّل هذا التعهد لكنه لا يُحتسب ضمنه.',
  },
  'forces.noLimit': {
    en: 'This alliance states no requirement: the pledge is recorded without a readiness limit.',
    ar: 'لم يحدّد هذا التحالف أي متطلب: يُسجَّل التعهد دون حدّ للجاهزية.',
  },
  'forces.limitHint': {
    en: 'limit {days, plural, one {# day} other {# days}}',
    ar: 'الحد ' + DAYS_AR,
  },
  'forces.baseHint': { en: 'e.g. Amman area', ar: 'مثلًا: منطقة عمّان' },
  'forces.lonHint': { en: '−180 to 180, east +', ar: 'من −180 إلى 180، الشرق +' },
  'forces.latHint': { en: '−90 to 90, north +', ar: 'من −90 إلى 90، الشمال +' },
  'forces.noneListed': { en: '(none listed)', ar: '(لا شيء مدرج)' },
  'forces.tooSlow': {
    en: 'Ready in {ready} days is later than the {limit}-day limit: this unit would be recorded but would not count toward the requirement.',
    ar: 'الجاهزية خلال {ready} يومًا أبعد من حدّ {limit} يومًا: ستُسجَّل هذه الوحدة لكنها لن تُحتسب ضمن المتطلب.',
  },
  'forces.submit': { en: 'Record pledge', ar: 'تسجيل التعهد' },
  'forces.type.land': { en: 'land', ar: 'برية' },
  'forces.type.air': { en: 'air', ar: 'جوية' },
  'forces.type.naval': { en: 'naval', ar: 'بحرية' },
  'forces.type.air_and_missile_defence': {
    en: 'air and missile defence',
    ar: 'دفاع جوي وصاروخي',
  },
  'forces.type.medical': { en: 'medical', ar: 'طبية' },
  'forces.type.logistics': { en: 'logistics', ar: 'لوجستية' },
  'forces.type.cyber': { en: 'cyber', ar: 'سيبرانية' },
  'forces.type.staff': { en: 'staff', ar: 'أركان' },
  'forces.caveat.in_region_only': { en: 'in region only', ar: 'داخل الإقليم فقط' },
  'forces.caveat.home_territory_only': {
    en: 'home territory only',
    ar: 'الأراضي الوطنية فقط',
  },
  'forces.caveat.defensive_only': { en: 'defensive only', ar: 'دفاعية فقط' },
  'forces.caveat.no_offensive_ops': { en: 'no offensive ops', ar: 'لا عمليات هجومية' },
  'forces.caveat.non_combat_only': { en: 'non combat only', ar: 'مهام غير قتالية فقط' },
  'forces.caveat.un_mandate_required': {
    en: 'un mandate required',
    ar: 'يلزم تفويض من الأمم المتحدة',
  },
  'forces.caveat.host_consent_required': {
    en: 'host consent required',
    ar: 'تلزم موافقة الدولة المضيفة',
  },
  'forces.caveat.national_command_only': {
    en: 'national command only',
    ar: 'تحت القيادة الوطنية فقط',
  },
  'forces.task.collective_defence': { en: 'collective defence', ar: 'الدفاع الجماعي' },
  'forces.task.air_and_missile_defence': {
    en: 'air and missile defence',
    ar: 'الدفاع الجوي والصاروخي',
  },
  'forces.task.deterrence_presence': { en: 'deterrence presence', ar: 'الوجود الرادع' },
  'forces.task.humanitarian': { en: 'humanitarian', ar: 'إنسانية' },
  'forces.task.evacuation': { en: 'evacuation', ar: 'إجلاء' },
  'forces.task.training': { en: 'training', ar: 'تدريب' },
  'forces.task.peace_support': { en: 'peace support', ar: 'دعم السلام' },
  'forces.task.stabilisation': { en: 'stabilisation', ar: 'تحقيق الاستقرار' },
  'forces.pledgeList': { en: 'Pledges', ar: 'التعهدات' },
  'forces.col.pledge': { en: 'Pledge', ar: 'التعهد' },
  'forces.col.status': { en: 'Status', ar: 'الحالة' },
  'forces.pledgeStatus': {
    en: '{status, select, raised {raised} amended {amended} withdrawn {withdrawn} other {{status}}} (version {version})',
    ar: '{status, select, raised {مقدَّم} amended {معدَّل} withdrawn {مسحوب} other {{status}}} (الإصدار {version})',
  },
  'forces.pledgeOf': { en: 'Pledge of {member}', ar: 'تعهد {member}' },
  'forces.pledgeTitle': { en: 'Pledge', ar: 'تعهد' },
  'forces.pledgeNotFound': {
    en: 'No such pledge on this node.',
    ar: 'لا يوجد هذا التعهد على هذه العقدة.',
  },
  'forces.pledgeSummary': {
    en: '{troops} troops in {units} units.',
    ar: '{troops} من الأفراد في {units} من الوحدات.',
  },
  'forces.pledgeSignIn': {
    en: 'Choose a member in “Acting as” to see its units, period and signed history.',
    ar: 'اختر دولة عضوًا في «بصفة» لعرض وحداته ومدته وسجله الموقَّع.',
  },
  'forces.pledgePeriod': {
    en: 'Offered from {from} to {to}; {status, select, raised {raised} amended {amended} withdrawn {withdrawn} other {{status}}}, version {version}.',
    ar: 'معروض من {from} إلى {to}؛ {status, select, raised {مقدَّم} amended {معدَّل} withdrawn {مسحوب} other {{status}}}، الإصدار {version}.',
  },
  'forces.openEnded': { en: 'no end date', ar: 'دون تاريخ انتهاء' },
  'forces.col.unit': { en: 'Unit', ar: 'الوحدة' },
  'forces.col.type': { en: 'Capability', ar: 'القدرة' },
  'forces.col.size': { en: 'Personnel', ar: 'الأفراد' },
  'forces.col.readiness': { en: 'Ready within', ar: 'الجاهزية خلال' },
  'forces.col.base': { en: 'Home base', ar: 'القاعدة الأم' },
  'forces.col.caveats': { en: 'Caveats', ar: 'القيود الوطنية' },
  'forces.days': { en: '{days} days', ar: '{days} يومًا' },
  'forces.pledgeHistory': { en: 'Signed history', ar: 'السجل الموقَّع' },
  'forces.inRecord': { en: 'in the record', ar: 'في السجل' },
  'forces.close': { en: 'Close', ar: 'إغلاق' },
} satisfies Messages;
