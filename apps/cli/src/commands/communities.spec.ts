import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withDataset } from '../../../../libs/eval/src/testing/datasets';
import { graphrec } from '../testing/run-graphrec';

// The real `graphrec` process (tsx + sources) on the public karate club; no Neo4j needed. Tests
// that read it are skipped (one line says how to get it) where the machine lacks it.
const karate = withDataset('karate');
const karateGml = join(karate.dir, 'karate.gml');

describe('graphrec communities (real process)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'graphrec-communities-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  karate.it('finds the karate communities and writes the JSON report', async () => {
    const out = join(dir, 'karate.json');
    const r = await graphrec(['communities', '--graph', karateGml, '--format', 'gml', '--truth', join(karate.dir, 'community.dat'), '--seed', '42', '--json', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/34 nodes, 78 edges/);
    expect(r.stdout).toMatch(/NMI 0\.\d+ \(arithmetic mean\), ARI 0\.\d+/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ nodes: 34, edges: 78, truthNodes: 34 });
    expect(report.modularity).toBeGreaterThanOrEqual(0.4188);
    expect(report.communities).toBe(report.sizes.length);
    expect(report.nmi).toBeGreaterThan(0.5);
    expect(report.ari).toBeGreaterThan(0.4);
    expect(report.seconds).toBeGreaterThan(0);
    expect(Object.keys(report.membership)).toHaveLength(34);
  }, 60_000);

  it('merges small communities and reads edge lists', async () => {
    const edges = join(dir, 'edges.txt');
    writeFileSync(edges, '# two triangles and a pendant node\na b\nb c\nc a\nd e\ne f\nf d\nc d\nf g\n');
    const out = join(dir, 'edges.json');
    const r = await graphrec(['communities', '--graph', edges, '--format', 'edgelist', '--min-size', '3', '--json', out]);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.communities).toBe(2);
    expect(report.nmi).toBeUndefined();
    expect(report.membership.g).toBe(report.membership.f);
  }, 60_000);

  karate.it.each([
    [['--graph', join('no', 'such', 'file.gml')], /cannot read graph .*file\.gml: no such file/],
    [['--graph', karateGml, '--format', 'graphml'], /unknown format "graphml"/],
    [['--graph', karateGml, '--truth', join('no', 'truth.dat')], /cannot read ground truth/],
    [['--graph', karateGml, '--format', 'edgelist'], /line \d+: expected "source target \[weight\]"/],
  ])('exits 2 with one clear line on unusable input: %j', async (args, message) => {
    const r = await graphrec(['communities', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  }, 60_000);

  it('exits 2 on malformed GML, naming the line', async () => {
    const bad = join(dir, 'bad.gml');
    writeFileSync(bad, 'graph [\n  node [ id 1 ]\n  edge [ source 1 target 2 ]\n]\n');
    const r = await graphrec(['communities', '--graph', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`graphrec communities: ${bad}: line 3: edge target 2 is not a declared node\n`);
  }, 60_000);
});
