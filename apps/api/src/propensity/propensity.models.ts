/** GraphQL types of the served propensities (docs/api.md, docs/decide.md). */
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class PropensityResult {
  @Field(() => ID) userId!: string;
  @Field(() => String) action!: string;
  /** Calibrated probability that the user takes the action within `windowDays` (isotonic on validation). */
  @Field(() => Float) probability!: number;
  /** The embeddings run whose propensity model answered. */
  @Field(() => String) runId!: string;
  /** Features are computed as of this time (the end of the data the model was trained on). */
  @Field(() => String) asOf!: string;
  @Field(() => Int) windowDays!: number;
  /** The user's segment in the current segments run (null: none). */
  @Field(() => String, { nullable: true }) segment!: string | null;
  /** The action's observed rate in the training window among the segment's users (the overall rate when the model does not know the segment). */
  @Field(() => Float) segmentBaseRate!: number;
  /** Users the base rate was measured on (0: the overall rate). */
  @Field(() => Int) segmentUsers!: number;
}

@ObjectType()
export class SegmentPropensity {
  @Field(() => String) action!: string;
  /** Mean calibrated propensity of the segment's users as of the model's time. */
  @Field(() => Float) mean!: number;
  /** Users the mean is over: the segment's users in a hash sample of at most 200,000 (train-propensity --average-users). */
  @Field(() => Int) users!: number;
  /** The embeddings run whose propensity model it comes from. */
  @Field(() => String) runId!: string;
}
