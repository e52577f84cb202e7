/**
 * Neo4j availability as the API sees it. Without it a request during an outage would wait for the
 * driver: a write transaction retries for up to its retry time, and acquiring a connection waits
 * up to 30 s (GraphDb's settings). Instead a probe notices the outage within about a second and
 * every guarded call then fails at once with SERVICE_UNAVAILABLE (calls already waiting are
 * released too). The probe keeps running, so the API recovers by itself when the database is
 * back, without a restart.
 *
 * While the database is up the probe uses a driver of its own (one connection): on the serving
 * pool it queued behind busy requests, timed out and reported a busy database as down, which
 * turned one heavy client into SERVICE_UNAVAILABLE for everyone. (While down it probes through the
 * serving pool, idle then, so that "up again" covers the connections requests will use.) For the
 * same reason a request that times out waiting for a pooled connection fails alone and does not
 * mark the database down.
 */
import type { Counter } from 'prom-client';
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j, { Driver } from 'neo4j-driver';
import { ApiError, isPoolBusy, isUnavailable } from './errors';
import { requestScope, withinRequestBound } from './request-scope';

export interface AvailabilityOptions {
  /** Probe interval while the database is up (ms). */
  intervalMs?: number;
  /** Probe interval while it is down (ms). */
  downIntervalMs?: number;
  /** A probe slower than this counts as down (ms). */
  probeTimeoutMs?: number;
}

export class Availability {
  private up = true;
  private timer: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<(error: ApiError) => void>();
  private probing = false;
  private stopped = false;
  private readonly probeDriver: Driver;

  constructor(
    private readonly db: GraphDb,
    private readonly options: AvailabilityOptions = {},
  ) {
    const { uri, user, password } = db.config;
    this.probeDriver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
      maxConnectionPoolSize: 1,
      connectionAcquisitionTimeout: options.probeTimeoutMs ?? 2000,
      connectionTimeout: options.probeTimeoutMs ?? 2000,
      disableLosslessIntegers: true,
      logging: { level: 'error', logger: () => undefined },
    });
  }

  get isUp(): boolean {
    return this.up;
  }

  start(): void {
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.probeDriver.close();
  }

  /** Runs database work, failing fast while the database is known to be down. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (!this.up) throw unavailable();
    let release: ((error: ApiError) => void) | undefined;
    const cut = new Promise<never>((_, reject) => {
      release = reject;
      this.waiters.add(reject);
    });
    try {
      return await Promise.race([work(), cut]);
    } catch (error) {
      if (isPoolBusy(error)) throw new ApiError('SERVICE_UNAVAILABLE', 'the API is busy: no database connection came free in time; retry shortly');
      if (isUnavailable(error)) {
        this.markDown();
        throw unavailable();
      }
      throw error;
    } finally {
      if (release) this.waiters.delete(release);
    }
  }

  /** Answers from the last probe, or probes now (for /health). */
  async check(): Promise<boolean> {
    await this.probe();
    return this.up;
  }

  private markDown(): void {
    if (!this.up) return;
    this.up = false;
    const error = unavailable();
    for (const reject of this.waiters) reject(error);
    this.waiters.clear();
    this.schedule();
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    let timeout: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.ping(),
        new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error('probe timed out')), this.options.probeTimeoutMs ?? 2000))),
      ]);
      this.up = true;
    } catch {
      this.markDown();
    } finally {
      if (timeout) clearTimeout(timeout);
      this.probing = false;
    }
  }

  /**
   * A real query, not just a handshake: a server that accepts connections may still be starting
   * or stopping its database. Auto-commit, so the driver does not retry it.
   */
  private async ping(): Promise<void> {
    // While up: the probe's own connection, so a busy serving pool is not taken for an outage.
    // While down: the serving pool itself (idle then: every request is refused), so "up" again
    // also means the connections requests will use are good, not just that the server answers.
    const driver = this.up ? this.probeDriver : this.db.driver;
    const session = driver.session({ database: this.db.config.database, defaultAccessMode: neo4j.session.READ });
    try {
      await session.run(cypher('api/ping'));
    } finally {
      await session.close();
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const ms = this.up ? (this.options.intervalMs ?? 1000) : (this.options.downIntervalMs ?? 500);
    this.timer = setTimeout(() => void this.probe().finally(() => this.schedule()), ms);
    this.timer.unref();
  }
}

const unavailable = () => new ApiError('SERVICE_UNAVAILABLE', 'the graph database is unavailable; retry shortly');

/**
 * The same database with read/write/run going through `availability` and the current request's
 * concurrency bound (request-scope.ts): passed to the libraries' functions, which then fail fast
 * during an outage and queue behind their request's other statements without knowing about
 * either. Each statement a request makes is counted (`graphrec_neo4j_statements_total`), which is
 * also how the e2e tests see batching and that refused requests cost nothing. Statements outside
 * any request (change-feed polls, warm-ups, slot refreshes, the decision writer's batches) are
 * background work: neither counted nor bounded, only guarded — so one handle serves both, and
 * background code that a request starts must leave its scope (libs/serving/src/background.ts).
 */
export function guardedDb(db: GraphDb, availability: Availability, statements?: Counter<'kind'>): GraphDb {
  // Object.create keeps driver/config (and anything a subclass adds) reachable through the prototype.
  const guarded = Object.create(db) as GraphDb;
  const count = (kind: 'read' | 'write' | 'run'): void => {
    if (requestScope.getStore()) statements?.inc({ kind });
  };
  guarded.read = (query, params) => (count('read'), withinRequestBound(() => availability.run(() => db.read(query, params))));
  guarded.write = (work) => (count('write'), withinRequestBound(() => availability.run(() => db.write(work))));
  guarded.run = (query, params) => (count('run'), withinRequestBound(() => availability.run(() => db.run(query, params))));
  return guarded;
}
