/** User.events arguments, checked at the edge (graphql/args.ts). */
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { z } from 'zod';
import { decodeCursor } from '../common/values';
import type { ApiLimits } from '../config/config';
import { pageSizeArg } from '../graphql/args';

const DEFAULT_EVENTS_FIRST = 20;
/** Far beyond any user's history; a cursor past it was not made by this API. */
const MAX_EVENT_OFFSET = 2 ** 31;

@ArgsType()
export class EventsArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_EVENTS_FIRST }) first!: number;
  @Field(() => String, { nullable: true }) after?: string;

  static schema(limits: ApiLimits) {
    return z.object({
      first: pageSizeArg(limits.maxPageSize, DEFAULT_EVENTS_FIRST),
      // The cursor is the offset of the last event seen; the page starts after it. Bounded: an
      // offset near 2^63 (a forged cursor) overflowed SKIP + LIMIT in Neo4j, an internal error.
      after: z
        .string()
        .nullish()
        .transform((cursor, ctx) => {
          if (!cursor) return 0;
          const offset = decodeCursor(cursor);
          if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset >= MAX_EVENT_OFFSET) {
            ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
            return z.NEVER;
          }
          return offset + 1;
        }),
    });
  }
}
