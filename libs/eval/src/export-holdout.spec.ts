import { exportHoldoutQuality } from './export-holdout';

const truth = 'user_id,product_id,timestamp\nU1,P-A,2025-06-01T00:00:00Z\nU1,P-B,2025-06-02T00:00:00Z\nU2,P-C,2025-06-03T00:00:00Z\nU3,P-A,2025-06-03T00:00:00Z\n';
const exported = [
  'user_id,rank,product_id,product_name,category,score,explanation,strategy,run_id',
  'U1,1,P-B,"B, the one",cam,1.5,"owns X, so",ranker,r',
  'U1,2,P-Z,Z,cam,1.2,x,ranker,r',
  'U1,3,P-A,A,cam,1.1,x,ranker,r',
  'U2,1,P-Z,Z,cam,1,x,ranker,r',
  'U2,2,P-C,C,cam,0.5,x,ranker,r',
  'U9,1,P-A,A,cam,1,x,ranker,r',
].join('\n');

describe('exportHoldoutQuality', () => {
  it('counts hits, users hit and nDCG per user, a user without rows as a miss', () => {
    const q = exportHoldoutQuality(truth, exported, 10);
    expect(q.users).toBe(3);
    expect(q.purchases).toBe(4);
    expect(q.hitRate).toBeCloseTo(3 / 4);
    expect(q.userHitRate).toBeCloseTo(2 / 3);
    const u1 = (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    const u2 = 1 / Math.log2(3);
    expect(q.ndcg).toBeCloseTo((u1 + u2 + 0) / 3);
    expect(q.ndcgSe).toBeGreaterThan(0);
  });

  it('cuts lists at k', () => {
    const q = exportHoldoutQuality(truth, exported, 2);
    expect(q.hitRate).toBeCloseTo(2 / 4);
  });
});
