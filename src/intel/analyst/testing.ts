import { randomUUID } from 'node:crypto';
import {
  indicator,
  collUrl,
  envelope,
  postHeaders,
  type IntelTestEnv,
  type LabelSpec,
} from '../testing.js';
import { LABEL_POLICY, withLabel } from '../labels.js';

/** Test helpers for the analyst suites (imported by tests only). */
export function indicatorFor(
  l: LabelSpec,
  pattern: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...indicator(l), pattern, ...extra };
}

/** An SCO carrying a label (the label extension sits beside the SCO's own properties). */
export function sco(
  l: LabelSpec,
  type: string,
  props: Record<string, unknown>,
): Record<string, unknown> {
  return withLabel(
    { type, spec_version: '2.1', id: `${type}--${randomUUID()}`, ...props },
    {
      policy: LABEL_POLICY,
      classification: l.classification ?? 'RESTRICTED',
      releasableTo: l.rel ?? [],
      originator: l.originator,
      createdAt: '2026-01-01T00:00:00.000Z',
      tlp: l.tlp ?? null,
    },
  );
}

export async function post(
  env: IntelTestEnv,
  member: string,
  objects: unknown[],
  coll?: string,
): Promise<{
  success_count: number;
  failures?: { message: string }[];
  successes?: { id: string; message?: string }[];
}> {
  const r = await env.app.inject({
    method: 'POST',
    url: `${collUrl(coll)}/objects/`,
    payload: envelope(objects),
    headers: postHeaders(await env.auth(member)),
  });
  if (r.statusCode !== 202) throw new Error(`POST ${r.statusCode}: ${r.body}`);
  return r.json();
}

export async function get(env: IntelTestEnv, member: string, url: string) {
  return env.app.inject({
    method: 'GET',
    url,
    headers: { authorization: (await env.auth(member)).authorization },
  });
}
