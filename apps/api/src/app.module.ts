import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MercuriusContext, preExecutionHookHandler, preParsingHookHandler, preValidationHookHandler } from 'mercurius';
import { Admission } from './auth/admission';
import { LoaderFactory } from './catalog/loaders';
import { ADMISSION, API_CONFIG, SERVED_FIELDS } from './common/tokens';
import { ApiConfig } from './config/config';
import { CoreDeps, CoreModule } from './core.module';
import { DecisionsModule } from './decisions/decisions.module';
import { PropensityModule } from './propensity/propensity.module';
import { ExploreModule } from './explore/explore.module';
import { RunsModule } from './flows/runs.module';
import { createAdmissionHooks } from './graphql/admission-hooks';
import { ApiContext } from './graphql/context';
import { errorFormatter } from './graphql/error-formatter';
import { ServedFields } from './graphql/served-fields';
import { SegmentProduct } from './graphql/models';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { MetricsModule } from './metrics/metrics.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { SegmentsModule } from './segments/segments.module';
import { SessionsModule } from './sessions/sessions.module';

@Module({})
export class AppModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          inject: [LoaderFactory, API_CONFIG, ADMISSION, SERVED_FIELDS],
          useFactory: (loaders: LoaderFactory, config: ApiConfig, admission: Admission, served: ServedFields): MercuriusDriverConfig => {
            const hooks = createAdmissionHooks(config, admission, served);
            // Mercurius' types want its own context type; ours (ApiContext) is a superset built by `context` below.
            type Ctx = MercuriusContext;
            return {
              // Generated in memory: nothing is written at run time.
              autoSchemaFile: true,
              buildSchemaOptions: { orphanedTypes: [SegmentProduct] },
              path: '/graphql',
              graphiql: false,
              cache: config.queryCache > 0 ? config.queryCache : false,
              ...(config.jit > 0 && config.queryCache > 0 ? { jit: config.jit } : {}),
              // The parser stops here: a document of 20,000 aliases is refused before it is built.
              graphql: { parseOptions: { maxTokens: config.limits.maxTokens } },
              context: (req: FastifyRequest, reply: FastifyReply): ApiContext => ({ req, reply, loaders: loaders.create() }),
              errorFormatter: errorFormatter as unknown as MercuriusDriverConfig['errorFormatter'],
              hooks: {
                preParsing: [hooks.preParsing as unknown as preParsingHookHandler<Ctx>],
                preValidation: [hooks.preValidation as unknown as preValidationHookHandler<Ctx>],
                preExecution: [hooks.preExecution as unknown as preExecutionHookHandler<Ctx>],
              },
            };
          },
        }),
        RecommendationsModule,
        SegmentsModule,
        ExploreModule,
        RunsModule,
        IngestModule,
        HealthModule,
        MetricsModule,
        DecisionsModule,
        PropensityModule,
        SessionsModule,
      ],
    };
  }
}
