import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
(async () => {
  await tf.setBackend('wasm'); await tf.ready();
  console.log(tf.getBackend());
  const b = tf.backend() as any;
  console.log(Object.keys(Object.getPrototypeOf(b)).slice(0,50), typeof b.makeOutput, typeof b.dataIdMap, typeof b.readSync);
  const k = tf.getKernel('GatherV2','wasm'); console.log(!!k, !!tf.getKernel('UnsortedSegmentSum','wasm'), !!tf.getKernel('Softplus','wasm'), !!tf.getKernel('Neg','wasm'));
})();
