/** GET /metrics in the Prometheus text format. Open without a key: scrape it from inside the network. */
import { ParamTypes } from '../graphql/param-types';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { METRICS } from '../common/tokens';
import { ApiMetrics } from './metrics';

@Controller('metrics')
@ParamTypes()
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: ApiMetrics) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
