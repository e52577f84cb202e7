import { ArgsType, Field, Int } from '@nestjs/graphql';
import { z } from 'zod';
import type { ApiLimits } from '../config/config';
import { pageSizeArg } from '../graphql/args';

/** A month of daily runs: enough for the trend charts. */
const DEFAULT_RUNS = 30;

@ArgsType()
export class RunsArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_RUNS, description: 'Newest runs to return' }) first!: number;

  static schema(limits: ApiLimits) {
    return z.object({ first: pageSizeArg(limits.maxPageSize, DEFAULT_RUNS) });
  }
}
