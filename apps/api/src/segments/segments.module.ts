import { Module } from '@nestjs/common';
import { ExportsController } from './exports.controller';
import { SegmentsRepository } from './segments.repository';
import { SegmentsResolver, UserSegmentResolver } from './segments.resolver';
import { SegmentsService } from './segments.service';

@Module({ providers: [SegmentsRepository, SegmentsService, SegmentsResolver, UserSegmentResolver], controllers: [ExportsController] })
export class SegmentsModule {}
