/**
 * A flow worker process for the engine's tests: the test flows on BullMQ, history in the test
 * Neo4j. Started with tsx by test/integration/flows-engine.spec.ts, which kills it at will.
 * `lease <name> <ttl>` instead takes a Redis lease and waits to be killed (a dead holder).
 */
import { bullmqSettingsFromEnv, Neo4jFlowStore, redisConnection, RedisLease, startFlowWorker } from '@graphrec/flows';
import { GraphDb, resolveNeo4jConfig } from '@graphrec/neo4j';
import { TEST_FLOWS } from './tiny-flows';

async function main(): Promise<void> {
  const settings = bullmqSettingsFromEnv();
  if (!settings) throw new Error('GRAPHREC_REDIS_URL is not set');
  if (process.argv[2] === 'lease') {
    const lease = new RedisLease(redisConnection(settings.url), process.argv[3]);
    if (!(await lease.acquire(`dead-${process.pid}`, Number(process.argv[4])))) throw new Error('lease not acquired');
    process.stdout.write('holding\n');
    setInterval(() => undefined, 1000);
    return;
  }
  const db = new GraphDb(resolveNeo4jConfig());
  const worker = startFlowWorker(TEST_FLOWS, new Neo4jFlowStore(db), settings, (line) => process.stdout.write(`${line}\n`));
  await worker.ready();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void worker.close().then(() => db.close()).then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
