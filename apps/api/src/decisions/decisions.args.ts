/** Arguments of nextBestProduct, checked at the edge (graphql/args.ts). */
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { z } from 'zod';
import { externalIdArg } from '../graphql/args';

@ArgsType()
export class NextBestProductArgs {
  @Field(() => ID) userId!: string;
  /** A configured slot id (GRAPHREC_SLOTS; default slots app-home, email, checkout). */
  @Field(() => String) slot!: string;

  static schema() {
    return z.object({ userId: externalIdArg, slot: externalIdArg });
  }
}

/** The decision-outcome fields of trackEvent's input, checked before anything is written. */
export const decisionOutcomeSchema = z.object({
  decisionId: externalIdArg,
  type: z.enum(['impression', 'click', 'purchase'], { message: 'with a decisionId, type must be impression, click or purchase' }),
});
