import { renderHtmlReport } from './html-report';
import { summarise } from './report';

const result = (map: number) => ({ map, ndcg: 2 * map, precision: 0.3, recall: 0.2, coverage: 0.1, train_seconds: 1 });

describe('renderHtmlReport', () => {
  const html = renderHtmlReport({
    title: 'eval',
    dataset: 'toy',
    k: 10,
    protocols: [
      { protocol: 'item-stratified', seeds: [1, 2], results: { ease: summarise([result(0.1), result(0.2)]), 'a<b': summarise([result(0.05), result(0.05)]) }, chosen: { ease: ['lambda=500', 'lambda=500'] } },
      { protocol: 'temporal', seeds: [1], results: { ease: result(0.1) } },
    ],
  });

  it('draws a bar and an error bar per model and metric, per protocol', () => {
    expect(html.match(/<rect class="bar"/g)).toHaveLength(2 * 4 + 4);
    expect(html.match(/<g class="error-bar"/g)).toHaveLength(12);
    expect(html).toContain('data-model="ease" data-metric="map" data-mean="0.15000000000000002"');
    expect(html).toContain('<svg class="chart" data-protocol="temporal"');
  });

  it('tables mean ± std, escapes names and says how settings were chosen', () => {
    expect(html).toContain('<td data-metric="map">0.1500 ± 0.0707</td>');
    expect(html).toContain('a&#60;b');
    expect(html).not.toContain('a<b');
    expect(html).toContain('lambda=500');
    expect(html).toContain('one temporal split (no seed)');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
