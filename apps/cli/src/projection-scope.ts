/**
 * One projection per flow run, shared by its steps in this process. The daily flow's embeddings,
 * segments, ranker and sequence steps each used to project the whole graph from Neo4j; at 1M users
 * (20M events) one projection is minutes of Bolt reads and Node CPU, so four of them were a large
 * share of the 30-minute budget (docs/operations.md). Inside `withSharedProjection(key, …)` the first
 * `projectWithProgress` projects with the event log kept (what every step can use) and later calls
 * with the same key get that graph back. Nothing changes outside a scope: commands run on their own
 * project afresh.
 *
 * Why this is safe: no step mutates the projected graph (steps derive new arrays from it), and the
 * steps after embeddings write only what the projection does not read (vectors, segments, model
 * records). A run resumed in another process (or steps on other BullMQ workers) simply projects
 * again there. Calls with their own encoders, weights or feature specs are never shared.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { HeteroGraph, Neo4jProjectionOptions } from '@graphrec/projection';

const scope = new AsyncLocalStorage<string>();
/** The held projection: one at a time per process (a new key drops the old one). */
let held: { key: string; graph: Promise<HeteroGraph> } | undefined;

/** Runs `fn` with projections shared under `key` (the flow run id). */
export function withSharedProjection<T>(key: string, fn: () => Promise<T>): Promise<T> {
  return scope.run(key, fn);
}

/** Drops the held projection (the flow's last step, so a worker does not keep gigabytes between runs). */
export function releaseSharedProjection(key?: string): void {
  if (!held || (key !== undefined && held.key !== key)) return;
  held = undefined;
}

/** Whether a projection with these options may be shared: only the plain projection, events kept or not. */
export function shareable(options: Neo4jProjectionOptions): boolean {
  return options.encoders === undefined && options.weights === undefined && options.featureSpecs === undefined;
}

/**
 * The shared projection in the current scope, made by `project` (asked to keep events) on first
 * use; `undefined` outside a scope or for options that cannot be shared (the caller projects).
 */
export function sharedProjection(options: Neo4jProjectionOptions, project: (options: Neo4jProjectionOptions) => Promise<HeteroGraph>): Promise<HeteroGraph> | undefined {
  const key = scope.getStore();
  if (key === undefined || !shareable(options)) return undefined;
  if (held?.key === key) return held.graph;
  const graph = project({ ...options, keepEvents: true });
  held = { key, graph };
  // A failed projection is not kept: the step's retry projects again.
  graph.catch(() => {
    if (held?.graph === graph) held = undefined;
  });
  return graph;
}
