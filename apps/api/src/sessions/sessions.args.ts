/** nextInSession's arguments, checked at the edge (graphql/args.ts); k bounded as recommendations' k. */
import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { z } from 'zod';
import type { ApiLimits } from '../config/config';
import { externalIdArg, pageSizeArg } from '../graphql/args';
import { DEFAULT_K } from '../recommendations/recommendations.args';

@ArgsType()
export class NextInSessionArgs {
  @Field(() => ID) userId!: string;
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_K }) k!: number;

  static schema(limits: ApiLimits) {
    return z.object({ userId: externalIdArg, k: pageSizeArg(limits.maxPageSize, DEFAULT_K) });
  }
}
