import type { Messages } from './types.js';

/** Warning-list flags on intelligence objects (components/WarningFlags.tsx). */
export const warninglists = {
  'wl.badge': { en: 'warning list', ar: 'قائمة تحذير' },
  'wl.badgeTitle': {
    en: 'Matches a warning list of well-known values: {lists}',
    ar: 'يطابق قائمة تحذير بقيم معروفة: {lists}',
  },
  'wl.note': {
    en: 'This object names a well-known value on a warning list (such as a public resolver or a cloud range); it is probably benign: check before acting on it.',
    ar: 'يذكر هذا الكائن قيمة معروفة مدرجة في قائمة تحذير (مثل خادم أسماء عام أو نطاق سحابي)؛ والأرجح أنها غير ضارة: تحقّق قبل التصرّف بناءً عليها.',
  },
  'wl.entry': { en: '{list}: {value}', ar: '{list}: {value}' },
} satisfies Messages;
