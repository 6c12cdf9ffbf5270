import { messageOf } from '../core/errors.js';
import { isPlainObject } from '../core/objects.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import { ConfigError, loadConfig, type Config } from '../core/config.js';
import { consoleStaticOptions, registerCompression } from './delivery.js';
import { registerAuth } from './auth-hook.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerInputGuards } from './input-guards.js';
import { registerLoadShedding } from './load-shedding.js';
import type { EventLoopDelaySource } from './event-loop-delay.js';
import { registerRateLimits } from './rate-limits.js';
import { registerIdempotency, type IdempotencyTables } from './idempotency.js';
import { randomUUID } from 'node:crypto';
import { problem, ProblemSchema, sendProblem, toProblem } from './problem.js';
import { coreRoutes } from './core-routes.js';
import { sessionRoutes } from './session-routes.js';
import { validatorCompiler } from './validation.js';
import { registryRoutes } from '../registry/routes.js';
import { lifecycleRoutes } from '../registry/lifecycle-routes.js';
import { documentRoutes } from '../registry/documents-routes.js';
import { transparencyRoutes } from '../record/tlog-routes.js';
import { recordRoutes } from '../record/routes.js';
import { federationRoutes } from './federation-routes.js';
import { verifyRoutes } from './verify-routes.js';
import { openNode, type Node, type NodeOptions } from '../app/node.js';
import { WEB_DIST } from '../app/paths.js';

/** TLS 1.2 suites allowed besides TLS 1.3's: ECDHE key exchange (forward secrecy), AEAD ciphers only. */
export const TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

export interface BuildOptions {
  /** Serve the built console from this folder (default dist/web when it exists). */
  webDir?: string | null;
  logger?: boolean;
  /**
   * 'optimised' (default): brotli/gzip compression, pre-compressed console files, hashed assets cached
   * for a year as immutable and index.html revalidated. 'plain': none of it (what the node did before
   * #13.13; the delivery benchmark measures both in one run).
   */
  delivery?: 'optimised' | 'plain';
  /** The event loop's delay for load shedding (default: measured with perf_hooks); tests give a fake. */
  eventLoopDelay?: EventLoopDelaySource;
}

/** Composes the HTTP API: auth, error mapping, OpenAPI, core + module routes, the console. */
export async function buildApp(node: Node, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const tls = node.config.tls;
  const app = Fastify({
    bodyLimit: node.config.bodyLimit,
    // Request ids are ours (never taken from a client header): every 500 is logged and answered with one.
    genReqId: () => randomUUID(),
    // Slow clients (partial headers or bodies) are cut off: the whole request must arrive in time.
    requestTimeout: node.config.requestTimeoutMs,
    connectionTimeout: node.config.requestTimeoutMs * 2,
    logger: opts.logger ? { level: node.config.logLevel } : false,
    // HTTPS when a certificate is configured (TAXII 2.1 requires TLS 1.2 or later; Node's default minimum is 1.2).
    ...(tls
      ? {
          https: {
            cert: readTlsFile(tls.certFile, 'TAHALUF_TLS_CERT'),
            key: readTlsFile(tls.keyFile, 'TAHALUF_TLS_KEY'),
            minVersion: 'TLSv1.2' as const,
            // Forward-secret AEAD suites only (TLS 1.3's are all such; TLS 1.2: ECDHE with GCM/ChaCha20).
            ciphers: TLS_CIPHERS,
            honorCipherOrder: true,
          },
        }
      : {}),
  });
  app.setValidatorCompiler(validatorCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tahaluf API',
        version: '0.1.0',
        description:
          'JSON API of a Tahaluf node. Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code` and the `field` at fault. ' +
          'Authenticate with `Authorization: Bearer <token>` (or HTTP Basic `user:token` for TAXII clients); read-only reference data is public.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          basic: { type: 'http', scheme: 'basic' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  // Every JSON API route documents its errors: RFC 9457 problem details (TAXII and CAP routes have their own formats).
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const schema = (route.schema ??= {});
    const response = isPlainObject(schema.response) ? schema.response : {};
    schema.response = response;
    for (const key of ['4xx', '5xx']) response[key] ??= ProblemSchema;
  });
  const optimised = (opts.delivery ?? 'optimised') === 'optimised';
  if (optimised) await registerCompression(app);
  registerSecurityHeaders(app, node.config);
  const loadStatus = registerLoadShedding(app, {
    maxInFlight: node.config.maxInFlight,
    maxQueueMs: node.config.maxQueueMs,
    targetLatencyMs: node.config.targetLatencyMs,
    requestsPerTurn: node.config.requestsPerTurn,
    maxTurnWaitMs: node.config.maxTurnWaitMs,
    maxEventLoopDelayMs: node.config.maxEventLoopDelayMs,
    eventLoopDelay: opts.eventLoopDelay,
  });
  registerInputGuards(app);
  await app.register(fastifyCookie);
  registerAuth(app, node.tokens, node.config, node.config.authFailuresPerMinute);
  await registerRateLimits(app, node.config.rateLimits);
  registerIdempotency(app, node.store.db.withTables<IdempotencyTables>(), node.clock);
  app.setErrorHandler((err, request, reply) => sendProblem(reply, toProblem(err, request)));
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0];
    const webDir = opts.webDir === undefined ? WEB_DIST : opts.webDir;
    const isApi = /^\/(api|taxii2|cap)(\/|$)/.test(url);
    if (!isApi && request.method === 'GET' && webDir && existsSync(join(webDir, 'index.html')))
      return reply.sendFile('index.html', webDir);
    return sendProblem(reply, problem(404, 'not_found', `no route ${request.method} ${url}`));
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  coreRoutes(app, node, loadStatus);
  await sessionRoutes(app, node);
  registryRoutes(app, node);
  lifecycleRoutes(app, node);
  documentRoutes(app, node);
  recordRoutes(
    app,
    node,
    node.modules.flatMap((m) => m.privateActPrefixes ?? []),
  );
  transparencyRoutes(app, node);
  verifyRoutes(app, node);
  if (node.alliance) federationRoutes(app, node.alliance);
  for (const m of node.modules) if (m.routes) await m.routes(app, node);

  const webDir = opts.webDir === undefined ? WEB_DIST : opts.webDir;
  if (webDir && existsSync(webDir))
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      ...consoleStaticOptions(optimised),
    });
  await app.ready();
  return app;
}

function readTlsFile(file: string, name: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError([`${name}: cannot read ${file} (${messageOf(err)})`]);
  }
}

/** How long answers in progress may take to finish when the server closes. */
const CLOSE_GRACE_MS = 5000;

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  node: Node;
  close(): Promise<void>;
}

/** Opens a node and serves it. Used by `tahaluf start` and the browser tests. */
export async function startServer(
  config: Config = loadConfig(),
  nodeOpts: NodeOptions = {},
  buildOpts: BuildOptions = {},
): Promise<RunningServer> {
  const node = await openNode(config, nodeOpts);
  await node.startModules();
  const app = await buildApp(node, buildOpts);
  const address = await app.listen({
    port: config.port,
    host: config.host,
    backlog: config.listenBacklog,
  });
  const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
  return {
    url,
    app,
    node,
    async close() {
      // app.close() stops listening and closes idle keep-alive connections, then waits for the others to
      // end. Node skips an idle connection whose last answer it still counts as unfinished, and that one
      // held the close until its keep-alive timeout (72 s: measured 70 s in load-shedding.test.ts's
      // afterAll, which timed out at 60 s in a clean-clone CI). After a grace for answers in progress,
      // every connection left is cut.
      const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
      await node.close();
    },
  };
}
