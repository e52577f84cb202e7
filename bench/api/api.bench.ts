/**
 * API throughput on an existing graph (the pipeline's demo data: `npm start` first, or
 * NEO4J_URI/--uri to another database with a current embeddings run). Starts the API as its own
 * process on 127.0.0.1 (so the load generator does not share its event loop), then runs
 * autocannon for each scenario, bounded in time. Targets: >= 2,000 req/s and p99 <= 25 ms at 32
 * connections. The API runs with its default settings, rate limits included, and one service key
 * (as a web shop's backend calls it): RATE_LIMITED answers are counted apart.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/api/api.bench.ts [--uri bolt://...] [--duration 10] [--connections 32] [--only baseline,recommendations] [--json FILE] [--processes 2] [--cpu-prof DIR] [--sessions 1000] [--warmup 10]
 *
 * `--processes N` (N > 1) starts N API processes (ports --port, --port + 1, …) behind a real nginx
 * (test/support/nginx.ts) and loads nginx: the deployment shape of docs/operations.md. With
 * GRAPHREC_REDIS_URL in the environment they share rate limits through Redis.
 */
import { createRng, shuffleInPlace } from '@graphrec/graph-model';
import { GraphDb, localDataDir, repoRoot, resolveNeo4jConfig } from '@graphrec/neo4j';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginx } from '../../test/support/nginx';
import type { ScenarioWindow } from './cpu-profile';
import { processCpuSeconds } from '../support/proc';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const duration = Number(arg('duration', '10'));
const connections = Number(arg('connections', '32'));
const port = Number(arg('port', '3987'));
const uri = arg('uri', process.env.NEO4J_URI ?? '');
/** `--only baseline,recommendations`: these scenarios (keys as in --json; default: all). */
const only = arg('only', '').split(',').filter(Boolean);
/** `--json FILE`: {"keys": {"products", "users"}, "scenarios": {baseline|product|relatedItems|recommendations|nextBestProduct|nextInSession: {rps, p50, p99, errors, cpuMsPerRequest, neo4jCpuMsPerRequest (local database only)}}}. */
const jsonOut = arg('json', '');
/** API processes; more than one go behind nginx. */
const processes = Math.max(1, Number(arg('processes', '1')));
/**
 * `--cpu-prof DIR`: each API process writes a V8 CPU profile into DIR when it stops, and the bench
 * writes each scenario's window beside it (scenarios.json); `bench/api/cpu-profile.ts DIR` then
 * says where each scenario's CPU per request goes.
 */
const cpuProf = arg('cpu-prof', '');
const env: NodeJS.ProcessEnv = { ...process.env, ...(uri ? { NEO4J_URI: uri } : {}) };
const key = `service-${randomBytes(12).toString('hex')}`;
/**
 * `--sessions N` (nextInSession): before its scenario, N users spread over the population get one
 * tracked product view now (real trackEvents; they stay in the graph as events `bench-seq-…`), so
 * the scenario mixes open sessions (the GRU path) with users that have none (session popularity).
 */
const sessionUsers = Math.max(0, Number(arg('sessions', '1000')));
/**
 * `--warmup S` (default 10; 3 until session 13): each scenario first runs S seconds of its own load, unmeasured, then
 * `--duration` measured — every scenario alike, the baseline included. It takes out of the measured
 * window the steepest part of a freshly started server's warm-up: a just-started Neo4j spends ~1 ms
 * of CPU on each of its first few thousand decisions, ~0.2 after (docs/benchmarks.md, session 10).
 * It does not make a cold server warm: that takes tens of thousands of decisions (0.06–0.09 ms once
 * warm). `--warmup 0` measures from the first request, as before session 10. Why 10: on session
 * 12's slower machine 3 s left a cold page cache's first reads in nextInSession's and
 * recommendations' measured window (2 of 2 runs missed a ratio; with 10 s, 3 of 3 held).
 */
const warmupSeconds = Math.max(0, Number(arg('warmup', '10')));

/**
 * CPU seconds of the local Neo4j server (scripts/neo4j.mjs's pid file, Linux /proc), or undefined
 * for a remote database: on a shared machine the throughput ratios move with other work, while the
 * CPU a request costs the API plus the database (a decision is a write) is a steadier figure.
 */
function neo4jCpuSeconds(): number | undefined {
  if (!resolveNeo4jConfig(env).local) return undefined;
  try {
    const pid = Number(readFileSync(join(localDataDir(env), 'neo4j.pid'), 'utf8').trim());
    return processCpuSeconds(pid);
  } catch {
    return undefined;
  }
}

/** A sample of the API's /metrics (0 when absent). */
async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

