import type { Messages } from './types.js';

/** The Early-warning view: exercises, the regional picture, the CAP message log and its messages. */
export const warning = {
  'warning.title': { en: 'Early warning', ar: 'الإنذار المبكر' },
  'warning.scenario': { en: 'Scenario', ar: 'السيناريو' },
  'warning.seed': { en: 'Seed', ar: 'البذرة' },
  'warning.speed': { en: 'Speed', ar: 'السرعة' },
  'warning.start': { en: 'Start exercise', ar: 'ابدأ التمرين' },
  'warning.signIn': {
    en: 'The early-warning picture is for members: choose a member in “Acting as” (top right) or sign in with a token to see it. Nothing is being fetched meanwhile.',
    ar: 'صورة الإنذار المبكر مخصّصة للأعضاء: اختر عضوًا في «بصفة» (أعلى الصفحة) أو سجّل الدخول برمز مميَّز لرؤيتها. لا يُجلب أي شيء في هذه الأثناء.',
  },
  'warning.only': {
    en: 'Warning only: sensors and scenarios are illustrative. The estimated launch area is shown as context, nothing more.',
    ar: 'للإنذار فقط: المستشعرات والسيناريوهات توضيحية. وتُعرض منطقة الإطلاق المقدَّرة سياقًا لا أكثر.',
  },
  'warning.activeAlerts': {
    en: '{count, plural, one {# active alert} other {# active alerts}}',
    ar: '{count, plural, zero {لا إنذارات نشطة} one {إنذار نشط واحد} two {إنذاران نشطان} few {# إنذارات نشطة} many {# إنذارًا نشطًا} other {# إنذار نشط}}',
  },
  'warning.coverage': {
    en: '{id} coverage (illustrative)',
    ar: 'تغطية {id} (توضيحية)',
  },
  'warning.threatenedArea': {
    en: '{id}: threatened area {area} km²',
    ar: '{id}: المنطقة المهدَّدة {area} كم²',
  },
  'warning.launchArea': {
    en: '{id}: estimated launch area (context only)',
    ar: '{id}: منطقة الإطلاق المقدَّرة (للسياق فقط)',
  },
  'warning.radarOf': { en: '{member} radar (illustrative)', ar: 'رادار {member} (توضيحي)' },
  'warning.predictedImpact': { en: 'predicted impact', ar: 'نقطة الارتطام المتوقَّعة' },
  'warning.mapLabel': { en: 'Early-warning picture', ar: 'صورة الإنذار المبكر' },
  'warning.legend.warned': { en: 'member warned', ar: 'عضو تلقّى إنذارًا' },
  'warning.legend.threatened': {
    en: 'threatened area (99%)',
    ar: 'المنطقة المهدَّدة (99%)',
  },
  'warning.legend.coverage': {
    en: 'radar coverage (illustrative)',
    ar: 'تغطية الرادارات (توضيحية)',
  },
  'warning.threats': { en: 'Threats', ar: 'التهديدات' },
  'warning.noThreat': { en: 'No threat.', ar: 'لا تهديد.' },
  'warning.threat': {
    en: '{id}: impact in <countdown>{seconds} s</countdown>, {area} km², members: {members}',
    ar: '{id}: الارتطام خلال <countdown>{seconds} ث</countdown>، {area} كم²، الأعضاء: {members}',
  },
  'warning.sourceLine': {
    en: 'Source: {source} · reports accepted {accepted} · rejected {rejected}',
    ar: 'المصدر: {source} · التقارير المقبولة {accepted} · المرفوضة {rejected}',
  },
  'warning.log': { en: 'CAP message log', ar: 'سجل رسائل CAP' },
  'warning.liveTracking': {
    en: 'Live tracking: sensor biases and shared tracks',
    ar: 'التتبّع الحي: انحياز المستشعرات والمسارات المشتركة',
  },
  'warning.bias.title': { en: 'Sensor bias estimates', ar: 'تقديرات انحياز المستشعرات' },
  'warning.bias.explained': {
    en: 'Each sensor’s registration bias as the live tracker estimates it from its confirmed tracks, with one standard deviation. A radar’s in range, azimuth and elevation; a position sensor’s along the Earth-fixed x, y and z axes.',
    ar: 'انحياز تسجيل كل مستشعر كما يقدّره المتتبّع الحي من مساراته المؤكَّدة، مع انحراف معياري واحد. للرادار في المدى والسَّمت والارتفاع الزاوي، ولمستشعر الموقع على المحاور x وy وz المثبَّتة بالأرض.',
  },
  'warning.bias.none': {
    en: 'No estimate yet: a sensor’s bias is estimated once one of its tracks is confirmed.',
    ar: 'لا تقدير بعد: يُقدَّر انحياز المستشعر حين يتأكَّد أحد مساراته.',
  },
  'warning.bias.col.sensor': { en: 'Sensor', ar: 'المستشعر' },
  'warning.bias.col.estimate': { en: 'Estimate (± 1σ)', ar: 'التقدير (± 1σ)' },
  'warning.bias.col.tracks': { en: 'Tracks', ar: 'المسارات' },
  'warning.bias.rae': {
    en: 'range {a} · azimuth {b} · elevation {c}',
    ar: 'المدى {a} · السَّمت {b} · الارتفاع الزاوي {c}',
  },
  'warning.bias.ecef': { en: 'x {a} · y {b} · z {c}', ar: 'س {a} · ص {b} · ع {c}' },
  'warning.bias.m': { en: '{b} ± {s} m', ar: '{b} ± {s} م' },
  'warning.bias.deg': { en: '{b}° ± {s}°', ar: '{b}° ± {s}°' },
  'warning.shared.title': { en: 'Members’ shared tracks', ar: 'المسارات التي شاركها الأعضاء' },
  'warning.shared.explained': {
    en: 'Local tracks members share instead of raw reports, each fused by covariance intersection into the live track of the same object or starting one. Accepted {accepted} · fused {fused} · started {started}.',
    ar: 'مسارات محلية يشاركها الأعضاء بدل التقارير الخام، يُدمج كلٌّ منها بتقاطع التغاير في المسار الحي للجسم نفسه أو يبدأ مسارًا جديدًا. المقبولة {accepted} · المدمجة {fused} · المبدوءة {started}.',
  },
  'warning.shared.none': {
    en: 'No member has shared a track with the live engine.',
    ar: 'لم يشارك أي عضو مسارًا مع المحرّك الحي.',
  },
  'warning.shared.col.live': { en: 'Live track', ar: 'المسار الحي' },
  'warning.shared.col.from': {
    en: 'Members’ tracks fused into it',
    ar: 'مسارات الأعضاء المدمجة فيه',
  },
  'warning.shared.col.position': { en: 'Position', ar: 'الموقع' },
  'warning.shared.position': {
    en: 'latitude {lat}°, longitude {lon}°, {km} km up',
    ar: 'العرض {lat}°، الطول {lon}°، على ارتفاع {km} كم',
  },
  'warning.logExplained': {
    en: '<b>Sent</b>: when this node issued the message, on the real clock (UTC). <b>Predicted impact</b>: on the clock of the event — for an exercise, its simulated clock, which runs at the chosen speed and starts at the scenario’s own time, so it does not follow the sent time. Open a message to read or download its CAP XML.',
    ar: '<b>وقت الإرسال</b>: متى أصدرت هذه العقدة الرسالة، بالساعة الحقيقية (UTC). <b>الارتطام المتوقَّع</b>: بساعة الحدث — وفي التمرين هي ساعته المحاكاة، التي تجري بالسرعة المختارة وتبدأ من توقيت السيناريو نفسه، فلا تتبع وقت الإرسال. افتح رسالةً لقراءة ملف CAP XML الخاص بها أو تنزيله.',
  },
  'warning.col.sent': { en: 'Sent (real, UTC)', ar: 'وقت الإرسال (حقيقي، UTC)' },
  'warning.col.member': { en: 'Member', ar: 'العضو' },
  'warning.col.type': { en: 'Type', ar: 'النوع' },
  'warning.col.impact': {
    en: 'Predicted impact (event clock, UTC)',
    ar: 'الارتطام المتوقَّع (ساعة الحدث، UTC)',
  },
  'warning.col.cap': { en: 'CAP', ar: 'رسالة CAP' },
  'warning.openLabel': {
    en: 'Open the CAP {type} message to {member}',
    ar: 'افتح رسالة CAP من نوع {type} الموجَّهة إلى {member}',
  },
  'warning.open': { en: 'Open', ar: 'افتح' },
  'warning.onlyFor': {
    en: 'Only {member} or the secretariat may read it',
    ar: 'لا يقرؤها إلا {member} أو الأمانة العامة',
  },
  'warning.theirs': { en: '{member}’s', ar: 'خاصة بـ{member}' },
  'warning.ended': { en: 'Exercise ended: {name}', ar: 'انتهى التمرين: {name}' },
  'warning.tracked': {
    en: '{threats, plural, one {# threat} other {# threats}} tracked; reports accepted {accepted}, refused {refused}.',
    ar: '{threats, plural, zero {لم يُتتبَّع أي تهديد} one {تُتبِّع تهديد واحد} two {تُتبِّع تهديدان} few {تُتبِّعت # تهديدات} many {تُتبِّع # تهديدًا} other {تُتبِّع # تهديد}}؛ التقارير المقبولة {accepted}، والمرفوضة {refused}.',
  },
  'warning.membersWarned': { en: 'Members warned: {names}.', ar: 'الأعضاء الذين أُنذروا: {names}.' },
  'warning.none': { en: 'none', ar: 'لا أحد' },
  'warning.capMessages': { en: 'CAP messages: {list}.', ar: 'رسائل CAP: {list}.' },
  'warning.capNone': { en: 'none', ar: 'لا شيء' },
  'warning.msgCount': { en: '{count} {type}', ar: '{count} {type}' },
  'warning.longestLead': {
    en: 'Longest warning before predicted impact: {seconds} s (event clock).',
    ar: 'أطول مهلة إنذار قبل الارتطام المتوقَّع: {seconds} ث (ساعة الحدث).',
  },
  'warning.capMessage': { en: 'CAP message', ar: 'رسالة CAP' },
  'warning.identifier': { en: 'Identifier <code>{id}</code>', ar: 'المعرّف <code>{id}</code>' },
  'warning.download': { en: 'Download XML', ar: 'تنزيل XML' },
  'warning.close': { en: 'Close', ar: 'إغلاق' },
  'warning.exercises': { en: 'Exercises on this node', ar: 'التمارين على هذه العقدة' },
  'warning.col.exercise': { en: 'Exercise', ar: 'التمرين' },
  'warning.col.scenario': { en: 'Scenario', ar: 'السيناريو' },
  'warning.col.state': { en: 'State', ar: 'الحالة' },
  'warning.running': { en: 'running', ar: 'جارٍ' },
  'warning.finished': { en: 'finished', ar: 'منتهٍ' },
  'warning.exerciseMissing': {
    en: 'Exercise <code>{id}</code> is not on this node: it keeps the running exercises and the last {kept} finished ones. <link>Show the current picture</link>.',
    ar: 'التمرين <code>{id}</code> غير موجود على هذه العقدة: تحتفظ العقدة بالتمارين الجارية وبآخر {kept} تمارين منتهية. <link>عرض الصورة الحالية</link>.',
  },
  'warning.scenarioName': {
    // By scenario id with '-' written '_' (an ICU select key); a scenario file's other ids keep their name.
    en: '{id, select, other {{name}}}',
    ar: '{id, select, single_short {إطلاق واحد لمدى 300 كم باتجاه شبه جزيرة قطر} single_long {إطلاق واحد لمدى 2000 كم باتجاه وسط المملكة العربية السعودية} regional_salvo {ستة إطلاقات خلال دقيقة، 300–3000 كم، بمسارات مختلفة} busy {أربعون إطلاقًا خلال عشر دقائق مع ثلاثة أضعاف الضجيج الراداري} other {{name}}}',
  },
  'warning.sourceName': {
    en: '{source, select, live {live} other {exercise {source}}}',
    ar: '{source, select, live {المستشعرات الحية} other {التمرين {source}}}',
  },
  'warning.capLang.title': {
    en: 'CAP languages for civil defence',
    ar: 'لغات رسائل CAP للدفاع المدني',
  },
  'warning.capLang.explained': {
    en: 'Each warning to this member carries one CAP “info” block per language, in this order. Tahaluf writes warnings in English (en) and Arabic (ar), with or without a region (e.g. ar-SA).',
    ar: 'تحمل كل رسالة إنذار إلى هذه الدولة العضو كتلة CAP «info» لكل لغة، بهذا الترتيب. يكتب تحالف الإنذارات بالإنجليزية (en) والعربية (ar)، مع المنطقة أو بدونها (مثل ar-SA).',
  },
  'warning.capLang.member': { en: 'Member', ar: 'الدولة العضو' },
  'warning.capLang.chooseMember': { en: 'Choose a member…', ar: 'اختر دولة عضوًا…' },
  'warning.capLang.field': { en: 'Language tags', ar: 'وسوم اللغات' },
  'warning.capLang.hint': {
    en: 'RFC 5646 tags separated by commas, first language first, e.g. ar, en',
    ar: 'وسوم RFC 5646 مفصولة بفواصل، اللغة الأولى أولًا، مثل ar, en',
  },
  'warning.capLang.current': {
    en: '{member} receives its CAP messages in {list} (set {at} by {by}).',
    ar: 'تتلقى {member} رسائل CAP بهذه اللغات: {list} (ضُبطت في {at} بواسطة {by}).',
  },
  'warning.capLang.default': {
    en: '{member} has not chosen: its CAP messages are in English only (the default).',
    ar: 'لم تختر {member} بعد: رسائلها بصيغة CAP بالإنجليزية فقط (الافتراضي).',
  },
  'warning.capLang.save': { en: 'Save languages', ar: 'حفظ اللغات' },
  'warning.capLang.reset': {
    en: 'Back to the default (English only)',
    ar: 'العودة إلى الافتراضي (الإنجليزية فقط)',
  },
  'warning.capLang.saved': {
    en: 'Saved: {member} now receives its CAP messages in {list}.',
    ar: 'حُفظ: تتلقى {member} الآن رسائل CAP بهذه اللغات: {list}.',
  },
  'warning.capLang.cleared': {
    en: '{member} is back to the default: CAP messages in English only.',
    ar: 'عادت {member} إلى الافتراضي: رسائل CAP بالإنجليزية فقط.',
  },
} satisfies Messages;
