import type { FastifyReply, FastifyRequest } from 'fastify';
import { fieldsOf } from '../core/objects.js';
import { isTahalufError } from '../core/errors.js';

/** RFC 9457 problem details. `code` is stable; `field` names the bad input (e.g. `body/date`, `query/attacked`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  instance?: string;
  [k: string]: unknown;
}

/** The problem-details object as documented in OpenAPI (extra members allowed, as RFC 9457 permits). */
export const ProblemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'stable snake_case error code' },
    field: {
      type: 'string',
      description: 'the input at fault, e.g. query/date or body/units/1/size',
    },
    detailCode: {
      type: 'string',
      description:
        "stable machine code of `detail`, for a client to say it in its reader's language: the `code`, a finer one (e.g. not_member_at_opening), or validation.<keyword> for a schema violation (validation.type, validation.required, validation.minimum …); an unknown one means show `detail`",
    },
    detailParams: {
      type: 'object',
      description:
        'the values `detail` is filled with (e.g. {member, procedure}; for validation.* the JSON-schema keyword parameters: type, limit, missingProperty, allowedValues …); `field` names the input',
      additionalProperties: { type: ['string', 'number'] },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
  additionalProperties: true,
} as const;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  field?: string,
  extra?: Record<string, unknown>,
): Problem {
  return {
    type: `https://tahaluf.dev/problems/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(field ? { field } : {}),
    ...extra,
  };
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** Maps any thrown error to a problem: our typed errors, Fastify's validation/size/media errors, else 500. */
export function toProblem(err: unknown, request?: FastifyRequest): Problem {
  if (isTahalufError(err))
    return problem(err.status, err.code, err.message, err.field, {
      ...err.details,
      detailCode: err.detailCode,
      detailParams: err.detailParams,
    });
  // Fastify's errors (validation, body size, media type) are read field by field: anything may be thrown.
  const fe = fieldsOf(err);
  const message = textOf(fe.message) ?? '';
  const validation: unknown[] = Array.isArray(fe.validation) ? fe.validation : [];
  if (validation.length) {
    const first = fieldsOf(validation[0]);
    const params = fieldsOf(first.params);
    const missing = textOf(params.missingProperty);
    const extra = textOf(params.additionalProperty);
    const path = `${textOf(first.instancePath) ?? ''}${missing ? `/${missing}` : ''}${extra ? `/${extra}` : ''}`;
    const context = textOf(fe.validationContext);
    const part = context === 'querystring' ? 'query' : (context ?? 'body');
    const field = `${part}${path}`;
    const msg = extra
      ? `property '${extra}' is not allowed`
      : (textOf(first.message) ?? 'is invalid');
    const keyword = textOf(first.keyword) ?? 'invalid';
    return problem(400, 'invalid_input', `${field} ${msg}`, field, {
      detailCode: `validation.${keyword}`,
      detailParams: validationParams(params),
    });
  }
  switch (textOf(fe.code) ?? '') {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'body_too_large', message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported_media_type', message, 'header/content-type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'invalid_json', message, 'body');
  }
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 0;
  if (status >= 400 && status < 500) return problem(status, 'bad_request', message);
  // Every 500 is logged with the request id, which the answer carries so a report can be matched to it.
  if (request) {
    request.log.error({ err, reqId: request.id }, 'unhandled error');
    if (!request.log.level || request.log.level === 'silent')
      console.error(`[tahaluf] 500 on request ${request.id}:`, err);
  } else console.error(err);
  return problem(500, 'internal_error', 'the server failed to handle this request', undefined, {
    ...(request ? { requestId: request.id } : {}),
  });
}

/** JSON-schema keyword parameters as flat values (`allowedValues` joined by ', '). */
export function validationParams(
  params: Readonly<Record<string, unknown>>,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(String).join(', ');
  }
  return out;
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}
