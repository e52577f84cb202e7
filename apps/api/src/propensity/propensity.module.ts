import { Module } from '@nestjs/common';
import { PropensityResolver, SegmentPropensityResolver } from './propensity.resolver';
import { PropensityService } from './propensity.service';

@Module({ providers: [PropensityService, PropensityResolver, SegmentPropensityResolver] })
export class PropensityModule {}
