/** Arguments of the exploration queries, checked at the edge (graphql/args.ts); defaults and bounds written once, here. */
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { z } from 'zod';
import type { ApiLimits } from '../config/config';
import { pageSizeArg } from '../graphql/args';
import { NodeLabel, RelationshipType } from '../graphql/enums';

/** Deepest neighbourhood: two hops already reach most of a user's world (user → device → product). */
export const MAX_DEPTH = 2;
export const MAX_PATH_LENGTH = 6;
const DEFAULT_NEIGHBORHOOD_LIMIT = 100;
const DEFAULT_PATH_LENGTH = 4;
const DEFAULT_SEARCH_FIRST = 10;

const globalId = z.string().min(1).max(300);
const bounded = (name: string, max: number, fallback: number) =>
  z
    .number()
    .int(`${name} must be an integer from 1 to ${max}`)
    .min(1, `must be an integer from 1 to ${max}`)
    .max(max, `must be an integer from 1 to ${max}`)
    .nullish()
    .transform((v) => v ?? fallback);

@ArgsType()
export class NeighborhoodArgs {
  @Field(() => ID) nodeId!: string;
  @Field(() => Int, { nullable: true, defaultValue: 1 }) depth!: number;
  @Field(() => [RelationshipType], { nullable: true }) relationshipTypes?: RelationshipType[];
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_NEIGHBORHOOD_LIMIT }) limit!: number;

  static schema(limits: ApiLimits) {
    return z.object({
      nodeId: globalId,
      depth: bounded('depth', MAX_DEPTH, 1),
      relationshipTypes: z.array(z.enum(RelationshipType)).nullish().transform((t) => (t && t.length ? t : null)),
      limit: pageSizeArg(limits.maxSubgraphNodes, DEFAULT_NEIGHBORHOOD_LIMIT),
    });
  }
}

@ArgsType()
export class ShortestPathArgs {
  @Field(() => ID) fromId!: string;
  @Field(() => ID) toId!: string;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PATH_LENGTH }) maxLength!: number;

  static schema() {
    return z.object({ fromId: globalId, toId: globalId, maxLength: bounded('maxLength', MAX_PATH_LENGTH, DEFAULT_PATH_LENGTH) });
  }
}

@ArgsType()
export class SearchArgs {
  @Field(() => String) text!: string;
  @Field(() => [NodeLabel], { nullable: true }) labels?: NodeLabel[];
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_SEARCH_FIRST }) first!: number;

  static schema(limits: ApiLimits) {
    return z.object({
      text: z
        .string()
        .transform((t) => t.trim())
        .pipe(z.string().min(1, 'must be 1-200 characters').max(200, 'must be 1-200 characters')),
      labels: z.array(z.enum(NodeLabel)).nullish().transform((l) => (l && l.length ? l : [NodeLabel.Product, NodeLabel.User, NodeLabel.Device])),
      first: pageSizeArg(limits.maxPageSize, DEFAULT_SEARCH_FIRST),
    });
  }
}
