import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInteractionsCsv, writeInteractionsCsv } from './readers';
import { generateSyntheticImplicit } from './synthetic';

describe('generateSyntheticImplicit', () => {
  const options = { users: 300, items: 800, seed: 7 };
  const data = generateSyntheticImplicit(options);

  it('is reproducible from its seed', () => {
    const again = generateSyntheticImplicit(options);
    expect(Array.from(again.items)).toEqual(Array.from(data.items));
    expect(Array.from(again.weights)).toEqual(Array.from(data.weights));
    expect(Array.from(generateSyntheticImplicit({ ...options, seed: 8 }).items)).not.toEqual(Array.from(data.items));
  });

  it('has heavy-tailed item popularity and play counts, and no repeated (user, item) pair', () => {
    const perItem = new Array<number>(data.itemIds.length).fill(0);
    for (const i of data.items) perItem[i]++;
    perItem.sort((a, b) => b - a);
    const median = perItem[perItem.length >> 1];
    expect(perItem[0]).toBeGreaterThan(20 * median);
    const plays = Array.from(data.weights).sort((a, b) => a - b);
    expect(plays[0]).toBeGreaterThanOrEqual(1);
    expect(plays[plays.length - 1]).toBeGreaterThan(20 * plays[plays.length >> 1]);
    const pairs = new Set(Array.from(data.users, (u, r) => `${u}:${data.items[r]}`));
    expect(pairs.size).toBe(data.users.length);
  });

  it('round-trips through the interactions CSV that graphrec evaluate reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthetic-'));
    try {
      const path = join(dir, 'plays.csv');
      writeInteractionsCsv(data, path);
      const back = readInteractionsCsv(path);
      expect(back.userIds).toEqual(data.userIds);
      expect(back.itemIds).toEqual(data.itemIds);
      expect(Array.from(back.weights)).toEqual(Array.from(data.weights));
      expect(Array.from(back.timestamps)).toEqual(Array.from(data.timestamps));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
