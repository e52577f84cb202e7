/** Flow runs for analysts (the explorer's Runs page): the history `graphrec runs` prints, as GraphQL. */
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar';

@ObjectType({ description: 'A figure a step measured (validation, segments, modularity, usersMoved, coverage, churn, embeddingDrift…).' })
export class FlowMetric {
  @Field(() => String) name!: string;
  @Field(() => Float) value!: number;
}

@ObjectType()
export class FlowStep {
  @Field(() => String) step!: string;
  @Field(() => String, { description: 'pending, running, complete, failed or skipped' }) status!: string;
  @Field(() => Int, { description: 'Tries so far (retries and takeovers from killed workers count)' }) attempts!: number;
  @Field(() => String, { nullable: true }) startedAt?: string;
  @Field(() => String, { nullable: true }) finishedAt?: string;
  @Field(() => Float, { nullable: true }) seconds?: number;
  @Field(() => [FlowMetric]) metrics!: FlowMetric[];
  @Field(() => JSONScalar, { description: 'Run ids, files and counts handed to later steps' }) outputs!: Record<string, unknown>;
  @Field(() => String, { nullable: true }) error?: string;
  @Field(() => String, { nullable: true }) skipped?: string;
}

@ObjectType()
export class DriftCheck {
  @Field(() => String) name!: string;
  @Field(() => Float, { nullable: true, description: 'null without a previous run to compare with' }) value?: number | null;
  @Field(() => Float) threshold!: number;
  @Field(() => Boolean) breached!: boolean;
}

@ObjectType()
export class FlowRun {
  @Field(() => ID) id!: string;
  @Field(() => String) flow!: string;
  @Field(() => String, { description: 'running, complete or failed' }) status!: string;
  @Field(() => String) startedAt!: string;
  @Field(() => String, { nullable: true }) finishedAt?: string;
  @Field(() => String, { nullable: true, description: 'The cron slot of a scheduled run' }) scheduledFor?: string;
  @Field(() => Int) resumes!: number;
  @Field(() => String, { nullable: true }) error?: string;
  @Field(() => [DriftCheck]) drift!: DriftCheck[];
  @Field(() => [String], { description: 'Names of the drift checks that breached their thresholds' }) driftBreached!: string[];
  @Field(() => [FlowStep]) steps!: FlowStep[];
}
