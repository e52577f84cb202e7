import { RunRow, runCharts, runChartSvg, runSeconds } from './run-charts';

const run = (id: string, validation: number | undefined, moved?: number): RunRow => ({
  id,
  status: 'complete',
  startedAt: '2026-12-03T03:00:00.000Z',
  finishedAt: '2026-12-03T03:10:00.000Z',
  resumes: 0,
  driftBreached: [],
  steps: [
    { step: 'embeddings', status: 'complete', attempts: 1, seconds: 100, metrics: validation === undefined ? [] : [{ name: 'validation', value: validation }] },
    { step: 'segments', status: 'complete', attempts: 1, seconds: 20, metrics: moved === undefined ? [] : [{ name: 'usersMoved', value: moved }] },
  ],
});

describe('the Runs page charts', () => {
  it('charts each metric oldest to newest, leaving out runs without it', () => {
    // newest first, as the API answers
    const charts = runCharts([run('r3', 0.5, 12), run('r2', undefined, 7), run('r1', 0.4)]);
    const validation = charts.find((c) => c.metric === 'validation')!;
    expect(validation).toMatchObject({ x: [1, 3], y: [0.4, 0.5], runIds: ['r1', 'r3'] });
    expect(charts.find((c) => c.metric === 'usersMoved')).toMatchObject({ x: [2, 3], y: [7, 12] });
    expect(charts.map((c) => c.metric)).toEqual(['validation', 'usersMoved']);
  });

  it('draws an SVG line per chart and escapes what it prints', () => {
    const [chart] = runCharts([run('r<2>', 0.5), run('r1', 0.4)]);
    const svg = runChartSvg(chart);
    expect(svg).toContain('<svg');
    expect(svg).toContain('class="line"');
    expect(svg).not.toContain('r<2>');
    expect(runSeconds(run('r', 1))).toBe(600);
  });
});
