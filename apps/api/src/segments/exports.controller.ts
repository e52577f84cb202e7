/** GET /exports/segments.csv|jsonl for the CRM and analysts; errors as JSON with the matching status. */
import { ParamTypes } from '../graphql/param-types';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from '../auth/admission';
import { EXPORT_ROLES } from '../auth/permissions';
import { ApiError, HTTP_STATUS, mapError } from '../common/errors';
import { ADMISSION, GRAPH_DB } from '../common/tokens';
import type { ExportFormat } from '@graphrec/crm';
import { segmentsExportStream } from './segments-export';

const CONTENT_TYPE: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

export interface ExportQuery {
  userAttributes: string[];
  changedSince?: string;
}

/**
 * The query string as the export options. Fastify gives a repeated parameter as an array
 * (`?attributes=a&attributes=b`), once the cause of a 500: both forms, and comma lists in either,
 * are accepted; anything else is BAD_USER_INPUT (400). Whether a name may be exported at all is
 * the export library's decision (libs/crm), whose refusals also map to 400.
 */
export function parseExportQuery(query: unknown): ExportQuery {
  const q = (query ?? {}) as Record<string, unknown>;
  const strings = (name: string): string[] => {
    const value = q[name];
    if (value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v): v is string => typeof v === 'string')) throw new ApiError('BAD_USER_INPUT', `${name} must be text`, { argument: name });
    return list;
  };
  const userAttributes = strings('attributes').flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const since = strings('changedSince');
  if (since.length > 1) throw new ApiError('BAD_USER_INPUT', 'changedSince may be given once', { argument: 'changedSince' });
  return { userAttributes, changedSince: since[0] || undefined };
}

@Controller('exports')
@ParamTypes()
export class ExportsController {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(ADMISSION) private readonly admission: Admission,
  ) {}

  @Get('segments.csv')
  csv(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.send('csv', req, reply);
  }

  @Get('segments.jsonl')
  jsonl(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.send('jsonl', req, reply);
  }

  private async send(format: ExportFormat, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const route = `exports/segments.${format}`;
      await this.admission.admit(req, reply, { tokens: 1, denied: (p) => (EXPORT_ROLES.includes(p.role) ? [] : [route]) });
      const options = parseExportQuery(req.query);
      const { plan, body } = await segmentsExportStream(this.db, format, options);
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
      else req.log.info({ code: mapped.code }, `client error: ${mapped.message}`);
      await reply.status(HTTP_STATUS[mapped.code]).send({ error: { code: mapped.code, message: mapped.message } });
    }
  }
}
