import { dependenciesOf, validateFlow } from '@graphrec/flows';
import { GraphDb } from '@graphrec/neo4j';
import { MemoryFlowStore } from '@graphrec/flows';
import { dailyFlow, dailyParams, dailySettingsFromEnv } from './daily';

describe('the daily flow definition', () => {
  it('is a valid flow in pipeline order, each step with a timeout, retries and an idempotence contract', () => {
    // Declaring the flow touches no database (steps only use it when they run).
    const flow = validateFlow(dailyFlow({} as GraphDb, new MemoryFlowStore(), dailySettingsFromEnv({})));
    expect(flow.steps.map((s) => s.name)).toEqual(['ingest-deltas', 'embeddings', 'segments', 'sequence', 'ranker', 'propensity', 'export', 'drift']);
    for (const step of flow.steps) {
      expect(step.timeoutMs).toBeGreaterThan(0);
      expect(step.retry.attempts).toBe(3);
      expect(step.idempotence.length).toBeGreaterThan(20);
    }
  });

  it('after embeddings, two branches that wait for nothing of each other: segments → propensity, export → drift; sequence → ranker', () => {
    const flow = dailyFlow({} as GraphDb, new MemoryFlowStore(), dailySettingsFromEnv({}));
    const deps = Object.fromEntries(flow.steps.map((s) => [s.name, dependenciesOf(flow, s).sort()]));
    expect(deps).toEqual({
      'ingest-deltas': [],
      embeddings: ['ingest-deltas'],
      segments: ['embeddings'],
      sequence: ['embeddings'],
      ranker: ['embeddings', 'sequence'],
      propensity: ['embeddings', 'segments'],
      export: ['segments'],
      drift: ['embeddings', 'export', 'segments'],
    });
  });

  it('reads settings and run params, refusing nonsense', () => {
    const s = dailySettingsFromEnv({ GRAPHREC_FLOW_ATTEMPTS: '2', GRAPHREC_FLOW_BACKOFF_MS: '0', GRAPHREC_INBOX: '/in' });
    expect(s.retry).toMatchObject({ attempts: 2, backoffMs: 0 });
    expect(s.inbox).toBe('/in');
    expect(() => dailySettingsFromEnv({ GRAPHREC_FLOW_ATTEMPTS: '0' })).toThrow(/GRAPHREC_FLOW_ATTEMPTS must be a positive integer/);
    expect(s.trainThreads).toBe(2);
    expect(dailySettingsFromEnv({ GRAPHREC_TRAIN_THREADS: '1' }).trainThreads).toBe(1);
    expect(() => dailySettingsFromEnv({ GRAPHREC_TRAIN_THREADS: 'all' })).toThrow(/GRAPHREC_TRAIN_THREADS must be a positive integer/);
    expect(dailyParams({ seed: 7, ranker: false })).toEqual({ seed: 7, epochs: undefined, ranker: false, propensity: true });
    expect(dailyParams({ propensity: false }).propensity).toBe(false);
    expect(dailyParams({}).ranker).toBe(true);
  });
});
