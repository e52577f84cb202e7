/** Products, users and what hangs off them, each through the per-request loaders. */
import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiConfig } from '../config/config';
import { CatalogRepository } from '../catalog/catalog.repository';
import { ApiContext } from '../graphql/context';
import { ApiError } from '../common/errors';
import { API_CONFIG } from '../common/tokens';
import { encodeCursor } from '../common/values';
import { checkArgs } from '../graphql/args';
import { IdArgs } from '../graphql/id-args';
import { EventsArgs } from './catalog.args';
import { Device, Event, EventConnection, EventEdge, Product, User } from '../graphql/models';

@Resolver(() => Product)
@ParamTypes()
export class ProductResolver {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @Query(() => Product, { nullable: true })
  product(@Args({ type: () => IdArgs }) args: IdArgs, @Context() ctx: ApiContext): Promise<Product | null> {
    return ctx.loaders.product.load(checkArgs(IdArgs, args, this.config.limits).id);
  }
}

@Resolver(() => User)
@ParamTypes()
export class UserResolver {
  constructor(
    @Inject(CatalogRepository) private readonly catalog: CatalogRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => User, { nullable: true })
  user(@Args({ type: () => IdArgs }) args: IdArgs, @Context() ctx: ApiContext): Promise<User | null> {
    return ctx.loaders.user.load(checkArgs(IdArgs, args, this.config.limits).id);
  }

  @ResolveField(() => [Device])
  devices(@Parent() user: User, @Context() ctx: ApiContext): Promise<Device[]> {
    return ctx.loaders.devices.load(user.id);
  }

  /** Newest first; the cursor is the offset (a user's history is short, and only grows at the front). */
  @ResolveField(() => EventConnection)
  async events(@Parent() user: User, @Args({ type: () => EventsArgs }) args: EventsArgs): Promise<EventConnection> {
    const { first: size, after: skip } = checkArgs(EventsArgs, args, this.config.limits);
    const page = (await this.catalog.userEvents(user.id, skip, size)) ?? { total: 0, events: [] };
    const edges = page.events.map((node, i) => Object.assign(new EventEdge(), { cursor: encodeCursor(skip + i), node }));
    return Object.assign(new EventConnection(), {
      edges,
      pageInfo: { hasNextPage: skip + edges.length < page.total, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount: page.total,
    });
  }
}

@Resolver(() => Device)
@ParamTypes()
export class DeviceResolver {
  @ResolveField(() => Product)
  async product(@Parent() device: Device, @Context() ctx: ApiContext): Promise<Product> {
    const product = await ctx.loaders.product.load(device.productId);
    if (!product) throw new ApiError('NOT_FOUND', `product "${device.productId}" of device "${device.id}" no longer exists`);
    return product;
  }
}

@Resolver(() => Event)
@ParamTypes()
export class EventResolver {
  @ResolveField(() => Product, { nullable: true })
  product(@Parent() event: Event, @Context() ctx: ApiContext): Promise<Product | null> {
    return event.productId ? ctx.loaders.product.load(event.productId) : Promise.resolve(null);
  }
}
