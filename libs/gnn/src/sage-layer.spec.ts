import * as tf from '@tensorflow/tfjs';
import { createRng } from '@graphrec/graph-model';
import { initTf } from './backend';
import { initWeights, inputDim, inputRows } from './model';
import { resolveOptions } from './options';
import type { GraphSageConfig } from './options';
import { paramsFromWeights } from './infer';
import { layerInput, sageForward, sparseMatMul, sparseMax } from './sage-layer';
import { NeighbourSampler, edgeTypesOf } from './sampler';
import { plantedGraph } from './testing';
import type { ProjectedLabel } from '@graphrec/projection';

beforeAll(async () => {
  await initTf('wasm');
});

describe('sparse aggregations', () => {
  const adj = { offsets: Int32Array.from([0, 2, 2, 3]), targets: Int32Array.from([0, 2, 1]), weights: Float32Array.from([0.25, 0.75, 1]) };
  const xs = () => tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);

  it('sparseMatMul equals the dense product, and so does its gradient', () => {
    const x = xs();
    const dense = tf.tensor2d([0.25, 0, 0.75, 0, 0, 0, 0, 1, 0], [3, 3]);
    expect(Array.from(sparseMatMul(adj, x).dataSync())).toEqual(Array.from(tf.matMul(dense, x).dataSync()));
    const r = tf.tensor2d([1, -1, 2, 0.5, -3, 1], [3, 2]);
    const g1 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(sparseMatMul(adj, t as tf.Tensor2D), r)))(x);
    const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.matMul(dense, t as tf.Tensor2D), r)))(x);
    expect(Array.from(g1.dataSync())).toEqual(Array.from(g2.dataSync()));
  });

  it('layerInput with sum adds the parts (light propagation), gradient included', () => {
    const x = xs();
    const y = tf.tensor2d([1, 0, 0, 1], [2, 2]);
    const adj2 = { offsets: Int32Array.from([0, 1, 2, 2]), targets: Int32Array.from([1, 0]), weights: Float32Array.from([2, 3]) };
    const dense = tf.tensor2d([0.25, 0, 0.75, 0, 0, 0, 0, 1, 0], [3, 3]);
    const dense2 = tf.tensor2d([0, 2, 3, 0, 0, 0], [3, 2]);
    const viaOp = (a: tf.Tensor2D, b: tf.Tensor2D) => layerInput(3, [{ input: 0, adj }, { input: 1, adj: adj2 }], [a, b], true);
    const viaDense = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.add(tf.matMul(dense, a), tf.matMul(dense2, b));
    expect(Array.from(viaOp(x, y).dataSync())).toEqual(Array.from(viaDense(x, y).dataSync()));
    const r = tf.tensor2d([1, -1, 2, 0.5, -3, 1], [3, 2]);
    const f = (g: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor) => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(g(a as tf.Tensor2D, b as tf.Tensor2D), r)))([x, y]);
    const [ga, gb] = f(viaOp);
    const [da, db] = f(viaDense);
    expect(Array.from(ga.dataSync())).toEqual(Array.from(da.dataSync()));
    expect(Array.from(gb.dataSync())).toEqual(Array.from(db.dataSync()));
  });

  it('sparseMax takes the element-wise max over neighbours (0 without any)', () => {
    expect(Array.from(sparseMax(adj, xs()).dataSync())).toEqual([5, 6, 0, 0, 3, 4]);
  });

  it('gather has a gradient on this backend (the UnsortedSegmentSum kernel)', () => {
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([0, 2, 2], 'int32'))))(xs());
    expect(Array.from(g.dataSync())).toEqual([1, 1, 0, 0, 2, 2]);
  });
});

describe('HeteroSAGE forward', () => {
  it('has gradients that match finite differences (mean and pool)', () => {
    for (const aggregator of ['mean', 'pool'] as const) {
      const { graph } = plantedGraph(2, 6, 2, 2, 4);
      const options = resolveOptions({ layers: 2, fanouts: [2, 2], hiddenDim: 4, outputDim: 3, idEmbeddingDim: 2, aggregator, relations: ['interacted'] });
      const labels: ProjectedLabel[] = ['User', 'Product'];
      const config: GraphSageConfig = {
        version: 1,
        options,
        labels,
        edgeTypes: edgeTypesOf(graph, ['interacted']),
        featureColumns: { User: graph.features.User.columns, Product: graph.features.Product.columns, Device: [] },
        idRows: { User: graph.nodes.User.size, Product: graph.nodes.Product.size, Device: 0 },
        featureMean: { User: [0], Product: [0], Device: [] },
        featureStd: { User: [1], Product: [1], Device: [] },
      };
      const weights = initWeights(config, createRng(2));
      const blocks = new NeighbourSampler(graph, config.edgeTypes).blocks({ User: Int32Array.from([0, 3, 6, 8, 11]), Product: Int32Array.from([1]) }, [2, 2], createRng(3));
      // Users outnumber products: user means are projected first, product means aggregated first.
      expect((blocks[1].src.Product as Int32Array).length).toBeLessThan(5);
      const input: Partial<Record<ProjectedLabel, tf.Tensor2D>> = {};
      for (const l of labels) {
        const nodes = blocks[0].src[l] as Int32Array;
        input[l] = tf.tensor2d(inputRows(config, graph, l, nodes, weights), [nodes.length, inputDim(config, 0, l)]);
      }
      const params = paramsFromWeights(weights);
      const r = createRng(5);
      const probe = { User: tf.tensor2d(Array.from({ length: 5 * 3 }, () => r() - 0.5), [5, 3]), Product: tf.tensor2d(Array.from({ length: 3 }, () => r() - 0.5), [1, 3]) };
      const forward = (p: typeof params, x: typeof input) => {
        const out = sageForward(p, blocks, x, { aggregator, propagation: 'sage', combine: 'last' });
        return tf.add(tf.sum(tf.mul(out.User as tf.Tensor2D, probe.User)), tf.sum(tf.mul(out.Product as tf.Tensor2D, probe.Product))) as tf.Scalar;
      };
      let checked = 0;
      const check = (f: (t: tf.Tensor) => tf.Scalar, t0: tf.Tensor) => {
        const analytic = tf.grad(f)(t0).dataSync();
        const base = t0.dataSync();
        const h = 1e-2;
        for (let i = 0; i < base.length; i++) {
          const up = base.slice();
          up[i] += h;
          const down = base.slice();
          down[i] -= h;
          const numeric = (f(tf.tensor(up, t0.shape)).dataSync()[0] - f(tf.tensor(down, t0.shape)).dataSync()[0]) / (2 * h);
          expect(Math.abs(numeric - analytic[i])).toBeLessThan(5e-3 + 0.05 * Math.abs(numeric));
          if (Math.abs(analytic[i]) > 1e-4) checked++;
        }
      };
      // Both directions, both layers, and the inputs (the id-embedding gradient): the aggregations
      // are hand-written ops, projected before or after aggregating depending on row counts.
      for (const name of ['l0.interacted.in.neigh', 'l0.interacted.out.neigh', 'l1.interacted.out.neigh', 'l0.User.self']) {
        check((w) => forward({ ...params, [name]: w }, input), params[name]);
      }
      for (const l of labels) check((x) => forward(params, { ...input, [l]: x as tf.Tensor2D }), input[l] as tf.Tensor2D);
      expect(checked).toBeGreaterThan(0);
    }
  });
});
