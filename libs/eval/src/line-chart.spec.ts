import { renderLineChart } from './line-chart';

describe('renderLineChart', () => {
  it('draws one line and one band per series, escaped', () => {
    const svg = renderLineChart({
      title: 'regret <test>',
      xLabel: 'rounds',
      yLabel: 'regret',
      subtitle: ['a', 'b'],
      series: [
        { name: 'a&b', x: [0, 10, 20], y: [0, 5, 9], low: [0, 4, 8], high: [0, 6, 10] },
        { name: 'c', x: [0, 10, 20], y: [0, 2, 3] },
      ],
    });
    expect(svg.match(/class="line"/g)).toHaveLength(2);
    expect(svg.match(/class="band"/g)).toHaveLength(1);
    expect(svg).toContain('data-series="a&#38;b"');
    expect(svg).toContain('regret &#60;test&#62;');
    expect(svg).not.toMatch(/NaN|undefined/);
  });
});
