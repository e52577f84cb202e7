/**
 * Background work that a request happens to start (the decision writer's first flush, a context
 * re-read) must not run in that request's async context: it would inherit the request's
 * AsyncLocalStorage stores — in the API its statement counter and its per-request database bound
 * (apps/api/src/common/request-scope.ts) — and be counted and bounded as that request's work
 * long after it was answered.
 *
 * A runner runs tasks in the async context where it was made: make it when its owner is built
 * (at start-up, outside any request), call it where a request may start background work.
 */
import { AsyncResource } from 'node:async_hooks';

export type BackgroundRunner = <T>(task: () => T) => T;

export function backgroundRunner(name: string): BackgroundRunner {
  const resource = new AsyncResource(name, { requireManualDestroy: true });
  return (task) => resource.runInAsyncScope(task);
}
