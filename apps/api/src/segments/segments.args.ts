/** Segment.members arguments, checked at the edge (graphql/args.ts). */
import { ArgsType, Field, Int } from '@nestjs/graphql';
import { z } from 'zod';
import { decodeCursor } from '../common/values';
import type { ApiLimits } from '../config/config';
import { pageSizeArg } from '../graphql/args';

const DEFAULT_MEMBERS_FIRST = 20;

/** The members' cursor: the last member's user id, the page starts after it ('' = from the start). Shared with segmentView. */
export const memberCursorArg = z
  .string()
  .nullish()
  .transform((cursor, ctx) => {
    if (!cursor) return '';
    const from = decodeCursor(cursor);
    if (typeof from !== 'string' || from.length > 128) {
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
      return z.NEVER;
    }
    return from;
  });

@ArgsType()
export class MembersArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_MEMBERS_FIRST }) first!: number;
  @Field(() => String, { nullable: true }) after?: string;

  static schema(limits: ApiLimits) {
    return z.object({
      first: pageSizeArg(limits.maxPageSize, DEFAULT_MEMBERS_FIRST),
      after: memberCursorArg,
    });
  }
}
