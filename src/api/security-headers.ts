import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.js';

/**
 * The console's policy: everything from this origin only, no inline script or style markup (the Vite
 * build emits none; React sets style properties through the CSSOM, which CSP allows), images also as
 * data: URIs (the favicon), never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI (/api/docs) sets element styles in markup: the same policy with inline styles allowed. */
export const DOCS_CSP = CONSOLE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/**
 * Security headers on every answer (#16.8): CSP with frame-ancestors, nosniff, no referrer, and HSTS
 * when the node is reached over HTTPS (its own TLS, or a public URL behind a TLS-terminating proxy).
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  const https = config.tls !== null || config.publicUrl.startsWith('https:');
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0];
    void reply.header(
      'content-security-policy',
      path.startsWith('/api/docs') ? DOCS_CSP : CONSOLE_CSP,
    );
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    if (https) void reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}
