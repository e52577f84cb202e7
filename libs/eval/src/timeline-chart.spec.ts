import { timelineBars, timelineSentence, timelineSvg } from './timeline-chart';

const steps = [
  { step: 'ingest-deltas', status: 'skipped', startedAt: '2026-12-05T02:00:00.500Z', finishedAt: '2026-12-05T02:00:00.700Z' },
  { step: 'embeddings', status: 'complete', startedAt: '2026-12-05T02:00:01.000Z', finishedAt: '2026-12-05T02:10:15.000Z' },
  { step: 'segments', status: 'complete', startedAt: '2026-12-05T02:10:15.000Z', finishedAt: '2026-12-05T02:20:27.000Z' },
  { step: 'sequence', status: 'running', startedAt: '2026-12-05T02:10:18.000Z', finishedAt: null },
  { step: 'ranker', status: 'pending', startedAt: null },
];

describe('the flow run timeline chart', () => {
  const now = Date.parse('2026-12-05T02:21:00.000Z');
  const bars = timelineBars('2026-12-05T02:00:00.000Z', steps, now);

  it('places each started step from its start to its end (a running one to now), in flow order', () => {
    expect(bars.map((b) => [b.step, b.from, b.to])).toEqual([
      ['ingest-deltas', 0.5, 0.7],
      ['embeddings', 1, 615],
      ['segments', 615, 1227],
      ['sequence', 618, 1260],
    ]);
  });

  it('says it in a sentence (the alt text), overlapping branches visible', () => {
    expect(timelineSentence(bars)).toBe('ingest-deltas 0.5–0.7 s (skipped); embeddings 1.0–615 s (complete); segments 615–1227 s (complete); sequence 618–1260 s (running)');
    expect(timelineSentence([])).toMatch(/No step/);
  });

  it('draws one bar per started step on a shared axis, escaping text', () => {
    const svg = timelineSvg('Run <daily>', bars);
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('Run &#60;daily&#62;');
    // segments and sequence overlap: sequence's bar starts left of where segments' ends.
    const rect = (name: string) => {
      const m = new RegExp(`<rect x="([\\d.]+)" y="[\\d.]+" width="([\\d.]+)"[^>]*><title>${name}:`).exec(svg);
      if (!m) throw new Error(`no bar for ${name}`);
      return { x: Number(m[1]), end: Number(m[1]) + Number(m[2]) };
    };
    expect(rect('sequence').x).toBeLessThan(rect('segments').end);
    expect(rect('embeddings').end).toBeLessThanOrEqual(rect('segments').x + 0.1);
  });
});
