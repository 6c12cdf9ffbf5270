import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyStaticOptions } from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Cache-Control of the console's content-hashed build output (Vite names them assets/<name>-<hash>.<ext>). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Cache-Control of everything else the console serves (index.html, favicon): revalidate every time. */
export const REVALIDATE = 'no-cache';

/** Vite puts every hashed file under /assets/; nothing else there. */
export function isHashedAsset(path: string): boolean {
  return /[\\/]assets[\\/][^\\/]+-[\w-]{8,}\.\w+(\.(br|gz))?$/.test(path);
}

/**
 * Compression of API answers and of static files without a pre-compressed copy: brotli or gzip as the
 * client asks, above 1 KiB. Brotli runs at quality 5 (the default, 11, takes ~1 s per MB of JSON; the
 * console build ships quality-11 .br files made once at build time, see vite.config.ts). Server-sent
 * events are never compressed (the stream would be held back in the compressor's buffer).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
    customTypes: (type: string) =>
      !type.startsWith('text/event-stream') &&
      /^(text\/|application\/(json|.*\+json|.*\+xml|xml|javascript)|image\/svg)/.test(type),
  });
}

/** Options for @fastify/static serving the console build: pre-compressed files and the cache policy. */
export function consoleStaticOptions(optimised: boolean): Partial<FastifyStaticOptions> {
  return {
    preCompressed: optimised,
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('vary', 'accept-encoding');
      res.setHeader(
        'cache-control',
        optimised && isHashedAsset(path) ? IMMUTABLE : optimised ? REVALIDATE : 'public, max-age=0',
      );
    },
  };
}
