/**
 * Slot posteriors in Redis (GRAPHREC_REDIS_URL; docs/decide.md "Posterior store"): one hash per
 * slot (`graphrec:posterior:<slot>`, fields `s:`/`c:`/`p:`/`v:` + product id: shows, clicks,
 * purchases, value) and one small hash per decision that has had an outcome
 * (`graphrec:outcome:<decision id>`, fields `i`/`c`/`p`: when its first impression, click and
 * attributed purchase were recorded). One Lua script marks the decision's outcome and increments
 * the slot's counters together, so a duplicate delivery counts once and concurrent outcomes from
 * any number of API processes add up exactly (Redis runs a script alone).
 *
 * The decision log stays in Neo4j: after the script, the outcome is stamped on the decision node
 * (idempotent, cypher/decide/decision-stamp.cypher) for `export decisions`. A failed stamp is
 * retried by delivering the outcome again: the script then counts nothing and the stamp is
 * written. The per-decision hash expires `outcomeTtlMs` after its last outcome; after that the
 * stamps already on the decision node (passed in from the outcome's check) keep a late repeat
 * from counting again.
 *
 * Restart-safe: an API restart reads the same hashes. Redis itself keeps them across its own
 * restart as configured; scripts/redis.mjs runs it with `appendonly yes`, `appendfsync everysec`
 * (at most about a second of increments lost on a crash of Redis itself).
 *
 * The first time a slot is read with no hash in Redis, its hash is seeded with the counters the
 * graph holds (switching a running deployment from Neo4j to Redis keeps what was learned).
 */
import { cypher, GraphDb } from '@graphrec/neo4j';
import neo4j from 'neo4j-driver';
import type Redis from 'ioredis';
import { servingRedis } from '../redis-client';
import { readSlotArms } from './decision-store';
import type { DecisionOutcomeRef, PosteriorStore } from './posterior-store';
import type { OutcomeKind, SlotArm, SlotDefinition } from './types';

export const REDIS_POSTERIOR_PREFIX = 'graphrec:posterior:';
export const REDIS_OUTCOME_PREFIX = 'graphrec:outcome:';
/** How long a decision's outcome marks outlive its last outcome in Redis: beyond any attribution window a slot uses. */
export const DEFAULT_OUTCOME_TTL_MS = 60 * 86_400_000;

// KEYS: decision hash, slot hash. ARGV: kind, at, value, attributable (1/0), product id, ttl ms,
// and the stamps the decision node already has (1/0: impressed, clicked, purchased).
const OUTCOME_SCRIPT = `
local kind = ARGV[1]
local shown, clicked, bought = 0, 0, 0
if (kind == 'impression' or kind == 'click') and redis.call('HSETNX', KEYS[1], 'i', ARGV[2]) == 1 and ARGV[7] == '0' then shown = 1 end
if kind == 'click' and redis.call('HSETNX', KEYS[1], 'c', ARGV[2]) == 1 and ARGV[8] == '0' then clicked = 1 end
if kind == 'purchase' and ARGV[4] == '1' and redis.call('HSETNX', KEYS[1], 'p', ARGV[2]) == 1 and ARGV[9] == '0' then bought = 1 end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if shown + clicked + bought == 0 then return 0 end
local p = ARGV[5]
if shown == 1 then redis.call('HINCRBY', KEYS[2], 's:' .. p, 1) end
if clicked == 1 then redis.call('HINCRBY', KEYS[2], 'c:' .. p, 1) end
if bought == 1 then
  redis.call('HINCRBY', KEYS[2], 'p:' .. p, 1)
  redis.call('HINCRBYFLOAT', KEYS[2], 'v:' .. p, ARGV[3])
end
return 1
`;

// KEYS: slot hash. ARGV: product id, shows, clicks, … (the graph's counters). Adds them once per slot.
const SEED_SCRIPT = `
if redis.call('HSETNX', KEYS[1], '_seeded', '1') == 0 then return 0 end
for i = 1, #ARGV, 3 do
  if tonumber(ARGV[i + 1]) > 0 then redis.call('HINCRBY', KEYS[1], 's:' .. ARGV[i], ARGV[i + 1]) end
  if tonumber(ARGV[i + 2]) > 0 then redis.call('HINCRBY', KEYS[1], 'c:' .. ARGV[i], ARGV[i + 2]) end
end
return 1
`;

interface PosteriorCommands {
  graphrecOutcome(decisionKey: string, slotKey: string, ...args: (string | number)[]): Promise<number>;
  graphrecSeed(slotKey: string, ...args: (string | number)[]): Promise<number>;
}

