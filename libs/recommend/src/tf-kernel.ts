/**
 * The matrix-product kernel on TensorFlow.js, for the dense EASE solve. Loaded lazily (dynamic
 * import) so that importing `@graphrec/recommend` — the API does — never loads TensorFlow.js.
 *
 * Backend: the one already running when it is wasm or native TensorFlow (libs/gnn's `initTf` may
 * have chosen it), else wasm is started here. The cpu backend is never used: its matMul is plain
 * JS, no faster than `JS_KERNEL`, so `undefined` is returned and the caller falls back to that.
 * `GRAPHREC_TF_BACKEND=cpu` (the switch libs/gnn honours) also means "no accelerated kernel".
 */
import type { MatMulKernel } from './dense-inverse';

let pending: Promise<MatMulKernel | undefined> | undefined;

export function tfMatMulKernel(): Promise<MatMulKernel | undefined> {
  pending ??= load();
  return pending;
}

async function load(): Promise<MatMulKernel | undefined> {
  if (process.env.GRAPHREC_TF_BACKEND === 'cpu') return undefined;
  try {
    const tf = await import('@tensorflow/tfjs');
    await import('@tensorflow/tfjs-backend-wasm');
    const fast = (): boolean => ['wasm', 'tensorflow'].includes(tf.getBackend());
    if (!fast()) {
      await tf.setBackend('wasm');
      await tf.ready();
    }
    if (!fast()) return undefined;
    return {
      name: `tfjs-${tf.getBackend()}`,
      matMul(a, b, m, k, n) {
        const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
        // dataSync copies out of the wasm heap; the tensor must still be freed, or every stripe
        // of every step stays in wasm memory until it aborts (it did, at 10,500 items).
        const values = product.dataSync() as Float32Array;
        product.dispose();
        return values;
      },
    };
  } catch {
    return undefined;
  }
}
