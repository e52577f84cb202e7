/** Process-wide pieces shared by every feature module: the (guarded) database, config, limiter, metrics, loaders. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { ApiConfig } from '../config/config';
import { RateLimiter } from '../graphql/rate-limiter';
import { ApiMetrics } from '../metrics/metrics';
import { Availability } from './availability';
import { CatalogRepository } from './catalog.repository';
import { LoaderFactory } from './loaders';
import { API_CONFIG, AVAILABILITY, GRAPH_DB, METRICS, RATE_LIMITER } from './tokens';

export interface CoreDeps {
  db: GraphDb;
  config: ApiConfig;
  availability: Availability;
  metrics: ApiMetrics;
  limiter: RateLimiter;
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    const values = [
      { provide: GRAPH_DB, useValue: deps.db },
      { provide: API_CONFIG, useValue: deps.config },
      { provide: AVAILABILITY, useValue: deps.availability },
      { provide: METRICS, useValue: deps.metrics },
      { provide: RATE_LIMITER, useValue: deps.limiter },
    ];
    return {
      module: CoreModule,
      providers: [...values, CatalogRepository, LoaderFactory],
      exports: [GRAPH_DB, API_CONFIG, AVAILABILITY, METRICS, RATE_LIMITER, CatalogRepository, LoaderFactory],
    };
  }
}