/** Counters of one slot's hash by product (missing fields are 0). */
export function parseSlotHash(hash: Record<string, string>): Map<string, { shows: number; clicks: number; purchases: number; value: number }> {
  const out = new Map<string, { shows: number; clicks: number; purchases: number; value: number }>();
  for (const [field, raw] of Object.entries(hash)) {
    const colon = field.indexOf(':');
    if (colon !== 1) continue;
    const kind = field[0];
    const product = field.slice(2);
    const entry = out.get(product) ?? { shows: 0, clicks: 0, purchases: 0, value: 0 };
    const n = Number(raw);
    if (!Number.isFinite(n)) continue;
    if (kind === 's') entry.shows = n;
    else if (kind === 'c') entry.clicks = n;
    else if (kind === 'p') entry.purchases = n;
    else if (kind === 'v') entry.value = n;
    else continue;
    out.set(product, entry);
  }
  return out;
}

export interface RedisPosteriorOptions {
  /** How long a command waits for Redis (ms). */
  timeoutMs?: number;
  outcomeTtlMs?: number;
}

export class RedisPosteriorStore implements PosteriorStore {
  readonly name = 'redis';
  private readonly redis: Redis & PosteriorCommands;
  private readonly outcomeTtlMs: number;
  /** Slots whose hash this process has seeded (or found seeded). */
  private readonly seeded = new Set<string>();

  constructor(
    url: string,
    private readonly db: GraphDb,
    options: RedisPosteriorOptions = {},
  ) {
    this.outcomeTtlMs = options.outcomeTtlMs ?? DEFAULT_OUTCOME_TTL_MS;
    this.redis = servingRedis<PosteriorCommands>(url, { graphrecOutcome: { keys: 2, lua: OUTCOME_SCRIPT }, graphrecSeed: { keys: 1, lua: SEED_SCRIPT } }, options.timeoutMs);
  }

  async readArms(slots: readonly SlotDefinition[]): Promise<Map<string, SlotArm[]>> {
    // The products (names, prices, which are eligible) are the graph's; the counters are Redis's.
    const arms = await readSlotArms(this.db, slots);
    for (const [slot, list] of arms) {
      if (this.seeded.has(slot)) continue;
      await this.redis.graphrecSeed(REDIS_POSTERIOR_PREFIX + slot, ...list.flatMap((a) => [a.productId, a.shows, a.clicks]));
      this.seeded.add(slot);
    }
    const pipeline = this.redis.pipeline();
    const ids = [...arms.keys()];
    for (const slot of ids) pipeline.hgetall(REDIS_POSTERIOR_PREFIX + slot);
    const results = (await pipeline.exec()) ?? [];
    ids.forEach((slot, i) => {
      const [error, hash] = results[i] ?? [new Error('no reply'), null];
      if (error) throw error;
      const counters = parseSlotHash(hash as Record<string, string>);
      arms.set(
        slot,
        (arms.get(slot) ?? []).map((a) => {
          const c = counters.get(a.productId);
          return { ...a, shows: c?.shows ?? 0, clicks: c?.clicks ?? 0 };
        }),
      );
    });
    return arms;
  }

  async record(decision: DecisionOutcomeRef, kind: OutcomeKind, at: number, value: number, attributable: boolean): Promise<boolean> {
    const stamped = decision.stamped ?? { impressed: false, clicked: false, purchased: false };
    const flag = (b: boolean) => (b ? 1 : 0);
    const counted =
      (await this.redis.graphrecOutcome(
        REDIS_OUTCOME_PREFIX + decision.decisionId,
        REDIS_POSTERIOR_PREFIX + decision.slot,
        kind,
        at,
        Number.isFinite(value) ? value : 0,
        flag(attributable),
        decision.productId,
        this.outcomeTtlMs,
        flag(stamped.impressed),
        flag(stamped.clicked),
        flag(stamped.purchased),
      )) === 1;
    // The decision log (export decisions) reads the outcome from the decision node.
    await this.db.write((tx) => tx.run(cypher('decide/decision-stamp'), { decisionId: decision.decisionId, kind, at: neo4j.int(at), value, attributable }));
    return counted;
  }

  /** A slot's counters as Redis holds them (tests, operations). */
  async slotCounters(slot: string): Promise<Map<string, { shows: number; clicks: number; purchases: number; value: number }>> {
    return parseSlotHash(await this.redis.hgetall(REDIS_POSTERIOR_PREFIX + slot));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
