import type { Messages } from './types.js';

/** Charts (#13.11): intelligence volume, alert history, burden shares; their text alternatives. */
export const charts = {
  'chart.showTable': { en: 'Show as a table', ar: 'عرض كجدول' },
  'chart.col.period': { en: 'Period starting', ar: 'بداية الفترة' },
  'chart.col.total': { en: 'Total', ar: 'المجموع' },
  'chart.col.member': { en: 'Member', ar: 'الدولة العضو' },
  'chart.col.share': { en: 'Share of total', ar: 'الحصة من الإجمالي' },
  'chart.interval': { en: 'Count by', ar: 'العدّ حسب' },
  'chart.interval.day': { en: 'Day', ar: 'اليوم' },
  'chart.interval.week': { en: 'Week', ar: 'الأسبوع' },
  'chart.barTitle': { en: '{start}: {values}', ar: '{start}: {values}' },
  'chart.shareValue': { en: '{value} ({share})', ar: '{value} ({share})' },
  'chart.loading': { en: 'Loading the chart…', ar: 'جارٍ تحميل الرسم البياني…' },
  'chart.intel.title': {
    en: 'Intelligence shared over time',
    ar: 'المعلومات الاستخبارية المتبادلة عبر الزمن',
  },
  'chart.intel.series': { en: 'Objects shared', ar: 'الكائنات المتبادلة' },
  'chart.intel.desc': {
    en: 'Objects you may see, shared from {from} to {to}: {total} in all; the most on {peak} ({peakCount}).',
    ar: 'الكائنات التي يحق لك الاطلاع عليها، المتبادلة من {from} إلى {to}: {total} إجمالاً؛ وأكثرها في {peak} ({peakCount}).',
  },
  'chart.intel.descEmpty': {
    en: 'No object you may see was shared from {from} to {to}.',
    ar: 'لم يُتبادل أي كائن يحق لك الاطلاع عليه من {from} إلى {to}.',
  },
  'chart.intel.empty': {
    en: 'Nothing you may see was shared from {from} to {to}: there is nothing to draw yet.',
    ar: 'لم يُتبادل أي كائن يحق لك الاطلاع عليه من {from} إلى {to}: لا شيء يُرسم بعد.',
  },
  'chart.intel.emptyHow': {
    en: 'Intelligence arrives when members share it: a report from “{share}” below, STIX 2.1 objects posted to this node’s TAXII collections, or a STIX bundle or MISP events imported on the node (tahaluf intel import, tahaluf intel misp import). Each object released to your member is counted here on the day it was added.',
    ar: 'تصل المعلومات الاستخبارية حين يتبادلها الأعضاء: تقرير من «{share}» أدناه، أو كائنات STIX 2.1 تُرسَل إلى مجموعات TAXII في هذه العقدة، أو حزمة STIX أو أحداث MISP تُستورَد على العقدة (tahaluf intel import، tahaluf intel misp import). ويُعدّ هنا كل كائن يُفرَج عنه لعضوك في يوم إضافته.',
  },
  'chart.intel.note': {
    en: 'Counted only over what you may see (your collections, the labels released to you), each object once, on the day its latest version was added here.',
    ar: 'لا يُعدّ إلا ما يحق لك الاطلاع عليه (مجموعاتك والتصنيفات المفرج عنها لك)، وكل كائن مرة واحدة، في يوم إضافة أحدث إصدار منه هنا.',
  },
  'chart.intel.truncated': {
    en: 'A collection held more than {max} objects in this period: only the newest were counted.',
    ar: 'احتوت إحدى المجموعات على أكثر من {max} كائن في هذه الفترة: لم يُعدّ إلا أحدثها.',
  },
  'chart.alerts.title': { en: 'Alerts issued over time', ar: 'الإنذارات الصادرة عبر الزمن' },
  'chart.alerts.exercise': { en: 'Exercise', ar: 'تمرين' },
  'chart.alerts.live': { en: 'Live', ar: 'فعلي' },
  'chart.alerts.member': { en: 'Member warned', ar: 'الدولة العضو المُنذَرة' },
  'chart.alerts.all': { en: 'All members', ar: 'جميع الدول الأعضاء' },
  'chart.alerts.anyMember': { en: 'any member', ar: 'أي دولة عضو' },
  'chart.alerts.desc': {
    en: 'CAP Alerts to {who} from {from} to {to}: {exercise} in exercises, {live} live.',
    ar: 'إنذارات CAP الموجهة إلى {who} من {from} إلى {to}: {exercise} في التمارين و{live} فعلية.',
  },
  'chart.alerts.empty': {
    en: 'No CAP Alert to {who} from {from} to {to}: there is nothing to draw yet.',
    ar: 'لا إنذار CAP موجّهًا إلى {who} من {from} إلى {to}: لا شيء يُرسم بعد.',
  },
  'chart.alerts.emptyHow': {
    en: 'Alerts are issued when sensor reports fused into a track threaten a member (live), or in an exercise: choose a scenario above and start one. Each Alert is counted here on the day it was sent.',
    ar: 'تصدر الإنذارات حين يهدد مسارٌ مدموج من تقارير المستشعرات دولةً عضوًا (فعلي)، أو في تمرين: اختر سيناريو أعلاه وابدأ تمرينًا. ويُعدّ هنا كل إنذار في يوم إرساله.',
  },
  'chart.alerts.noteMember': {
    en: 'Your member’s Alerts only (as its CAP messages); the secretariat sees every member’s. Updates and Cancels are not counted.',
    ar: 'إنذارات دولتك العضو فقط (كما رسائل CAP الخاصة بها)؛ وترى الأمانة العامة إنذارات جميع الدول الأعضاء. لا تُعدّ رسائل التحديث والإلغاء.',
  },
  'chart.alerts.noteSecretariat': {
    en: 'Every member’s Alerts issued by this node. Updates and Cancels are not counted.',
    ar: 'إنذارات جميع الدول الأعضاء الصادرة عن هذه العقدة. لا تُعدّ رسائل التحديث والإلغاء.',
  },
  'chart.burden.title': {
    en: 'Burden shares of the pooled forces',
    ar: 'تقاسم الأعباء في القوات المشتركة',
  },
  'chart.burden.measure': { en: 'Measure', ar: 'المقياس' },
  'chart.burden.troops': { en: 'Troops pledged', ar: 'الأفراد المتعهَّد بهم' },
  'chart.burden.units': { en: 'Units pledged', ar: 'الوحدات المتعهَّد بها' },
  'chart.burden.desc': {
    en: 'Each member’s share of the {total} in all, largest first.',
    ar: 'حصة كل دولة عضو من الإجمالي البالغ {total}، من الأكبر إلى الأصغر.',
  },
  'chart.burden.empty': {
    en: 'No pledge to this alliance yet.',
    ar: 'لا تعهدات لهذا التحالف بعد.',
  },
} satisfies Messages;
