import type { HeteroGraph } from '@graphrec/projection';
import { alignModel } from './align';
import type { TrainedModel } from './options';

// alignModel reads only the labels, id-table sizes, the id tables and the later graph's node ids:
// the rest of a model and a graph is left out here (hence the casts).
const model = {
  config: { labels: ['User', 'Product'], idRows: { User: 2, Product: 3, Device: 0 }, options: {} },
  weights: {
    'id.User': { shape: [2, 2], values: Float32Array.from([1, 1, 3, 3]) },
    'id.Product': { shape: [3, 1], values: Float32Array.from([10, 20, 30]) },
    'score.Product.bias': { shape: [3], values: Float32Array.from([0.1, 0.2, 0.3]) },
    'l0.User.self': { shape: [1, 1], values: Float32Array.from([7]) },
  },
} as unknown as TrainedModel;
const training = { User: ['U1', 'U2'], Product: ['P-A', 'P-C', 'P-D'], Device: [] };
const later = (users: string[], products: string[]) => ({ nodes: { User: { ids: users }, Product: { ids: products }, Device: { ids: [] } } }) as unknown as HeteroGraph;

describe('alignModel: id tables follow node ids, not positions', () => {
  it('keeps each known node its own row when a new id sorts in the middle, and gives a new node the mean row', () => {
    const { model: aligned, known, added } = alignModel(model, training, later(['U1', 'U2', 'u-new'], ['P-A', 'P-B', 'P-C', 'P-D']));
    expect(Array.from(aligned.weights['id.Product'].values)).toEqual([10, 20, 20, 30]); // P-B (new) gets the mean, 20
    expect(aligned.weights['id.Product'].shape).toEqual([4, 1]);
    expect(Array.from(aligned.weights['id.User'].values)).toEqual([1, 1, 3, 3, 2, 2]);
    expect(Array.from(aligned.weights['score.Product.bias'].values).map((v) => +v.toFixed(4))).toEqual([0.1, 0.2, 0.2, 0.3]);
    expect(aligned.weights['score.Product.bias'].shape).toEqual([4]);
    expect(aligned.config.idRows).toMatchObject({ User: 3, Product: 4 });
    expect(known).toMatchObject({ User: 2, Product: 3 });
    expect(added).toMatchObject({ User: 1, Product: 1 });
    expect(aligned.weights['l0.User.self']).toBe(model.weights['l0.User.self']);
    expect(model.config.idRows.Product).toBe(3); // the loaded model is not changed
  });

  it('refuses ids that are not the model’s', () => {
    expect(() => alignModel(model, { ...training, Product: ['P-A'] }, later(['U1'], ['P-A']))).toThrow(/not this model's/);
  });
});
