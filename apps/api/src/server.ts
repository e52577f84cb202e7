/** Builds and starts the API: Nest on Fastify with Mercurius for GraphQL. */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { GraphDb, resolveNeo4jConfig } from '@graphrec/neo4j';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import pino from 'pino';
import { AppModule } from './app.module';
import { Admission } from './auth/admission';
import { loadConfig } from './config/config';
import { Availability, guardedDb } from './common/availability';
import { PinoNestLogger } from './common/logger';
import { requestScope, Semaphore } from './common/request-scope';
import { registerExplorer } from './explorer/explorer.routes';
import { operationOf } from './graphql/admission-hooks';
import { RateLimiter, RateLimitStore } from './graphql/rate-limiter';
import { SharedRateLimiter } from './graphql/shared-rate-limiter';
import { ApiMetrics, requestOutcome } from './metrics/metrics';
import { ServedAnswers } from './recommendations/served-answers';
import { ServedFields } from './graphql/served-fields';
import { latestFlowRun } from './metrics/flow-runs';

export interface StartApiOptions {
  /** Default: PORT, else 3000; 0 picks a free port. */
  port?: number;
  /** Default: HOST, else 127.0.0.1. */
  host?: string;
  env?: NodeJS.ProcessEnv;
  /** Use this database (the caller closes it); default: one from NEO4J_* in `env`, closed by close(). */
  db?: GraphDb;
  logLevel?: string;
}

export interface RunningApi {
  url: string;
  graphqlUrl: string;
  explorerUrl: string;
  /** The generated keys by role, when GRAPHREC_API_KEYS was unset. */
  demoKeys?: Record<string, string>;
  close(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function startApi(options: StartApiOptions = {}): Promise<RunningApi> {
  const env = options.env ?? process.env;
  const config = loadConfig(env, { port: options.port, host: options.host, logLevel: options.logLevel });
  const logger = pino({
    level: config.logLevel,
    base: { service: 'graphrec-api' },
    redact: { paths: ['req.headers["x-api-key"]', 'req.headers.authorization'], censor: '[redacted]' },
  });
  const ownDb = !options.db;
  const rawDb = options.db ?? new GraphDb(resolveNeo4jConfig(env));
  const availability = new Availability(rawDb);
  const metrics = new ApiMetrics();
  const limiter: RateLimitStore = config.sharedLimits
    ? new SharedRateLimiter(config.sharedLimits.redisUrl, { timeoutMs: config.sharedLimits.timeoutMs, logger })
    : new RateLimiter();
  if (limiter instanceof SharedRateLimiter && !(await limiter.ready())) {
    logger.warn('rate limits: Redis (GRAPHREC_REDIS_URL) is not answering; limiting per process until it does');
  }
  metrics.watchRateLimits(limiter instanceof SharedRateLimiter, () => (limiter instanceof SharedRateLimiter ? limiter.fallbacks : 0));
  const admission = new Admission(config, limiter, availability);
  const answers = new ServedAnswers(rawDb, config.answerCache, logger);
  metrics.watchAnswers(answers);
  const servedFields = new ServedFields(config.answerBodies);
  metrics.watchServedFields(servedFields);
  metrics.watchFlows(() => latestFlowRun(rawDb));
  const deps = { db: guardedDb(rawDb, availability, metrics.statements), config, availability, metrics, admission, answers, servedFields };

  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: 1024 * 1024,
    // Honour the caller's request id (so one id follows a request across services), else make one.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(deps), adapter, { logger: new PinoNestLogger(logger), abortOnError: false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Every handler (GraphQL and REST) runs inside its request's database bound (common/request-scope.ts).
  // A callback hook: the rest of the request's lifecycle runs inside `run`, so the store follows it.
  const scopes = new WeakMap<object, Semaphore>();
  fastify.addHook('preHandler', (req, _reply, done) => {
    const db = new Semaphore(config.limits.dbConcurrencyPerRequest);
    scopes.set(req, db);
    requestScope.run({ db }, done);
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const scope = scopes.get(req);
    if (scope && scope.peak > 0) metrics.dbConcurrency.observe(scope.peak);
    if (req.routeOptions.url !== '/graphql') return;
    metrics.record(operationOf(req), reply.elapsedTime / 1000, requestOutcome.get(req) ?? 'ok');
  });
  await registerExplorer(fastify, config);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close();
    await availability.stop();
    await limiter.close();
    if (ownDb) await rawDb.close();
    throw error;
  }
  availability.start();
  // The first poll learns the served run before requests are answered from the cache.
  await answers.start().catch((error: unknown) => logger.warn({ err: error }, 'answer cache: first change-feed poll failed; it keeps polling'));
  const { port } = fastify.server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${shownHost}:${port}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    explorerUrl: `${url}/explorer/`,
    demoKeys: config.demoKeys,
    close: async () => {
      await answers.stop();
      await availability.stop();
      await app.close();
      await limiter.close();
      if (ownDb) await rawDb.close();
    },
  };
}
