/** Products, users and what hangs off them, each through the per-request loaders. */
import { ParamTypes } from '../graphql/param-types';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiConfig } from '../config/config';
import { CatalogRepository } from '../catalog/catalog.repository';
import { ApiContext } from '../graphql/context';
import { ApiError } from '../common/errors';
import { externalId, pageSize } from '../common/pagination';
import { API_CONFIG } from '../common/tokens';
import { decodeCursor, encodeCursor } from '../common/values';
import { Device, Event, EventConnection, EventEdge, Product, User } from '../graphql/models';

/** Far beyond any user's history; a cursor past it was not made by this API. */
const MAX_EVENT_OFFSET = 2 ** 31;

@Resolver(() => Product)
@ParamTypes()
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  product(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<Product | null> {
    return ctx.loaders.product.load(externalId('id', id));
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
  user(@Args('id', { type: () => ID }) id: string, @Context() ctx: ApiContext): Promise<User | null> {
    return ctx.loaders.user.load(externalId('id', id));
  }

  @ResolveField(() => [Device])
  devices(@Parent() user: User, @Context() ctx: ApiContext): Promise<Device[]> {
    return ctx.loaders.devices.load(user.id);
  }

  /** Newest first; the cursor is the offset (a user's history is short, and only grows at the front). */
  @ResolveField(() => EventConnection)
  async events(
    @Parent() user: User,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<EventConnection> {
    const size = pageSize('first', first, 20, this.config.limits.maxPageSize);
    let skip = 0;
    if (after) {
      const decoded = decodeCursor(after);
      // Bounded: an offset near 2^63 (a forged cursor) overflowed SKIP + LIMIT in Neo4j and surfaced as an internal error.
      if (typeof decoded !== 'number' || !Number.isInteger(decoded) || decoded < 0 || decoded >= MAX_EVENT_OFFSET) {
        throw new ApiError('BAD_USER_INPUT', 'after is not a cursor this API returned', { argument: 'after' });
      }
      skip = decoded + 1;
    }
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
