import { Module } from '@nestjs/common';
import { DecisionsModule } from '../decisions/decisions.module';
import { IngestResolver } from './ingest.resolver';
import { IngestService } from './ingest.service';

@Module({ imports: [DecisionsModule], providers: [IngestService, IngestResolver] })
export class IngestModule {}
