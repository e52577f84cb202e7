import * as tf from '@tensorflow/tfjs';
import { initTf } from '@graphrec/gnn';
import { gruStep } from './gru';

beforeAll(() => initTf());

describe('GRU cell', () => {
  it('matches a step computed by hand', () => {
    // Input 1, hidden 1. Lane 1: x = 1, h = 0.5. Lane 2: x = −1, h = 0.
    //  z = σ(0.5·x + 0.25·h + 0.1), r = σ(−0.5·x + 0.75·h + 0.2), ĥ = tanh(1·x + 2·(r·h) − 0.3)
    //  lane 1: z = σ(0.725) = 0.673707, r = σ(0.075) = 0.518741, ĥ = tanh(0.7 + r) = 0.839282,
    //          h' = (1 − z)·0.5 + z·ĥ = 0.728577
    //  lane 2: z = σ(−0.4) = 0.401312, ĥ = tanh(−1.3) = −0.861723, h' = z·ĥ = −0.345820
    const w = { wx: tf.tensor2d([[0.5, -0.5, 1.0]]), uzr: tf.tensor2d([[0.25, 0.75]]), uh: tf.tensor2d([[2.0]]), b: tf.tensor1d([0.1, 0.2, -0.3]) };
    const out = gruStep(w, tf.tensor2d([[1], [-1]]), tf.tensor2d([[0.5], [0]]));
    const [a, b] = Array.from(out.dataSync());
    expect(a).toBeCloseTo(0.728577, 5);
    expect(b).toBeCloseTo(-0.34582, 5);
  });

  it('keeps the state where the update gate is shut', () => {
    // A very negative z bias: h' ≈ h whatever the input.
    const w = { wx: tf.tensor2d([[0, 0, 1]]), uzr: tf.tensor2d([[0, 0]]), uh: tf.tensor2d([[1]]), b: tf.tensor1d([-30, 0, 0]) };
    expect(gruStep(w, tf.tensor2d([[5]]), tf.tensor2d([[0.3]])).dataSync()[0]).toBeCloseTo(0.3, 6);
  });
});
