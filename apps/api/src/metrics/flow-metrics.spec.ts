import { ApiMetrics, FlowRunSnapshot } from './metrics';

describe('flow run gauges on /metrics', () => {
  const scrape = async (latest: () => Promise<FlowRunSnapshot | undefined>) => {
    const metrics = new ApiMetrics();
    metrics.watchFlows(latest);
    return metrics.registry.metrics();
  };

  it('exports the latest run and each drift check, a breach as 1', async () => {
    const text = await scrape(async () => ({
      status: 'complete',
      startedAt: '2026-12-03T03:00:00.000Z',
      drift: { checks: { coverage: { value: 0.97, breached: true }, churn: { value: 0.1, breached: false }, embeddingDrift: { value: null, breached: false } } },
    }));
    expect(text).toContain('graphrec_flow_last_run_complete{flow="daily"} 1');
    expect(text).toContain(`graphrec_flow_last_run_start_seconds{flow="daily"} ${Date.parse('2026-12-03T03:00:00.000Z') / 1000}`);
    expect(text).toContain('graphrec_flow_drift_breach{flow="daily",check="coverage"} 1');
    expect(text).toContain('graphrec_flow_drift_breach{flow="daily",check="churn"} 0');
    expect(text).toContain('graphrec_flow_drift_value{flow="daily",check="coverage"} 0.97');
    expect(text).not.toContain('graphrec_flow_drift_value{flow="daily",check="embeddingDrift"}');
  });

  it('a failed run is 0; no run or an unreadable store leaves the gauges empty, the scrape still answers', async () => {
    expect(await scrape(async () => ({ status: 'failed', startedAt: '2026-12-03T03:00:00.000Z' }))).toContain('graphrec_flow_last_run_complete{flow="daily"} 0');
    const down = await scrape(() => Promise.reject(new Error('Neo4j down')));
    expect(down).not.toMatch(/graphrec_flow_last_run_complete\{/);
    expect(down).toContain('graphrec_graphql_requests_total');
  });
});
