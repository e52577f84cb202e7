import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatasetMissingError, datasetDir, datasetRoots, findDataset } from './datasets';
import { withDataset } from './testing/datasets';

const REPO = resolve(__dirname, '..', '..', '..');
const script = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((done) =>
    execFile(process.execPath, [join(REPO, 'scripts', 'datasets.mjs'), ...args], { cwd: REPO }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );

describe('dataset resolver', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphrec-datasets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('searches GRAPHREC_DATASETS_DIR, then ../shared/datasets, then .data/datasets', () => {
    expect(datasetRoots({})).toEqual([resolve(REPO, '..', 'shared', 'datasets'), join(REPO, '.data', 'datasets')]);
    expect(datasetRoots({ GRAPHREC_DATASETS_DIR: dir })[0]).toBe(dir);
  });

  it('takes the first folder that holds every file of the dataset', () => {
    mkdirSync(join(dir, 'karate'), { recursive: true });
    writeFileSync(join(dir, 'karate', 'karate.gml'), 'graph [ ]');
    // community.dat missing: this copy does not count.
    expect(findDataset('karate', { GRAPHREC_DATASETS_DIR: dir })).not.toBe(join(dir, 'karate'));
    writeFileSync(join(dir, 'karate', 'community.dat'), '1 1\n');
    expect(findDataset('karate', { GRAPHREC_DATASETS_DIR: dir })).toBe(join(dir, 'karate'));
  });

  it('says how to get a missing dataset', () => {
    const env = { GRAPHREC_DATASETS_DIR: join(dir, 'nothing-here') };
    if (findDataset('football', env)) return; // this machine has it in a default place: nothing to show
    expect(() => datasetDir('football', env)).toThrow(DatasetMissingError);
    expect(() => datasetDir('football', env)).toThrow(/dataset football not found \(looked in .*\); get it with: npm run datasets -- --from DIR\|URL/);
  });
});

/** Source files under the repository's code folders (not node_modules, not generated data). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(path);
    return /\.(ts|mjs|cjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('one place knows where datasets live', () => {
  it('only the resolver names the shared datasets folder (the rule: at most two source files)', () => {
    const files = ['apps', 'libs', 'test', 'bench', 'scripts'].flatMap((d) => sourceFiles(join(REPO, d)));
    // Both spellings: a path string and path.join's pieces.
    // This spec names it only to check the resolver's order, so it does not count.
    const naming = files.filter((f) => f !== __filename && /shared\/datasets|'shared',\s*'datasets'/.test(readFileSync(f, 'utf8')));
    expect(naming.map((f) => f.slice(REPO.length + 1))).toEqual(['libs/eval/src/datasets.ts']);
  });
});

// The script needs a real copy to copy from; without one its tests are skipped (one line says why).
const karate = withDataset('karate');

describe('npm run datasets (scripts/datasets.mjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphrec-datasets-script-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  karate.it('copies from a folder and checks the sha256 sums; a second run copies nothing', async () => {
    const to = join(dir, 'from-dir');
    const first = await script(['--from', resolve(karate.dir, '..'), '--only', 'karate', '--to', to]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('karate: 2 file(s) copied');
    expect(readFileSync(join(to, 'karate', 'karate.gml'))).toEqual(readFileSync(join(karate.dir, 'karate.gml')));
    const again = await script(['--from', resolve(karate.dir, '..'), '--only', 'karate', '--to', to]);
    expect(again.stdout).toContain('karate: 0 file(s) copied, 2 already there and checked');
  }, 30_000);

  karate.it('refuses a file whose sum does not match, and writes nothing', async () => {
    const source = join(dir, 'tampered');
    cpSync(karate.dir, join(source, 'karate'), { recursive: true });
    writeFileSync(join(source, 'karate', 'community.dat'), '1 1\n');
    const to = join(dir, 'from-tampered');
    const result = await script(['--from', source, '--only', 'karate', '--to', to]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/karate\/community\.dat: sha256 [0-9a-f]{64} does not match the manifest .*; not copied/);
    expect(existsSync(join(to, 'karate', 'community.dat'))).toBe(false);
  }, 30_000);

  karate.it('downloads from an http URL (a real local server)', async () => {
    const server = createServer((req, res) => {
      const file = join(resolve(karate.dir, '..'), decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/data\//, ''));
      if (!req.url?.startsWith('/data/') || !existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200).end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const to = join(dir, 'from-url');
      const result = await script(['--from', `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`, '--only', 'karate', '--to', to]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(readFileSync(join(to, 'karate', 'community.dat'))).toEqual(readFileSync(join(karate.dir, 'community.dat')));
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  }, 30_000);
});
