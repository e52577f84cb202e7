import { Module } from '@nestjs/common';
import { IngestResolver } from './ingest.resolver';
import { IngestService } from './ingest.service';

@Module({ providers: [IngestService, IngestResolver] })
export class IngestModule {}
