import { Module } from '@nestjs/common';
import { RunsResolver } from './runs.resolver';

@Module({ providers: [RunsResolver] })
export class RunsModule {}
