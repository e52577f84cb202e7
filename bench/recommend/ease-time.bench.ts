/**
 * Time of one EASE fit (Gram + dense inverse + B) on MovieLens 100K's item-stratified train
 * (seed 42, 1,682 items), per matrix-product kernel: the measurement behind EASE's default kernel.
 *
 *   npx tsx --tsconfig tsconfig.base.json bench/recommend/ease-time.bench.ts [path-to-movielens-100k] [--repeats 3]
 */
import { datasetDir, itemStratifiedSplit, readMovielensData } from '@graphrec/eval';
import { EaseRecommender, JS_KERNEL, MatMulKernel, tfMatMulKernel, trainDataFrom } from '@graphrec/recommend';
import { join } from 'node:path';
import { arg } from '../support/args';

async function main(): Promise<void> {
  const path = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : datasetDir('movielens-100k');
  const repeats = arg('repeats', 3);
  const data = readMovielensData(join(path, 'u.data'));
  const { train } = itemStratifiedSplit(data, { ratio: 0.75, seed: 42 });
  const trainData = trainDataFrom(data.userIds.length, data.itemIds.length, train);
  const kernels: MatMulKernel[] = [JS_KERNEL];
  const tf = await tfMatMulKernel();
  if (tf) kernels.unshift(tf);
  for (const kernel of kernels) {
    const times: number[] = [];
    for (let r = 0; r < (kernel === JS_KERNEL ? 1 : repeats); r++) {
      const model = new EaseRecommender({ lambda: 500, kernel });
      const started = performance.now();
      await model.fit(trainData);
      times.push((performance.now() - started) / 1000);
    }
    console.log(`${data.itemIds.length} items, kernel ${kernel.name}: fit ${times.map((t) => t.toFixed(2)).join(', ')} s (best ${Math.min(...times).toFixed(2)} s)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
