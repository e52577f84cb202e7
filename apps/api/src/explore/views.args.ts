/** Arguments of the aggregated views, checked at the edge (graphql/args.ts); defaults written once, here. */
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { z } from 'zod';
import type { ApiLimits } from '../config/config';
import { externalIdArg, pageSizeArg } from '../graphql/args';
import { memberCursorArg } from '../segments/segments.args';

/** A user engages with a handful of products and owns a few devices: 50 shows all of nearly anyone's. */
const DEFAULT_USER_FIRST = 50;
/** Related products and owners' segments: the strongest 20 of each are what a screen can show. */
const DEFAULT_PRODUCT_FIRST = 20;
const DEFAULT_SEGMENT_FIRST = 50;
/** The catalogue is small (tens of products): the map shows all of it by default, up to the page ceiling. */
const DEFAULT_MAP_FIRST = 100;
/**
 * Users on the user map: enough for segments to show as clouds. Like any `first`, it multiplies the
 * fields under it in the query cost: the explorer's full selection (11 fields) at 400 costs 4,400 of
 * the default 5,000; the ceiling is for clients that select less (x, y, segmentId: 1,000 × 5).
 */
const DEFAULT_USER_MAP_FIRST = 400;
export const MAX_USER_MAP_FIRST = 1000;

@ArgsType()
export class UserViewArgs {
  @Field(() => ID) userId!: string;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_USER_FIRST }) first!: number;

  static schema(limits: ApiLimits) {
    return z.object({ userId: externalIdArg, first: pageSizeArg(limits.maxPageSize, DEFAULT_USER_FIRST) });
  }
}

@ArgsType()
export class ProductViewArgs {
  @Field(() => ID) productId!: string;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PRODUCT_FIRST }) first!: number;

  static schema(limits: ApiLimits) {
    return z.object({ productId: externalIdArg, first: pageSizeArg(limits.maxPageSize, DEFAULT_PRODUCT_FIRST) });
  }
}

@ArgsType()
export class SegmentViewArgs {
  @Field(() => ID) segmentId!: string;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_SEGMENT_FIRST }) first!: number;
  @Field(() => String, { nullable: true }) after?: string;

  static schema(limits: ApiLimits) {
    return z.object({ segmentId: externalIdArg, first: pageSizeArg(limits.maxPageSize, DEFAULT_SEGMENT_FIRST), after: memberCursorArg });
  }
}

@ArgsType()
export class ProductMapArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_MAP_FIRST }) first!: number;

  static schema(limits: ApiLimits) {
    return z.object({ first: pageSizeArg(limits.maxPageSize, DEFAULT_MAP_FIRST) });
  }
}

@ArgsType()
export class UserMapArgs {
  /** Users to sample (about this many: each user is drawn with probability first / users). Counts in the query cost like any `first`. */
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_USER_MAP_FIRST }) first!: number;

  static schema() {
    return z.object({ first: pageSizeArg(MAX_USER_MAP_FIRST, DEFAULT_USER_MAP_FIRST) });
  }
}
