import { formatServedRun, keyMetrics } from './status';

describe('served runs in graphrec status', () => {
  it('picks the key metrics of an embeddings run', () => {
    const metrics = { epochs: 12, bestValidation: 0.81234567, validationMetric: 'mrr', nodes: { User: 20000, Product: 30 }, lossHistory: [1, 2] };
    expect(keyMetrics({ kind: 'embeddings', metrics })).toEqual({ users: 20000, products: 30, epochs: 12, 'validation mrr': 0.8123 });
  });

  it('picks the key metrics of a segments run, and tolerates missing ones', () => {
    expect(keyMetrics({ kind: 'segments', metrics: { users: 150, segments: 4, modularity: 0.412345, levels: [] } })).toEqual({ users: 150, segments: 4, modularity: 0.4123 });
    expect(keyMetrics({ kind: 'segments', metrics: undefined })).toEqual({});
  });

  it('prints one line per run: kind, id, since when, figures', () => {
    const line = formatServedRun({ kind: 'segments', id: 'seg-20261202T101500Z-abcd', servedSince: '2026-12-02T10:16:00Z', metrics: { users: 150, segments: 4 } });
    expect(line).toBe('  segments   seg-20261202T101500Z-abcd  since 2026-12-02T10:16:00Z  (users 150, segments 4)');
  });
});
