/**
 * Prometheus metrics on a registry of our own (not prom-client's global one), so several servers
 * in one process (tests) do not clash. Operation names come from clients: they are checked and
 * capped in number, so a client cannot blow up the label cardinality.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ServedAnswers } from '../recommendations/served-answers';
import type { ServedFields } from '../graphql/served-fields';

/** What /metrics needs of a flow run (FlowRunRecord of @graphrec/flows fits). */
export interface FlowRunSnapshot {
  status: string;
  startedAt: string;
  drift?: { checks: Record<string, { value: number | null; breached: boolean }> };
}

/** The first error code of a GraphQL request (absent = ok), set by the error formatter. */
export const requestOutcome = new WeakMap<object, string>();

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATIONS = 200;

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation'>;
  /** Cypher statements sent, by kind: how many round trips requests cost (DataLoader batching shows here). */
  readonly statements: Counter<'kind'>;
  /** The most statements one request had in flight at once (bounded by GRAPHREC_API_DB_CONCURRENCY). */
  readonly dbConcurrency: Histogram<never>;
  private readonly operations = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'graphrec_graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome (ok, or the first error code)',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'graphrec_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name',
      labelNames: ['operation'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.statements = new Counter({
      name: 'graphrec_neo4j_statements_total',
      help: 'Cypher statements (read, write, run) the API sent to Neo4j',
      labelNames: ['kind'],
      registers: [this.registry],
    });
    this.dbConcurrency = new Histogram({
      name: 'graphrec_request_db_concurrency',
      help: 'Most Cypher statements one request had in flight at once (requests that sent any)',
      buckets: [1, 2, 4, 8, 16, 32],
      registers: [this.registry],
    });
  }

  /** `name` comes from a document that passed validation with a valid key (graphql/admission-hooks.ts). */
  operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (!NAME.test(name)) return 'invalid';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATIONS) return 'other';
    this.operations.add(name);
    return name;
  }

  /** The answer cache's figures, read at scrape time (hits and misses as counters since start). */
  watchAnswers(answers: ServedAnswers): void {
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    };
    const stat = () => answers.cache.stats();
    gauge('graphrec_answer_cache_users', 'Users whose recommendation answers are held in this process', () => stat().users);
    gauge('graphrec_answer_cache_hits', 'Recommendation requests answered from the cache since start', () => stat().hits);
    gauge('graphrec_answer_cache_misses', 'Recommendation requests that read the database since start', () => stat().misses);
    gauge('graphrec_answer_cache_invalidations', 'Users whose answers were dropped because they changed, since start', () => stat().invalidations);
    gauge('graphrec_answer_cache_flushes', 'Times every answer was dropped (new run, product change, bulk load), since start', () => stat().flushes);
    gauge('graphrec_answer_cache_warming', '1 while the cache is being warmed after a new run', () => (answers.isWarming ? 1 : 0));
    gauge('graphrec_answer_cache_failed_polls', 'Consecutive failed change-feed polls (0 when the feed is current)', () => answers.failedPolls);
  }

  /** The serving queries' held JSON (graphql/served-fields.ts): how often a request was answered with it. */
  watchServedFields(served: ServedFields): void {
    const gauge = (name: string, help: string, read: () => number): void => {
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    };
    gauge('graphrec_answer_bodies_hits', 'Serving requests answered with the JSON held for their answer, since start', () => served.stats().hits);
    gauge('graphrec_answer_bodies_written', 'Serving requests whose JSON was written (a new answer or document), since start', () => served.stats().written);
    gauge('graphrec_answer_bodies_fallbacks', 'Plain serving requests executed the ordinary way (refused argument, failed read), since start', () => served.stats().fallbacks);
  }

  /**
   * The latest flow run's outcome and drift checks (docs/flows.md), read at scrape time through
   * `latest` (one small Neo4j read). A failed read leaves the gauges empty rather than failing the scrape.
   */
  watchFlows(latest: () => Promise<FlowRunSnapshot | undefined>): void {
    // prom-client collects every metric at once: the gauges share one read per scrape (1 s memo).
    let read: { at: number; snapshot: Promise<FlowRunSnapshot | undefined> } | undefined;
    const current = () => {
      if (!read || Date.now() - read.at > 1000) read = { at: Date.now(), snapshot: latest().catch(() => undefined) };
      return read.snapshot;
    };
    const registers = [this.registry];
    const flow = 'daily';
    new Gauge({
      name: 'graphrec_flow_last_run_complete',
      help: 'Latest run of the flow: 1 complete, 0 failed, -1 still running (absent: no run yet)',
      labelNames: ['flow'],
      registers,
      async collect() {
        this.reset();
        const s = await current();
        if (s) this.set({ flow }, s.status === 'complete' ? 1 : s.status === 'failed' ? 0 : -1);
      },
    });
    new Gauge({
      name: 'graphrec_flow_last_run_start_seconds',
      help: 'Start of the latest run of the flow, Unix seconds',
      labelNames: ['flow'],
      registers,
      async collect() {
        this.reset();
        const s = await current();
        if (s) this.set({ flow }, Date.parse(s.startedAt) / 1000);
      },
    });
    new Gauge({
      name: 'graphrec_flow_drift_breach',
      help: 'Drift checks of the latest checked flow run: 1 breached its threshold, 0 within it',
      labelNames: ['flow', 'check'],
      registers,
      async collect() {
        this.reset();
        for (const [check, c] of Object.entries((await current())?.drift?.checks ?? {})) this.set({ flow, check }, c.breached ? 1 : 0);
      },
    });
    new Gauge({
      name: 'graphrec_flow_drift_value',
      help: 'Drift check values of the latest checked flow run (coverage, churn, embeddingDrift; absent without a previous run)',
      labelNames: ['flow', 'check'],
      registers,
      async collect() {
        this.reset();
        for (const [check, c] of Object.entries((await current())?.drift?.checks ?? {})) if (c.value !== null) this.set({ flow, check }, c.value);
      },
    });
  }

  /** Where rate limits are kept, and how often Redis did not answer and the process decided alone. */
  watchRateLimits(shared: boolean, fallbacks: () => number): void {
    new Gauge({ name: 'graphrec_rate_limit_shared', help: '1 when rate limits are shared through Redis (GRAPHREC_REDIS_URL), 0 when per process', registers: [this.registry] }).set(shared ? 1 : 0);
    new Gauge({
      name: 'graphrec_rate_limit_fallbacks',
      help: 'Requests whose rate limit this process decided alone because Redis did not answer, since start',
      registers: [this.registry],
      collect() {
        this.set(fallbacks());
      },
    });
  }

  record(operation: string | undefined, seconds: number, outcome: string): void {
    const label = this.operationLabel(operation);
    this.requests.inc({ operation: label, outcome });
    this.duration.observe({ operation: label }, seconds);
  }
}
