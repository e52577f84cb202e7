import { Module } from '@nestjs/common';
import { ProductRelatedResolver, RecommendationsResolver, ScoredItemResolver } from './recommendations.resolver';
import { RecommendationsService } from './recommendations.service';

@Module({ providers: [RecommendationsService, RecommendationsResolver, ProductRelatedResolver, ScoredItemResolver] })
export class RecommendationsModule {}