/** The sum of a sample over every API process. */
async function metricSum(bases: readonly string[], name: string): Promise<number> {
  let total = 0;
  for (const b of bases) total += await metric(b, name);
  return total;
}

/**
 * Waits for the answer cache's warm-up (libs/serving/src/warm-up.ts) to end, as a deployment's
 * readiness check would, and says how much it holds: the recommendations figures below are for a
 * population that fits in the cache (GRAPHREC_ANSWER_CACHE_USERS; run with it 0 for the read path).
 */
async function waitForWarmUp(base: string, ms: number): Promise<void> {
  const started = Date.now();
  // /health answers as soon as the server listens; the first change-feed poll (which flushes the
  // empty cache once and starts the warm-up) may come seconds later on a loaded machine, and a
  // warm-up running under the baseline inflates its CPU. So wait for that first flush (for at most
  // 15 s: a disabled cache never polls), then for the warm-up to end.
  while (Date.now() - started < 15_000 && (await metric(base, 'graphrec_answer_cache_flushes')) < 1) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 250));
  while (Date.now() - started < ms && (await metric(base, 'graphrec_answer_cache_warming')) === 1) await new Promise((r) => setTimeout(r, 500));
  const users = await metric(base, 'graphrec_answer_cache_users');
  console.log(`answer cache: ${users} users held after ${((Date.now() - started) / 1000).toFixed(1)} s of warm-up`);
}

async function waitFor(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`API did not become healthy at ${url}`);
}

/** Every user, in a seeded order: keys from the whole population, never one hot key or a cached prefix. */
function shuffled(ids: string[]): string[] {
  const order = shuffleInPlace(Int32Array.from(ids, (_, i) => i), createRng(42));
  return Array.from(order, (i) => ids[i]);
}

