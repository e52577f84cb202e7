/**
 * TensorFlow.js backend selection. tfjs-node (native TensorFlow) is used when a user's machine has
 * it, but it is optional: it cannot be installed everywhere (no prebuilt binary for some
 * platforms), so it is required dynamically and never imported statically. Otherwise the wasm
 * backend (SIMD, ~20× the plain-JS cpu backend on matMul) and, last, cpu.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** The slice of a backend the JS kernel needs; wasm has `makeOutput`, cpu `makeTensorInfo`. */
interface KernelBackend {
  readSync(dataId: object): unknown;
  makeOutput?(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: Float32Array): tf.TensorInfo;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values?: Float32Array): tf.TensorInfo;
}

/**
 * UnsortedSegmentSum in plain JS. wasm has no kernel for it, and the gradient of `gather` (used
 * for the batch's rows of the output embeddings) is built from it; cpu has one, but it loops over
 * every segment with a full mask (O(segments × rows)), far too slow for thousands of segments.
 */
const unsortedSegmentSum: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const b = backend as unknown as KernelBackend; // the public KernelBackend type has neither method
  const values = b.readSync(x.dataId) as Float32Array;
  const ids = b.readSync(segmentIds.dataId) as Int32Array;
  const inner = ids.length === 0 ? 0 : values.length / ids.length;
  const out = new Float32Array(numSegments * inner);
  for (let r = 0; r < ids.length; r++) {
    const s = ids[r];
    if (s < 0 || s >= numSegments) continue; // as TensorFlow: out-of-range ids are dropped
    const o = s * inner;
    const v = r * inner;
    for (let c = 0; c < inner; c++) out[o + c] += values[v + c];
  }
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  if (b.makeOutput) return b.makeOutput(shape, 'float32', undefined, out);
  if (b.makeTensorInfo) return b.makeTensorInfo(shape, 'float32', out);
  throw new Error('UnsortedSegmentSum: backend cannot make an output tensor');
};

/**
 * BatchMatMul on wasm with a transposed operand: tfjs-backend-wasm 4.22 runs it as a plain loop,
 * not through XNNPACK — 6–14× slower at the shapes training uses (session 12, one call: 128×32 ·
 * 32×96 97 µs; the same product with B transposed 628 µs, with A transposed 538 µs; 128×32 ·
 * (160×32)ᵀ 1,060 µs against 76 µs untransposed) — and the gradient of every matMul is such a
 * product (dA = dY·Bᵀ, dB = Aᵀ·dY). Copying the operand transposed (10–40 µs) and multiplying
 * untransposed is the same product, up to the order of the float sums. It was 36% of a GRU4Rec
 * epoch's CPU (bench/sequences/train.bench.ts profile).
 */
function untransposedMatMul(original: tf.KernelConfig, transpose: tf.KernelConfig): tf.KernelFunc {
  const kernel: tf.KernelFunc = (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA?: boolean; transposeB?: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const copies: tf.TensorInfo[] = [];
    const transposed = (x: tf.TensorInfo): tf.TensorInfo => {
      const rank = x.shape.length;
      const perm = Array.from({ length: rank }, (_, i) => (i === rank - 2 ? rank - 1 : i === rank - 1 ? rank - 2 : i));
      const t = transpose.kernelFunc({ inputs: { x }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
      copies.push(t);
      return t;
    };
    try {
      return original.kernelFunc({
        ...args,
        inputs: { a: transposeA ? transposed(a) : a, b: transposeB ? transposed(b) : b },
        attrs: { ...args.attrs, transposeA: false, transposeB: false },
      });
    } finally {
      // Made by the backend inside a kernel, so the engine does not track them: freed here.
      const backend = args.backend as { disposeData(dataId: object): unknown }; // KernelFunc types it as {}
      for (const t of copies) backend.disposeData(t.dataId);
    }
  };
  return kernel;
}

/** Set when BatchMatMul on wasm is the wrapped one (the original kept for the untransposed case). */
let wrappedMatMul: tf.KernelFunc | undefined;

function registerMatMul(): void {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose || original.kernelFunc === wrappedMatMul) return;
  wrappedMatMul = untransposedMatMul(original, transpose);
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: wrappedMatMul });
}

/** Whether wasm's BatchMatMul is the rerouting wrapper now (tests: the reroute is in place, not only correct). */
export function transposedMatMulRerouted(): boolean {
  return wrappedMatMul !== undefined && tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc === wrappedMatMul;
}

function registerKernels(backend: string): void {
  if (backend === 'wasm' && process.env.GRAPHREC_WASM_TRANSPOSED_MATMUL !== 'native') registerMatMul();
  if (backend !== 'wasm' && backend !== 'cpu') return;
  if (tf.getKernel('UnsortedSegmentSum', backend)?.kernelFunc === unsortedSegmentSum) return;
  if (tf.getKernel('UnsortedSegmentSum', backend)) tf.unregisterKernel('UnsortedSegmentSum', backend);
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: backend, kernelFunc: unsortedSegmentSum });
}

function hasTfjsNode(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

function loadTfjsNode(): boolean {
  try {
    // Dynamic on purpose: an optional native dependency, registers the 'tensorflow' backend.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

function parseBackend(name: string | undefined, from: string): BackendName | undefined {
  if (name === undefined || name === '') return undefined;
  if (!(BACKENDS as readonly string[]).includes(name)) throw new Error(`${from}: unknown backend '${name}' (wasm, cpu or tensorflow)`);
  return name as BackendName;
}

let ready: Promise<{ backend: string }> | undefined;
let readyFor: BackendName | undefined;

/**
 * Selects and initialises the backend once per process (a second call with the same or no
 * preference returns the first result). `GRAPHREC_TF_BACKEND` overrides `preferred`.
 */
export function initTf(preferred?: BackendName): Promise<{ backend: string }> {
  const forced = parseBackend(process.env.GRAPHREC_TF_BACKEND, 'GRAPHREC_TF_BACKEND') ?? parseBackend(preferred, 'initTf');
  if (ready && (forced === undefined || forced === readyFor)) return ready;
  readyFor = forced;
  ready = (async () => {
    const order: BackendName[] = forced ? [forced] : hasTfjsNode() ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];
    for (const name of order) {
      if (name === 'tensorflow' && !loadTfjsNode()) continue;
      let ok = false;
      try {
        ok = await tf.setBackend(name);
        await tf.ready();
      } catch {
        ok = false;
      }
      if (ok && tf.getBackend() === name) {
        registerKernels(name);
        return { backend: name };
      }
    }
    throw new Error(`no TensorFlow.js backend could be initialised (tried ${order.join(', ')})`);
  })();
  return ready;
}

/** The backend in use (after `initTf`). */
export function currentBackend(): string {
  return tf.getBackend();
}
