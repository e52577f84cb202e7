import { Module } from '@nestjs/common';
import { DeviceResolver, EventResolver, ProductResolver, UserResolver } from './catalog.resolver';
import { ExploreRepository } from './explore.repository';
import { ExploreResolver } from './explore.resolver';
import { ExploreService } from './explore.service';
import { ViewsRepository } from './views.repository';
import { ViewsResolver } from './views.resolver';

@Module({
  providers: [ExploreRepository, ExploreService, ExploreResolver, ViewsRepository, ViewsResolver, ProductResolver, UserResolver, DeviceResolver, EventResolver],
})
export class ExploreModule {}
