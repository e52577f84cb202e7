/** Tiny steps for the engine's tests (unit, and the Redis/Neo4j ones under test/): no I/O of their own. */
import { DEFAULT_RETRY, FlowDefinition, RetryPolicy, StepContext, StepDefinition, StepResult } from './types';

export function tinyStep(name: string, run: (ctx: StepContext) => Promise<StepResult> | StepResult, options: { inputs?: string[]; outputs?: string[]; retry?: Partial<RetryPolicy>; timeoutMs?: number } = {}): StepDefinition {
  return {
    name,
    description: `test step ${name}`,
    inputs: options.inputs ?? [],
    outputs: options.outputs ?? [],
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: { ...DEFAULT_RETRY, backoffMs: 10, maxBackoffMs: 100, ...options.retry },
    idempotence: 'pure: computes its outputs from its inputs',
    run: async (ctx) => run(ctx),
  };
}

export function tinyFlow(name: string, steps: StepDefinition[]): FlowDefinition {
  return { name, description: `test flow ${name}`, steps };
}
