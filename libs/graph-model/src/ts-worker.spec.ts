import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTsWorker } from './ts-worker';

describe('runTsWorker: one job on a TypeScript worker thread', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ts-worker-'));
    const body = (code: string) => `import { parentPort, workerData } from 'node:worker_threads';\nconst data: { n: number } = workerData;\n${code}\n`;
    writeFileSync(join(dir, 'ok.ts'), body('parentPort!.postMessage({ ok: true, result: data.n * 2 });'));
    writeFileSync(join(dir, 'fails.ts'), body("parentPort!.postMessage({ ok: false, error: `no ${data.n}` });"));
    writeFileSync(join(dir, 'silent.ts'), body('process.exit(3);'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves with the reply, rejects with the error or a silent exit, naming the job', async () => {
    await expect(runTsWorker<number>(join(dir, 'ok.ts'), 'doubler', { workerData: { n: 21 } })).resolves.toBe(42);
    await expect(runTsWorker(join(dir, 'fails.ts'), 'doubler', { workerData: { n: 5 } })).rejects.toThrow('doubler: no 5');
    await expect(runTsWorker(join(dir, 'silent.ts'), 'doubler', { workerData: { n: 1 } })).rejects.toThrow('doubler exited (code 3) without a result');
  });
});
