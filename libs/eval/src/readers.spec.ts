import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionsFormatError } from './errors';
import { readInteractionsCsv, readMovielensData } from './readers';

describe('readers', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eval-readers-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads MovieLens u.data with dense indexes in first-seen order', () => {
    const data = readMovielensData(file('u.data', '196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n'));
    expect(data.userIds).toEqual(['196', '186']);
    expect(data.itemIds).toEqual(['242', '302']);
    expect(Array.from(data.users)).toEqual([0, 1, 0]);
    expect(Array.from(data.items)).toEqual([0, 1, 1]);
    expect(Array.from(data.weights)).toEqual([3, 3, 1]);
    expect(Array.from(data.timestamps)).toEqual([881250949, 891717742, 878887116]);
  });

  it('rejects a malformed u.data line with its line number', () => {
    const path = file('bad.data', '1\t2\t3\t4\n1\t2\t3\n');
    expect(() => readMovielensData(path)).toThrow(InteractionsFormatError);
    expect(() => readMovielensData(path)).toThrow(/line 2/);
  });

  it('reads a CSV with optional columns in any order, defaulting weight 1 and timestamp 0', () => {
    const full = readInteractionsCsv(file('full.csv', 'timestamp,item_id,user_id,weight\n10,p1,a,2.5\n20,p2,b,1\n'));
    expect(full.userIds).toEqual(['a', 'b']);
    expect(Array.from(full.weights)).toEqual([2.5, 1]);
    expect(Array.from(full.timestamps)).toEqual([10, 20]);
    const bare = readInteractionsCsv(file('bare.csv', 'user_id,item_id\r\na,p1\r\n\r\na,p2\r\n'));
    expect(Array.from(bare.items)).toEqual([0, 1]);
    expect(Array.from(bare.weights)).toEqual([1, 1]);
    expect(Array.from(bare.timestamps)).toEqual([0, 0]);
  });

  it('rejects a CSV without the id columns or with a bad number', () => {
    expect(() => readInteractionsCsv(file('nohdr.csv', 'a,p1\n'))).toThrow(/user_id/);
    expect(() => readInteractionsCsv(file('badw.csv', 'user_id,item_id,weight\na,p1,heavy\n'))).toThrow(/line 2/);
  });
});
