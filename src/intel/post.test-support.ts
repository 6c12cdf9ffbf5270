import { expect } from 'vitest';
import { collUrl, envelope, postHeaders, type IntelTestEnv } from './testing.js';

/**
 * POSTs one envelope of `objects` to the GCC collection as an analyst of `member` (SAU unless named) and
 * expects every object stored: the setup of the date_added and cursor leak tests.
 */
export async function postAll(
  env: IntelTestEnv,
  objects: unknown[],
  member = 'SAU',
): Promise<void> {
  const r = await env.app.inject({
    method: 'POST',
    url: `${collUrl()}/objects/`,
    headers: postHeaders(await env.auth(member)),
    payload: envelope(objects),
  });
  expect(JSON.parse(r.body).failure_count).toBe(0);
}
