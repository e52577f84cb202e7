import { Module } from '@nestjs/common';
import { DecisionsResolver } from './decisions.resolver';
import { DecisionsService } from './decisions.service';

@Module({ providers: [DecisionsService, DecisionsResolver], exports: [DecisionsService] })
export class DecisionsModule {}