/** One product view now for `n` users spread over the population (real trackEvents, 8 at a time). */
async function openSessions(base: string, users: string[], products: string[], n: number): Promise<void> {
  const started = Date.now();
  const tag = randomBytes(4).toString('hex');
  const picked = Array.from({ length: Math.min(n, users.length) }, (_, j) => users[Math.floor((j * users.length) / Math.min(n, users.length))]);
  let next = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < picked.length) {
        const j = next++;
        const input = { id: `bench-seq-${tag}-${j}`, userId: picked[j], type: 'product_view', productId: products[j % products.length], timestamp: new Date().toISOString() };
        const res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ query: 'mutation Track($input: TrackEventInput!) { trackEvent(input: $input) { created } }', variables: { input } }),
        });
        if (((await res.json()) as { errors?: unknown }).errors) refused++;
      }
    }),
  );
  console.log(`nextInSession: opened a session for ${picked.length - refused} of ${picked.length} users (${refused} refused) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

interface Scenario {
  /** The scenario's key in `--json` output. */
  key: string;
  name: string;
  body: (i: number) => string;
}

async function main(): Promise<void> {
  const db = new GraphDb(resolveNeo4jConfig(env));
  const products = (await db.read<{ id: string }>('MATCH (p:Product) RETURN p.id AS id ORDER BY id LIMIT 200')).map((r) => r.id);
  // Keys from the whole population in a seeded shuffle, never one hot key or a cached prefix.
  const users = shuffled((await db.read<{ id: string }>('MATCH (u:User) WHERE u.stub IS NULL OR NOT u.stub RETURN u.id AS id')).map((r) => r.id));
  await db.close();
  if (!products.length || !users.length) throw new Error('the graph is empty: run `npm start` (or point --uri at a database with data) first');

  if (cpuProf) mkdirSync(cpuProf, { recursive: true });
  const apis = Array.from({ length: processes }, (_, n) =>
    spawn(process.execPath, [...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : []), join(repoRoot(), 'apps/api/bin/serve.js')], {
      cwd: repoRoot(),
      env: { ...env, PORT: String(port + n), HOST: '127.0.0.1', GRAPHREC_API_KEYS: `service:${key}`, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  const bases = apis.map((_, n) => `http://127.0.0.1:${port + n}`);
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  try {
    for (const b of bases) await waitFor(`${b}/health`, 60_000);
    for (const b of bases) await waitForWarmUp(b, 300_000);
    if (processes > 1) {
      nginx = await startNginx(bases);
      console.log(`${processes} API processes behind nginx at ${nginx.url}; rate limits ${env.GRAPHREC_REDIS_URL ? 'shared through Redis' : 'per process'}`);
    }
    const base = nginx?.url ?? bases[0];
    const scenarios: Scenario[] = [
      // The API's own overhead (auth, limits, metrics, GraphQL), no database: the ceiling for the rest.
      { key: 'baseline', name: 'baseline { __typename }', body: () => JSON.stringify({ operationName: 'Ping', query: 'query Ping { __typename }' }) },
      {
        key: 'product',
        name: 'product(id) (one read)',
        body: (i) => JSON.stringify({ operationName: 'Product', query: 'query Product($id: ID!) { product(id: $id) { id name } }', variables: { id: products[i % products.length] } }),
      },
      {
        key: 'relatedItems',
        name: 'relatedItems(k: 10)',
        body: (i) => JSON.stringify({ operationName: 'Related', query: 'query Related($id: ID!) { relatedItems(productId: $id, k: 10) { runId items { rank score product { id name } } } }', variables: { id: products[i % products.length] } }),
      },
      {
        key: 'recommendations',
        name: 'recommendations(k: 10)',
        body: (i) => JSON.stringify({ operationName: 'Recs', query: 'query Recs($id: ID!) { recommendations(userId: $id, k: 10) { strategy items { rank score explanation product { id } } } }', variables: { id: users[i % users.length] } }),
      },
      {
        // Issue 12: the session GRU's next items (state read batched across requests, answers cached per user).
        key: 'nextInSession',
        name: 'nextInSession(k: 10)',
        body: (i) => JSON.stringify({ operationName: 'NextInSession', query: 'query NextInSession($id: ID!) { nextInSession(userId: $id, k: 10) { strategy items { rank score explanation product { id } } } }', variables: { id: users[i % users.length] } }),
      },
      {
        // Issue 11: a served decision — the user's owned products read, a posterior draw, the decision stored (group commit).
        key: 'nextBestProduct',
        name: 'nextBestProduct(app-home)',
        body: (i) => JSON.stringify({ operationName: 'Next', query: 'query Next($id: ID!) { nextBestProduct(userId: $id, slot: "app-home") { decisionId propensity policyVersion product { id name } } }', variables: { id: users[i % users.length] } }),
      },
    ];
    if (only.length) scenarios.splice(0, scenarios.length, ...scenarios.filter((sc) => only.includes(sc.key)));
    console.log(`API bench: ${duration} s per scenario (after ${warmupSeconds} s unmeasured), ${connections} connections, ${products.length} products / ${users.length} users rotated`);
    const measured = new Map<string, { rps: number; p50: number; p99: number; errors: number; cpuMsPerRequest: number; neo4jCpuMsPerRequest?: number }>();
    // Monotonic µs (process.hrtime, the clock of V8's CPU profiles), so a profile can be cut per scenario.
    const windows: ScenarioWindow[] = [];
    const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);
    for (const s of scenarios) {
      if (s.key === 'nextInSession' && sessionUsers > 0) await openSessions(base, users, products, sessionUsers);
      // One checked request first: a scenario that only returns errors would measure nothing.
      const probe = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: s.body(0) });
      const probeBody = (await probe.json()) as { errors?: { extensions?: { code?: string } }[] };
      if (probeBody.errors) throw new Error(`${s.name}: ${JSON.stringify(probeBody.errors)}`);
      const strategy = (probeBody as { data?: { recommendations?: { strategy?: string } } }).data?.recommendations?.strategy;
      if (strategy) console.log(`${s.name}: served by strategy '${strategy}'`);
      let i = 0;
      if (warmupSeconds > 0) {
        // The same load, unmeasured (keys go on from where it stops: the measured window asks other users first).
        await autocannon({ url: `${base}/graphql`, connections, duration: warmupSeconds, method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, requests: [{ setupRequest: (req) => ({ ...req, body: s.body(i++) }) }] });
      }
      // The API process's own CPU per request: a figure the load of other processes does not move much.
      const cpuBefore = await metricSum(bases, 'process_cpu_seconds_total');
      const neo4jBefore = neo4jCpuSeconds();
      const startUs = monotonicUs();
      let graphqlErrors = 0;
      let rateLimited = 0;
      const result = await autocannon({
        url: `${base}/graphql`,
        connections,
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        requests: [
          {
            setupRequest: (req) => ({ ...req, body: s.body(i++) }),
            onResponse: (_status, body) => {
              if (body.includes('"errors"')) graphqlErrors++;
              if (body.includes('"RATE_LIMITED"')) rateLimited++;
            },
          },
        ],
      });
      windows.push({ key: s.key, startUs, endUs: monotonicUs(), requests: result.requests.total });
      const cpuMs = (((await metricSum(bases, 'process_cpu_seconds_total')) - cpuBefore) * 1000) / Math.max(1, result.requests.total);
      const neo4jAfter = neo4jCpuSeconds();
      const neo4jMs = neo4jBefore !== undefined && neo4jAfter !== undefined ? ((neo4jAfter - neo4jBefore) * 1000) / Math.max(1, result.requests.total) : undefined;
      measured.set(s.key, { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx + graphqlErrors, cpuMsPerRequest: cpuMs, ...(neo4jMs !== undefined ? { neo4jCpuMsPerRequest: neo4jMs } : {}) });
      const [hits, misses] = [await metricSum(bases, 'graphrec_answer_cache_hits'), await metricSum(bases, 'graphrec_answer_cache_misses')];
      const ok = result.requests.average >= 2000 && result.latency.p99 <= 25;
      console.log(
        `${s.name.padEnd(24)} ${result.requests.average.toFixed(0).padStart(6)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  API CPU ${cpuMs.toFixed(3)} ms/req  ` +
          (neo4jMs !== undefined ? `Neo4j CPU ${neo4jMs.toFixed(3)} ms/req  ` : '') +
          `errors ${result.errors + result.timeouts}  non-2xx ${result.non2xx}  graphql-errors ${graphqlErrors} (rate-limited ${rateLimited})  ${ok ? 'meets' : 'MISSES'} target (>= 2000 req/s, p99 <= 25 ms)` +
          (s.name.startsWith('recommendations') ? `  answer cache so far: ${hits} hits, ${misses} misses` : ''),
      );
    }
    // Issue 10's serving target, as ratios inside this one run (absolute figures move between machines).
    const floor = measured.get('baseline');
    const recs = measured.get('recommendations');
    if (floor && recs) {
      const throughput = recs.rps / floor.rps;
      const p99 = recs.p99 / Math.max(1, floor.p99);
      console.log(
        `recommendations vs baseline: throughput ${throughput.toFixed(2)}× (target ≥ 0.5×), p99 ${p99.toFixed(2)}× (target ≤ 2×): ${throughput >= 0.5 && p99 <= 2 ? 'meets' : 'MISSES'}`,
      );
    }
    // Issue 14's relatedItems target, the same ratios (≥ 0.8× there).
    const related = measured.get('relatedItems');
    if (floor && related) {
      const throughput = related.rps / floor.rps;
      const p99 = related.p99 / Math.max(1, floor.p99);
      console.log(`relatedItems vs baseline: throughput ${throughput.toFixed(2)}× (target ≥ 0.8×), p99 ${p99.toFixed(2)}× (target ≤ 2×): ${throughput >= 0.8 && p99 <= 2 ? 'meets' : 'MISSES'}`);
    }
    // Issue 11's serving target, the same ratios.
    const next = measured.get('nextBestProduct');
    if (floor && next) {
      const throughput = next.rps / floor.rps;
      const p99 = next.p99 / Math.max(1, floor.p99);
      console.log(
        `nextBestProduct vs baseline: throughput ${throughput.toFixed(2)}× (target ≥ 0.5×), p99 ${p99.toFixed(2)}× (target ≤ 2×): ${throughput >= 0.5 && p99 <= 2 ? 'meets' : 'MISSES'}`,
      );
      // The steadier figure on a shared machine: what one request costs the API and the database together.
      if (floor.neo4jCpuMsPerRequest !== undefined && next.neo4jCpuMsPerRequest !== undefined) {
        const [a, b] = [floor.cpuMsPerRequest + floor.neo4jCpuMsPerRequest, next.cpuMsPerRequest + next.neo4jCpuMsPerRequest];
        console.log(`nextBestProduct CPU per request (API + Neo4j): ${b.toFixed(3)} ms against the baseline's ${a.toFixed(3)} ms (${(b / a).toFixed(2)}×)`);
      }
    }
    // Issue 12's serving target, the same ratios.
    const seq = measured.get('nextInSession');
    if (floor && seq) {
      const throughput = seq.rps / floor.rps;
      const p99 = seq.p99 / Math.max(1, floor.p99);
      console.log(`nextInSession vs baseline: throughput ${throughput.toFixed(2)}× (target ≥ 0.5×), p99 ${p99.toFixed(2)}× (target ≤ 2×): ${throughput >= 0.5 && p99 <= 2 ? 'meets' : 'MISSES'}`);
    }
    if (cpuProf) writeFileSync(join(cpuProf, 'scenarios.json'), `${JSON.stringify(windows, null, 2)}\n`);
    if (jsonOut) {
      writeFileSync(jsonOut, `${JSON.stringify({ keys: { products: products.length, users: users.length }, connections, duration, warmup: warmupSeconds, processes, scenarios: Object.fromEntries(measured) }, null, 2)}\n`);
      console.log(`wrote ${jsonOut}`);
    }
  } finally {
    await nginx?.close();
    for (const api of apis) api.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
