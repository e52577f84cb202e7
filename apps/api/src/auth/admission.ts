/**
 * The one admission check for every keyed request, GraphQL and REST alike: who is asking (API
 * key), whether the role may do it, whether the key has the rate-limit tokens for it, and whether
 * the database is up — in that order, with the same codes and the same `retry-after` header on
 * both paths (they once differed: only GraphQL set retry-after, only REST checked availability).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Availability } from '../common/availability';
import { ApiError } from '../common/errors';
import { ApiConfig } from '../config/config';
import { RateLimitStore } from '../graphql/rate-limiter';
import { authenticate, keyFromHeaders, Principal } from './keys';

export interface AdmissionRequest {
  /** Rate-limit tokens the request costs: one per unit of work (a GraphQL root field, a REST call). */
  tokens: number;
  /** What the principal's role may not do here (field names, or a route); non-empty refuses with FORBIDDEN. */
  denied(principal: Principal): string[];
}

/** How long a client should wait after SERVICE_UNAVAILABLE: about one availability probe. */
const UNAVAILABLE_RETRY_S = 1;

const principals = new WeakMap<object, Principal>();

export class Admission {
  constructor(
    private readonly config: ApiConfig,
    private readonly limiter: RateLimitStore,
    private readonly availability: Availability,
  ) {}

  /**
   * The caller, or UNAUTHENTICATED. Cheap (one SHA-256), so GraphQL calls it before parsing: a
   * request without a valid key never reaches the parser, the validator or its messages.
   */
  principal(req: FastifyRequest): Principal {
    const known = principals.get(req);
    if (known) return known;
    const principal = authenticate(this.config.keys, keyFromHeaders(req.headers));
    if (!principal) throw new ApiError('UNAUTHENTICATED', 'missing or unknown API key: send it in the x-api-key header (or Authorization: Bearer)');
    principals.set(req, principal);
    req.log = req.log.child({ keyId: principal.keyId, role: principal.role });
    return principal;
  }

  /**
   * Admits the request or throws the ApiError to answer with (setting `retry-after` where waiting
   * helps). Async: with shared limits the tokens are taken in Redis.
   */
  async admit(req: FastifyRequest, reply: FastifyReply, request: AdmissionRequest): Promise<Principal> {
    const principal = this.principal(req);
    const denied = request.denied(principal);
    if (denied.length) throw new ApiError('FORBIDDEN', `role "${principal.role}" may not use ${denied.join(', ')}`, { fields: denied });
    const perMinute = this.config.limits.rateLimitPerMinute[principal.role];
    const waitMs = await this.limiter.take(principal.keyId, perMinute, request.tokens);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      reply.header('retry-after', String(seconds));
      throw new ApiError('RATE_LIMITED', `rate limit of ${perMinute} per minute for a ${principal.role} key exceeded (this request needs ${request.tokens}); retry in ${seconds} s`, {
        retryAfterMs: waitMs,
        tokens: request.tokens,
      });
    }
    if (!this.availability.isUp) {
      reply.header('retry-after', String(UNAVAILABLE_RETRY_S));
      throw new ApiError('SERVICE_UNAVAILABLE', 'the graph database is unavailable; retry shortly');
    }
    return principal;
  }
}
