import { sizeChartSvg, sizeSentence } from './size-chart';

const point = (runId: string, day: number, size: number) => ({ runId, at: `2026-12-0${day}T03:00:00.000Z`, size });

describe('segment size over runs', () => {
  it('says the latest size and the trend in words', () => {
    expect(sizeSentence([])).toMatch(/No size history yet/);
    expect(sizeSentence([point('seg-a', 1, 1020)])).toBe('1,020 members in seg-a (2026-12-01); the first run with a size history, so no trend yet.');
    expect(sizeSentence([point('seg-a', 1, 1000), point('seg-b', 2, 990), point('seg-c', 3, 1100)])).toBe(
      '1,100 members in seg-c (2026-12-03); over 3 runs: 1,000 → 990 → 1,100 (+10.0% since 2026-12-01).',
    );
    expect(sizeSentence([point('seg-a', 1, 200), point('seg-b', 2, 150)])).toContain('(-25.0% since 2026-12-01)');
  });

  it('draws a line through every run once there are two, none before', () => {
    expect(sizeChartSvg('Doorbell owners', [point('seg-a', 1, 10)])).toBeUndefined();
    const svg = sizeChartSvg('Doorbell owners', [point('seg-a', 1, 10), point('seg-b', 2, 30), point('seg-c', 3, 20)]) ?? '';
    expect(svg).toContain('Doorbell owners: members per run');
    const line = /<path class="line"[^>]* d="([^"]+)"/.exec(svg)?.[1] ?? '';
    expect(line.match(/[ML]/g)).toHaveLength(3);
  });
});
