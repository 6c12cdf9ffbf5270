import type { FastifyInstance } from 'fastify';
import { badInput } from '../core/errors.js';

/** Deepest JSON nesting a request body may have (a STIX bundle needs well under 20 levels). */
export const MAX_BODY_DEPTH = 64;

/**
 * Input no store can keep and no serialiser should meet, refused with 400 before any route sees it
 * (#16.9): U+0000 anywhere in the URL or in a JSON body's keys and strings (PostgreSQL text cannot hold it;
 * SQLite would store it silently) and JSON nested deeper than MAX_BODY_DEPTH (JSON.stringify of 10,000
 * levels throws RangeError). Registered on the root instance, so TAXII's own parser is covered too.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (/%00|\0/i.test(request.url)) throw badInput('url', 'the URL must not contain U+0000');
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object') checkJson(request.body);
    else if (typeof request.body === 'string' && request.body.includes('\0'))
      throw badInput('body', 'the body must not contain U+0000');
  });
}

/** Iterative walk (no recursion, so depth cannot overflow the stack). */
function checkJson(root: object): void {
  const stack: { value: unknown; depth: number; path: string }[] = [
    { value: root, depth: 1, path: 'body' },
  ];
  let visited = 0;
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (++visited > 5_000_000) throw badInput('body', 'the body has too many values');
    if (typeof value === 'string') {
      if (value.includes('\0')) throw badInput(path, `${path} must not contain U+0000`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_BODY_DEPTH)
      throw badInput(path, `the body nests deeper than ${MAX_BODY_DEPTH} levels`);
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\0')) throw badInput(path, `a key in ${path} contains U+0000`);
      stack.push({ value: child, depth: depth + 1, path: `${path}/${key}`.slice(0, 200) });
    }
  }
}
