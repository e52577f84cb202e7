/** `runs`: the daily flow's history, newest first (analyst role; auth/permissions.ts). */
import { FlowRunRecord, Neo4jFlowStore } from '@graphrec/flows';
import { GraphDb } from '@graphrec/neo4j';
import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { API_CONFIG, GRAPH_DB } from '../common/tokens';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { ParamTypes } from '../graphql/param-types';
import { RunsArgs } from './runs.args';
import { FlowRun } from './runs.models';

export function toFlowRun(r: FlowRunRecord): FlowRun {
  return {
    id: r.id,
    flow: r.flow,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    scheduledFor: r.scheduledFor,
    resumes: r.resumes,
    error: r.error,
    drift: Object.entries(r.drift?.checks ?? {}).map(([name, c]) => ({ name, value: c.value, threshold: c.threshold, breached: c.breached })),
    driftBreached: r.drift?.breached ?? [],
    steps: r.steps.map((s) => ({
      step: s.step,
      status: s.status,
      attempts: s.attempts,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      seconds: s.seconds,
      metrics: Object.entries(s.metrics ?? {}).map(([name, value]) => ({ name, value })),
      outputs: s.outputs ?? {},
      error: s.error,
      skipped: s.skipped,
    })),
  };
}

@Resolver(() => FlowRun)
@ParamTypes()
export class RunsResolver {
  constructor(
    @Inject(GRAPH_DB) private readonly db: GraphDb,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Query(() => [FlowRun], { description: 'Runs of the daily flow, newest first, with step timings, tries, metrics and drift checks.' })
  async runs(@Args({ type: () => RunsArgs }) args: RunsArgs): Promise<FlowRun[]> {
    const { first } = checkArgs(RunsArgs, args, this.config.limits);
    return (await new Neo4jFlowStore(this.db).listRuns({ flow: 'daily', limit: first })).map(toFlowRun);
  }
}
