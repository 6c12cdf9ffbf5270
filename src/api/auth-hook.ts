import type { FastifyInstance } from 'fastify';
import { PUBLIC_PRINCIPAL } from '../runtime/auth.js';
import { unauthorized } from '../core/errors.js';
import type { TokenStore } from '../runtime/tokens.js';

/**
 * Resolves `request.principal` from `Authorization: Bearer <token>` or HTTP Basic (`user:token`, for
 * TAXII clients). No header: the public principal. A header with a bad token: 401, never silently public.
 */
export function registerAuth(app: FastifyInstance, tokens: TokenStore): void {
  app.decorateRequest('principal', null as never);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) {
      (request as { principal: unknown }).principal = PUBLIC_PRINCIPAL;
      return;
    }
    let token: string | null = null;
    const bearer = /^Bearer\s+(\S+)$/i.exec(header);
    const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (bearer) token = bearer[1];
    else if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      token = i >= 0 ? decoded.slice(i + 1) : null;
    }
    const principal = token ? await tokens.resolve(token) : null;
    if (!principal) throw unauthorized('the API token is unknown, malformed, expired or revoked');
    (request as { principal: unknown }).principal = principal;
  });
}
