/** Process-wide pieces shared by every feature module: the (guarded) database, config, admission, metrics, loaders. */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { GraphDb } from '@graphrec/neo4j';
import { Admission } from './auth/admission';
import { CatalogRepository } from './catalog/catalog.repository';
import { LoaderFactory } from './catalog/loaders';
import { Availability } from './common/availability';
import { ADMISSION, ANSWERS, API_CONFIG, AVAILABILITY, GRAPH_DB, METRICS, SERVED_FIELDS } from './common/tokens';
import { ApiConfig } from './config/config';
import { ApiMetrics } from './metrics/metrics';
import { ServedAnswers } from './recommendations/served-answers';
import { ServedFields } from './graphql/served-fields';

export interface CoreDeps {
  db: GraphDb;
  config: ApiConfig;
  availability: Availability;
  metrics: ApiMetrics;
  admission: Admission;
  answers: ServedAnswers;
  /** Held JSON of the serving queries' answers (graphql/served-fields.ts); resolvers register their fields. */
  servedFields: ServedFields;
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
      { provide: ADMISSION, useValue: deps.admission },
      { provide: ANSWERS, useValue: deps.answers },
      { provide: SERVED_FIELDS, useValue: deps.servedFields },
    ];
    return {
      module: CoreModule,
      providers: [...values, CatalogRepository, LoaderFactory],
      exports: [GRAPH_DB, API_CONFIG, AVAILABILITY, METRICS, ADMISSION, ANSWERS, SERVED_FIELDS, CatalogRepository, LoaderFactory],
    };
  }
}
