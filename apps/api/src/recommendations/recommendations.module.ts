import { Module } from '@nestjs/common';
import { ProductRelatedResolver, RecommendationsResolver, ServedProductResolver } from './recommendations.resolver';
import { RecommendationsService } from './recommendations.service';

@Module({ providers: [RecommendationsService, RecommendationsResolver, ProductRelatedResolver, ServedProductResolver] })
export class RecommendationsModule {}
