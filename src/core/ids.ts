import { randomUUID } from 'node:crypto';

/** ISO 3166-1 alpha-3 code, upper case. */
export const ISO3 = /^[A-Z]{3}$/;
export const isIso3 = (s: unknown): s is string => typeof s === 'string' && ISO3.test(s);

/** Prefixed random id, e.g. `proc_3f2a…`. */
export const newId = (prefix: string): string =>
  `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
export { randomUUID };
