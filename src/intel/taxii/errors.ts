import type { FastifyError } from 'fastify';
import { isTahalufError } from '../../core/errors.js';

/** TAXII 2.1 error message (3.6.1). `http_status` is a string in TAXII. */
export interface TaxiiError {
  title: string;
  description?: string;
  error_id?: string;
  error_code?: string;
  http_status: string;
  external_details?: string;
  details?: Record<string, string>;
}

export class TaxiiHttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};

export const taxiiError = (status: number, description: string, code?: string): TaxiiHttpError =>
  new TaxiiHttpError(status, code ?? TITLES[status] ?? 'Error', description);

/** Any error thrown on a TAXII route, as a TAXII error message and its status. */
export function toTaxiiError(err: unknown): TaxiiError {
  if (err instanceof TaxiiHttpError)
    return {
      title: TITLES[err.status] ?? err.title,
      description: err.message,
      http_status: String(err.status),
      error_code: err.title.toLowerCase().replace(/\W+/g, '_'),
    };
  if (isTahalufError(err))
    return {
      title: TITLES[err.status] ?? 'Error',
      description: err.message,
      error_code: err.code,
      http_status: String(err.status),
    };
  const fe = err as FastifyError;
  const map: Record<string, [number, string]> = {
    FST_ERR_CTP_BODY_TOO_LARGE: [413, 'the request body exceeds max_content_length'],
    FST_ERR_CTP_INVALID_MEDIA_TYPE: [
      415,
      `the Content-Type must be application/taxii+json;version=2.1`,
    ],
    FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'the request body is empty'],
    FST_ERR_CTP_INVALID_JSON_BODY: [400, 'the request body is not valid JSON'],
  };
  const known = fe?.code ? map[fe.code] : undefined;
  if (known)
    return {
      title: TITLES[known[0]],
      description: known[1],
      http_status: String(known[0]),
      error_code: fe.code.toLowerCase(),
    };
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return {
      title: TITLES[fe.statusCode] ?? 'Bad Request',
      description: fe.message,
      http_status: String(fe.statusCode),
    };
  return {
    title: 'Internal Server Error',
    description: 'the server failed to handle this request',
    http_status: '500',
  };
}
