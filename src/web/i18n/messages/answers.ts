import type { Messages } from './types.js';

/**
 * Answers in words (#13.10): why no state is bound, names instead of codes, labels instead of
 * placeholders, success messages that say what happened.
 */
export const answers = {
  'answers.obligations.countNotYetParty': {
    en: 'No state bound: {name} was not yet a party on {date}',
    ar: 'لا دولة ملزمة: لم تكن {name} طرفًا بعد في {date}',
  },
  'answers.obligations.countNoAlliance': {
    en: 'No state bound: {name} was in no alliance in force on {date}',
    ar: 'لا دولة ملزمة: لم تكن {name} في أي تحالف نافذ في {date}',
  },
  'answers.obligations.notYetParty': {
    en: '{name} was not yet a party to any treaty or alliance in force on {date}, so no state was bound by a treaty to defend it then.',
    ar: 'لم تكن {name} في {date} طرفًا بعد في أي معاهدة أو تحالف نافذ، فلم تكن أي دولة ملزمة بمعاهدة بالدفاع عنها حينئذٍ.',
  },
  'answers.obligations.noAlliance': {
    en: '{name} was a party to no alliance in force that Tahaluf knows of on {date}, so no state was bound by a treaty to defend it.',
    ar: 'لم تكن {name} في {date} طرفًا في أي تحالف نافذ يعرفه تحالف، فلم تكن أي دولة ملزمة بمعاهدة بالدفاع عنها.',
  },
  'answers.obligations.joinedLater': {
    en: '{count, plural, one {It joined one later:} other {It joined # later:}}',
    ar: '{count, plural, zero {لم تنضم إلى أي منها لاحقًا:} one {انضمت لاحقًا إلى واحد:} two {انضمت لاحقًا إلى اثنين:} few {انضمت لاحقًا إلى #:} many {انضمت لاحقًا إلى #:} other {انضمت لاحقًا إلى #:}}',
  },
  'answers.obligations.joinedOn': {
    en: '{alliance}, from {date}',
    ar: '{alliance}، اعتبارًا من {date}',
  },
  'answers.obligations.seeOn': {
    en: 'the answer on that date',
    ar: 'الجواب في ذلك التاريخ',
  },

  'answers.secretariat': { en: 'the Secretariat', ar: 'الأمانة العامة' },

  'answers.field.title': { en: 'Title', ar: 'العنوان' },
  'answers.field.matter': {
    en: 'Matter (a short slug, e.g. strike-on-doha)',
    ar: 'المسألة (اسم مختصر بالأحرف اللاتينية، مثل strike-on-doha)',
  },
  'answers.field.whatHappened': { en: 'What happened', ar: 'ماذا حدث' },
  'answers.field.assistance': {
    en: 'Assistance requested (comma-separated)',
    ar: 'المساعدة المطلوبة (مفصولة بفواصل)',
  },
  'answers.field.stix': {
    en: 'STIX ids from the intelligence hub, one per line',
    ar: 'معرّفات STIX من مركز الاستخبارات، واحد في كل سطر',
  },
  'answers.field.offerKind': { en: 'Kind of help', ar: 'نوع المساعدة' },
  'answers.field.offer': { en: 'What you offer', ar: 'ما تعرضه' },
  'answers.field.closingSummary': { en: 'Closing summary', ar: 'ملخّص الإغلاق' },
  'answers.field.objective': { en: 'Objective', ar: 'الهدف' },
  'answers.field.firstMilestone': { en: 'First milestone', ar: 'المرحلة الأولى' },

  'answers.done.intelShared': {
    en: 'Shared “{title}” ({tlp}); {count, plural, =0 {no member receives it today} one {# member receives it today: {names}} other {# members receive it today: {names}}}. Signed in the record.',
    ar: 'تمت مشاركة «{title}» ({tlp})؛ {count, plural, =0 {لا يتلقّاه أي عضو اليوم} one {يتلقّاه اليوم عضو واحد: {names}} two {يتلقّاه اليوم عضوان: {names}} few {يتلقّاه اليوم # أعضاء: {names}} many {يتلقّاه اليوم # عضوًا: {names}} other {يتلقّاه اليوم # عضو: {names}}}. وقد وُقّع في السجل.',
  },
  'answers.done.openReport': { en: 'Open the report', ar: 'افتح التقرير' },
  'answers.done.eventRecorded': {
    en: 'Recorded the event “{title}” of {date} in the signed record (act no. {seq}).',
    ar: 'سُجّل الحدث «{title}» بتاريخ {date} في السجل الموقّع (القيد رقم {seq}).',
  },
  'answers.done.lifecycleRecorded': {
    en: 'Recorded: {kind} — {alliance}{state, select, none {} other {, {state}}}, {date}; signed in the record (act no. {seq}).',
    ar: 'سُجّل: {kind} — {alliance}{state, select, none {} other {، {state}}}، {date}؛ ووُقّع في السجل (القيد رقم {seq}).',
  },
  'answers.done.exerciseStarted': {
    en: 'Exercise started: {scenario}, {launches, plural, one {# launch} other {# launches}} at {speed}× speed.',
    ar: 'بدأ التمرين: {scenario}، {launches, plural, zero {لا إطلاق} one {إطلاق واحد} two {إطلاقان} few {# إطلاقات} many {# إطلاقًا} other {# إطلاق}} بسرعة {speed}×.',
  },
} satisfies Messages;
