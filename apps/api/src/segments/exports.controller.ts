/** GET /exports/segments.csv|jsonl for the CRM and analysts; errors as JSON with the matching status. */
import { ParamTypes } from '../graphql/param-types';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, keyFromHeaders } from '../auth/keys';
import { EXPORT_ROLES } from '../auth/permissions';
import { ApiConfig } from '../config/config';
import { Availability } from '../common/availability';
import { ApiError, HTTP_STATUS, mapError } from '../common/errors';
import { API_CONFIG, AVAILABILITY, GRAPH_DB, RATE_LIMITER } from '../common/tokens';
import { RateLimiter } from '../graphql/rate-limiter';
import { ExportFormat, segmentsExportStream } from './segments-export';

const CONTENT_TYPE: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

@Controller('exports')
@ParamTypes()
export class ExportsController {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(AVAILABILITY) private readonly availability: Availability,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
  ) {}

  @Get('segments.csv')
  csv(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('attributes') attributes?: string, @Query('changedSince') changedSince?: string): Promise<void> {
    return this.send('csv', req, reply, attributes, changedSince);
  }

  @Get('segments.jsonl')
  jsonl(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query('attributes') attributes?: string, @Query('changedSince') changedSince?: string): Promise<void> {
    return this.send('jsonl', req, reply, attributes, changedSince);
  }

  private async send(format: ExportFormat, req: FastifyRequest, reply: FastifyReply, attributes?: string, changedSince?: string): Promise<void> {
    try {
      const principal = authenticate(this.config.keys, keyFromHeaders(req.headers));
      if (!principal) throw new ApiError('UNAUTHENTICATED', 'missing or unknown API key: send it in the x-api-key header (or Authorization: Bearer)');
      if (!EXPORT_ROLES.includes(principal.role)) throw new ApiError('FORBIDDEN', `role "${principal.role}" may not download segment exports`);
      const waitMs = this.limiter.take(principal.keyId);
      if (waitMs > 0) throw new ApiError('RATE_LIMITED', `rate limit of ${this.config.limits.rateLimitPerMinute} requests per minute exceeded`, { retryAfterMs: waitMs });
      if (!this.availability.isUp) throw new ApiError('SERVICE_UNAVAILABLE', 'the graph database is unavailable; retry shortly');
      const userAttributes = attributes ? attributes.split(',').map((a) => a.trim()).filter(Boolean) : [];
      const { plan, body } = await segmentsExportStream(this.db, format, { userAttributes, changedSince: changedSince || undefined });
      body.on('error', (error) => req.log.error({ err: error }, 'segment export stream failed after the headers were sent'));
      await reply
        .status(200)
        .header('content-type', CONTENT_TYPE[format])
        .header('content-disposition', `attachment; filename="segments-${plan.run.id}.${format}"`)
        .header('x-graphrec-run-id', plan.run.id)
        .send(body);
    } catch (error) {
      const mapped = mapError(error);
      if (mapped.unexpected) req.log.error({ err: error }, 'segment export failed');
      await reply.status(HTTP_STATUS[mapped.code]).send({ error: { code: mapped.code, message: mapped.message } });
    }
  }
}
