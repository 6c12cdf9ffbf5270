import type { Messages } from './types.js';

/** Field names of the council and programme forms (accessible names of their controls). */
export const forms = {
  'council.field.charter': { en: 'Charter', ar: 'الميثاق' },
  'council.field.kind': { en: 'Kind of procedure', ar: 'نوع الإجراء' },
  'council.field.decisionType': { en: 'Decision type', ar: 'نوع القرار' },
  'programmes.field.area': { en: 'Area', ar: 'المجال' },
  'programmes.field.milestoneDue': { en: 'Milestone due date', ar: 'موعد استحقاق المرحلة' },
} satisfies Messages;
