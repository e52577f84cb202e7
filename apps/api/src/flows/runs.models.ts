/** Flow runs for analysts (the explorer's Runs page): the history `graphrec runs` prints, as GraphQL. */
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar';

@ObjectType({ description: 'A figure a step measured (validation, segments, modularity, usersMoved, coverage, churn, embeddingDrift…).' })
export class FlowMetric {
  @Field() name!: string;
  @Field(() => Float) value!: number;
}

@ObjectType()
export class FlowStep {
  @Field() step!: string;
  @Field({ description: 'pending, running, complete, failed or skipped' }) status!: string;
  @Field(() => Int, { description: 'Tries so far (retries and takeovers from killed workers count)' }) attempts!: number;
  @Field({ nullable: true }) startedAt?: string;
  @Field({ nullable: true }) finishedAt?: string;
  @Field(() => Float, { nullable: true }) seconds?: number;
  @Field(() => [FlowMetric]) metrics!: FlowMetric[];
  @Field(() => JSONScalar, { description: 'Run ids, files and counts handed to later steps' }) outputs!: Record<string, unknown>;
  @Field({ nullable: true }) error?: string;
  @Field({ nullable: true }) skipped?: string;
}

@ObjectType()
export class DriftCheck {
  @Field() name!: string;
  @Field(() => Float, { nullable: true, description: 'null without a previous run to compare with' }) value?: number | null;
  @Field(() => Float) threshold!: number;
  @Field() breached!: boolean;
}

@ObjectType()
export class FlowRun {
  @Field(() => ID) id!: string;
  @Field() flow!: string;
  @Field({ description: 'running, complete or failed' }) status!: string;
  @Field() startedAt!: string;
  @Field({ nullable: true }) finishedAt?: string;
  @Field({ nullable: true, description: 'The cron slot of a scheduled run' }) scheduledFor?: string;
  @Field(() => Int) resumes!: number;
  @Field({ nullable: true }) error?: string;
  @Field(() => [DriftCheck]) drift!: DriftCheck[];
  @Field(() => [String], { description: 'Names of the drift checks that breached their thresholds' }) driftBreached!: string[];
  @Field(() => [FlowStep]) steps!: FlowStep[];
}
