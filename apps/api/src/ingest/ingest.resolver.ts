import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { TrackEventInput, TrackEventResult } from '../graphql/models';
import { IngestService } from './ingest.service';

@Resolver(() => TrackEventResult)
@ParamTypes()
export class IngestResolver {
  constructor(@Inject(IngestService) private readonly service: IngestService) {}

  @Mutation(() => TrackEventResult)
  trackEvent(@Args('input', { type: () => TrackEventInput }) input: TrackEventInput): Promise<TrackEventResult> {
    return this.service.track(input);
  }
}
