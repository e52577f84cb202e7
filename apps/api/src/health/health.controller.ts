/** GET /health: 200 with Neo4j "up", 503 with "down" (terminus). Open without a key, for load balancers. */
import { ParamTypes } from '../graphql/param-types';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Availability } from '../common/availability';
import { AVAILABILITY } from '../common/tokens';

@Controller('health')
@ParamTypes()
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(AVAILABILITY) private readonly availability: Availability,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const indicator = this.indicators.check('neo4j');
        return (await this.availability.check()) ? indicator.up() : indicator.down({ message: 'Neo4j is unreachable' });
      },
    ]);
  }
}
