import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorld } from '@graphrec/datagen';
import { HeteroGraph, projectFromFiles } from '@graphrec/projection';
import { normalizedMutualInformation } from './metrics';
import { profileSegments } from './profiles';
import { segmentUsers } from './segment-users';

// The defaults were chosen on seed 7 (NMI 0.823 now); the target is 0.8. Held-out checks:
// a 3,000-user world of seed 11 (0.829) and the 20,000-user demo world of `npm start` (0.827;
// tested below, because a candidate-sampling bug once made it 0.21 while seed 7 still passed).
const NMI_TARGET = 0.8;

function readTruth(dir: string): Map<string, string> {
  const rows = readFileSync(join(dir, 'truth/user_types.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((l) => l.split(',') as [string, string]));
}

describe('segmentUsers on the demo world', () => {
  let dir: string;
  let graph: HeteroGraph;
  let truth: Map<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'segments-world-'));
    await generateWorld({ users: 3000, seed: 7, outDir: dir });
    graph = await projectFromFiles([dir], 'native');
    truth = readTruth(dir);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('recovers the hidden customer types (NMI)', () => {
    const s = segmentUsers(graph, { seed: 1 });
    const nmi = normalizedMutualInformation(Array.from(s.segmentOf, String), s.users.map((u) => truth.get(u) ?? '?'));
    expect(nmi).toBeGreaterThanOrEqual(NMI_TARGET);
    expect(s.segmentCount).toBeGreaterThanOrEqual(5);
    for (let u = 0; u < s.users.length; u++) expect(s.confidence[u]).toBeGreaterThanOrEqual(0);
    // Same input and seed, same segments.
    expect(segmentUsers(graph, { seed: 1 }).segmentOf).toEqual(s.segmentOf);
  });

  it('profiles with unique labels and a next product the segment mostly lacks', () => {
    const s = segmentUsers(graph, { seed: 1 });
    const p = profileSegments(graph, s);
    expect(new Set(p.segments.map((x) => x.label)).size).toBe(s.segmentCount);
    expect(p.segments.reduce((a, x) => a + x.size, 0)).toBe(graph.nodes.User.size);
    for (const x of p.segments) if (x.next) expect(x.next.penetration).toBeLessThan(0.5);
  });

  it('labels that state device ownership agree with the profile', () => {
    const p = profileSegments(graph, segmentUsers(graph, { seed: 1 }));
    let stated = 0;
    for (const x of p.segments) {
      if (x.label.includes('no devices')) {
        stated++;
        expect(x.deviceOwnerShare).toBe(0);
        expect(x.deviceCategories).toEqual([]);
      }
      const share = /(\d+)% with devices/.exec(x.label);
      if (share) {
        stated++;
        expect(Math.round(100 * x.deviceOwnerShare)).toBe(Number(share[1]));
      }
    }
    expect(stated).toBeGreaterThan(0); // the world has browse-only segments, so the check ran
  });
});

describe('segmentUsers on the 20,000-user demo world', () => {
  it('recovers the hidden customer types there too (NMI ≥ 0.8)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segments-demo-'));
    try {
      await generateWorld({ users: 20_000, seed: 42, outDir: dir });
      const graph = await projectFromFiles([dir], 'native');
      const truth = readTruth(dir);
      const s = segmentUsers(graph, { seed: 1 });
      const nmi = normalizedMutualInformation(Array.from(s.segmentOf, String), s.users.map((u) => truth.get(u) ?? '?'));
      expect(nmi).toBeGreaterThanOrEqual(NMI_TARGET);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
