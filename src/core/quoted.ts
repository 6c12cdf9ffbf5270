/**
 * A received value as an error message quotes it: text as it is, nothing (undefined, null) as '',
 * anything else as JSON (so an object reads `{"a":1}`, not `[object Object]`).
 */
export function quoted(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value) ?? typeof value;
}
