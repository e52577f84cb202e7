import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MercuriusContext, preExecutionHookHandler } from 'mercurius';
import { createPreExecutionHook } from './auth/auth.hook';
import { ApiConfig } from './config/config';
import { ApiContext } from './common/context';
import { CoreDeps, CoreModule } from './common/core.module';
import { LoaderFactory } from './common/loaders';
import { API_CONFIG, RATE_LIMITER } from './common/tokens';
import { ExploreModule } from './explore/explore.module';
import { errorFormatter } from './graphql/error-formatter';
import { SegmentProduct } from './graphql/models';
import { RateLimiter } from './graphql/rate-limiter';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { MetricsModule } from './metrics/metrics.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { SegmentsModule } from './segments/segments.module';

@Module({})
export class AppModule {
  static forRoot(deps: CoreDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          inject: [LoaderFactory, API_CONFIG, RATE_LIMITER],
          useFactory: (loaders: LoaderFactory, config: ApiConfig, limiter: RateLimiter): MercuriusDriverConfig => ({
            // Generated in memory: nothing is written at run time.
            autoSchemaFile: true,
            buildSchemaOptions: { orphanedTypes: [SegmentProduct] },
            path: '/graphql',
            graphiql: false,
            cache: config.queryCache > 0 ? config.queryCache : false,
            context: (req: FastifyRequest, reply: FastifyReply): ApiContext => ({ req, reply, loaders: loaders.create() }),
            // Mercurius' types want its own context type; ours is a superset built by `context` above.
            errorFormatter: errorFormatter as unknown as MercuriusDriverConfig['errorFormatter'],
            hooks: { preExecution: [createPreExecutionHook(config, limiter) as unknown as preExecutionHookHandler<MercuriusContext>] },
          }),
        }),
        RecommendationsModule,
        SegmentsModule,
        ExploreModule,
        IngestModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
