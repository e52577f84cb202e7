/**
 * The served slots in this API process (libs/serving/src/decisions): nextBestProduct's decisions
 * and trackEvent's outcomes that name them. Refusals (unknown slot, unknown or foreign decision,
 * an outcome timed before its decision) are BAD_USER_INPUT; nothing is written for them.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createRng, parseTimestamp } from '@graphrec/graph-model';
import { GraphDb } from '@graphrec/neo4j';
import { DecisionError, RedisPosteriorStore, ServedDecisions } from '@graphrec/serving';
import { randomBytes } from 'node:crypto';
import { ApiError } from '../common/errors';
import { ANSWERS, API_CONFIG, GRAPH_DB } from '../common/tokens';
import { ServedAnswers } from '../recommendations/served-answers';
import { ApiConfig } from '../config/config';
import { checkArgs } from '../graphql/args';
import { Product, TrackEventInput, TrackEventResult } from '../graphql/models';
import { decisionOutcomeSchema } from './decisions.args';
import { NextBestProductResult } from './decisions.models';

const DAY_MS = 86_400_000;
/** Start retries of the slots' first read when the database was not there yet (ms). */
const RETRY_MS = 5_000;

function refused(error: unknown): never {
  if (error instanceof DecisionError) throw new ApiError('BAD_USER_INPUT', error.message, { argument: error.code === 'UNKNOWN_SLOT' ? 'slot' : 'input', reason: error.code });
  throw error;
}

@Injectable()
export class DecisionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly served: ServedDecisions;
  private ready = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(GRAPH_DB) db: GraphDb,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(ANSWERS) answers: ServedAnswers,
  ) {
    const { slots, refreshMs, attributionWindowDays, userCacheUsers, writeMode, maxPendingDecisions, decisionLingerMs } = config.decide;
    const log = new Logger('decisions');
    // Each process draws its own decisions: a fresh seed per process (the propensity recorded is what matters).
    const rng = createRng(randomBytes(4).readUInt32LE(0));
    this.served = new ServedDecisions(db, { slots, refreshMs, attributionWindowMs: attributionWindowDays * DAY_MS, rng, userCache: { maxUsers: userCacheUsers },
      write: { mode: writeMode, maxPending: maxPendingDecisions, lingerMs: decisionLingerMs },
      // With GRAPHREC_REDIS_URL the slots' counters live in Redis (docs/decide.md "Posterior store"); else in Neo4j.
      posteriors: config.sharedLimits ? new RedisPosteriorStore(config.sharedLimits.redisUrl, db) : undefined,
      onError: (error) => log.warn(`slot counters refresh failed (the last ones keep serving): ${error instanceof Error ? error.message : String(error)}`),
      onLostDecisions: (error, count) => log.error(`${count} served decision(s) could not be stored: ${error instanceof Error ? error.message : String(error)}`),
    });
    // Other processes' and file ingest's writes reach the held user contexts through the answer cache's change feed.
    answers.follow({ invalidate: (userId) => this.served.invalidate(userId), flush: () => this.served.flushUsers() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    await this.served.stop();
  }

  /** Creates the slots' arms and reads their counters; retried in the background while the database is away. */
  private async start(): Promise<void> {
    try {
      await this.served.start();
      this.ready = true;
    } catch {
      this.retry = setTimeout(() => void this.start(), RETRY_MS);
      this.retry.unref();
    }
  }

  /** trackEvent in this process: the user's owned products may have changed. */
  invalidate(userId: string): void {
    this.served.invalidate(userId);
  }

  async nextBestProduct(userId: string, slot: string): Promise<NextBestProductResult | null> {
    if (!this.ready) {
      if (!this.config.decide.slots.some((s) => s.id === slot)) refused(new DecisionError('UNKNOWN_SLOT', `unknown slot "${slot}"`));
      throw new ApiError('SERVICE_UNAVAILABLE', 'the decision slots are not loaded yet; retry shortly');
    }
    const served = await this.served.decide(slot, userId).catch(refused);
    if (!served) return null;
    const { decision, product } = served;
    return Object.assign(new NextBestProductResult(), {
      decisionId: decision.id,
      slot: decision.slot,
      product: Object.assign(new Product(), { id: product.productId, name: product.name, category: product.category, price: product.price, compatibleWith: product.compatibleWith }),
      propensity: decision.propensity,
      policy: decision.policy,
      policyVersion: decision.policyVersion,
    });
  }

  /**
   * trackEvent with a decisionId: the decision is checked first (refused: nothing written); an
   * impression or click is recorded on the decision only (they are not graph events), a purchase is
   * ingested as any event (through `ingest`) and then attributed when inside the window.
   */
  async track(input: TrackEventInput, ingest: (input: TrackEventInput) => Promise<TrackEventResult>): Promise<TrackEventResult> {
    const { decisionId, type } = checkArgs({ schema: () => decisionOutcomeSchema }, { decisionId: input.decisionId, type: input.type }, this.config.limits);
    const at = parseTimestamp(input.timestamp);
    if (at === undefined) throw new ApiError('BAD_USER_INPUT', `input.timestamp: unparseable timestamp`, { argument: 'input' });
    this.served.invalidate(input.userId);
    const checked = await this.served.check(decisionId, input.userId, input.productId, at).catch(refused);
    if (type === 'purchase') {
      const result = await ingest(input);
      const counted = await this.served.record(checked, 'purchase', at, input.value ?? 0);
      return Object.assign(result, { counted });
    }
    const counted = await this.served.record(checked, type, at, 0);
    return Object.assign(new TrackEventResult(), { id: input.id, created: counted, counted });
  }
}
