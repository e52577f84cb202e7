/** Arguments of propensity, checked at the edge (graphql/args.ts); the action against the configured list in the service. */
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { z } from 'zod';
import { externalIdArg } from '../graphql/args';

@ArgsType()
export class PropensityArgs {
  @Field(() => ID) userId!: string;
  /** A configured high-value action (libs/decide/src/propensity/actions.ts): alarm-kit, protection-plan, outdoor-camera. */
  @Field(() => String) action!: string;

  static schema() {
    return z.object({ userId: externalIdArg, action: externalIdArg });
  }
}
