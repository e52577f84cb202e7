import { Module } from '@nestjs/common';
import { DeviceResolver, EventResolver, ProductResolver, UserResolver } from './catalog.resolver';
import { ExploreRepository } from './explore.repository';
import { ExploreResolver } from './explore.resolver';
import { ExploreService } from './explore.service';

@Module({ providers: [ExploreRepository, ExploreService, ExploreResolver, ProductResolver, UserResolver, DeviceResolver, EventResolver] })
export class ExploreModule {}
