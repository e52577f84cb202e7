/** The one-id arguments shared by several queries, checked at the edge (graphql/args.ts). */
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { z } from 'zod';
import { externalIdArg } from './args';

@ArgsType()
export class IdArgs {
  @Field(() => ID) id!: string;

  static schema() {
    return z.object({ id: externalIdArg });
  }
}

@ArgsType()
export class UserIdArgs {
  @Field(() => ID) userId!: string;

  static schema() {
    return z.object({ userId: externalIdArg });
  }
}
