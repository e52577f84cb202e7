import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhysicalLine, readLines } from './line-reader';
import { FileFormatError, csvSource, jsonlSource } from './native-source';
import { planSources } from './plan';
import { Source, SourceItem } from './source';

const dir = () => mkdtempSync(join(tmpdir(), 'sources-'));

async function readAll<K extends Source['kind']>(source: Source<K>): Promise<SourceItem<K>[]> {
  const items: SourceItem<K>[] = [];
  for await (const chunk of source.read(await source.start())) items.push(...chunk);
  return items;
}

describe('over-long lines', () => {
  it('are reported with their length and a short preview, never assembled, and reading goes on after them', async () => {
    const file = join(dir(), 'f.jsonl');
    const long = 'x'.repeat(300_000);
    writeFileSync(file, `first\n${long}\nthird\n${long}`);
    const seen: PhysicalLine[] = [];
    for await (const chunk of readLines(file, { chunkBytes: 4096, maxLineBytes: 10_000 })) seen.push(...chunk);
    expect(seen.map((l) => [l.lineNo, l.tooLong ?? l.bytes.toString(), l.end])).toEqual([
      [1, 'first', 6],
      [2, 300_000, 300_007],
      [3, 'third', 300_013],
      [4, 300_000, 600_013],
    ]);
    expect(Math.max(...seen.map((l) => l.bytes.length))).toBeLessThanOrEqual(4096);
  });

  it('are quarantined by JSONL and CSV sources with the limit in the reason', async () => {
    const d = dir();
    const row = (id: string, pad = '') => JSON.stringify({ id, user_id: 'u', type: 'product_view', product_id: 'p', timestamp: '2025-01-01', note: pad });
    writeFileSync(join(d, 'events.jsonl'), [row('a'), row('b', 'y'.repeat(50_000)), row('c')].join('\n') + '\n');
    const items = await readAll(jsonlSource('events', join(d, 'events.jsonl'), { maxLineBytes: 1024 }));
    expect(items.map((i) => i.record?.id ?? i.reason)).toEqual(['a', expect.stringMatching(/longer than the limit of 1024 bytes/), 'c']);
    expect(items[1].rawBytes).toBeGreaterThan(50_000);
    writeFileSync(join(d, 'users.csv'), `id,region\nu1,west\nu2,${'z'.repeat(5000)}\nu3,"open\nu4,east\n`);
    const users = await readAll(csvSource('users', join(d, 'users.csv'), { maxLineBytes: 1024 }));
    expect(users.map((i) => [i.lineNo, i.record?.id ?? i.reason?.slice(0, 26)])).toEqual([
      [2, 'u1'],
      [3, 'line of 5003 bytes is long'],
      [4, 'broken quoting: a quoted f'],
      [5, 'u4'],
    ]);
  });
});

describe('rows that used to abort a file', () => {
  it('quarantines a date of 1e20 instead of throwing "Invalid time value"', async () => {
    const file = join(dir(), 'users.jsonl');
    writeFileSync(file, ['{"id":"u1","signup_date":1e20}', '{"id":"u2","signup_date":"2024-01-02"}'].join('\n'));
    const items = await readAll(jsonlSource('users', file));
    expect(items[0].reason).toMatch(/^signup_date: timestamp 100000000000000000000 out of range/);
    expect(items[1].record).toMatchObject({ id: 'u2', signup_date: '2024-01-02' });
  });

  it('strips a byte order mark from the first line of a JSONL file, as for CSV', async () => {
    const file = join(dir(), 'users.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id":"u1"}\n{"id":"u2"}\n')]));
    const items = await readAll(jsonlSource('users', file));
    expect(items.map((i) => i.record?.id ?? i.reason)).toEqual(['u1', 'u2']);
  });

  it('quarantines event timestamps of 1e20 and 9999-01-01 and values of 1e308', async () => {
    const file = join(dir(), 'events.csv');
    writeFileSync(
      file,
      ['id,user_id,type,product_id,timestamp,value', 'e1,u,product_view,p,1e20,', 'e2,u,product_view,p,9999-01-01,', 'e3,u,purchase,p,2025-01-01,1e308', 'e4,u,rating,p,2025-01-01,4'].join('\n'),
    );
    const items = await readAll(csvSource('events', file));
    expect(items.map((i) => i.record?.id ?? i.reason?.split(':')[0])).toEqual(['timestamp', 'timestamp', 'value', 'e4']);
  });
});

describe('unusable input is refused before anything opens it', () => {
  it('refuses a FIFO (opening it would block forever), a link loop and a folder named like a file', async () => {
    const fifoDir = dir();
    expect(spawnSync('mkfifo', [join(fifoDir, 'events.csv')]).status).toBe(0);
    await expect(planSources([fifoDir])).rejects.toThrow(/not a regular file/);
    await expect(planSources([join(fifoDir, 'events.csv')])).rejects.toThrow(FileFormatError);

    const loopDir = dir();
    symlinkSync(join(loopDir, 'users.csv'), join(loopDir, 'users.csv'));
    await expect(planSources([loopDir])).rejects.toThrow(/symbolic link loop/);

    const folderDir = dir();
    mkdirSync(join(folderDir, 'events-x.csv'));
    await expect(planSources([folderDir])).rejects.toThrow(/a folder where a file is expected/);
    // Other entries of a folder are still ignored, whatever they are.
    writeFileSync(join(folderDir, 'README.md'), 'hi');
    mkdirSync(join(folderDir, 'notes'));
    await expect(planSources([folderDir])).rejects.toBeInstanceOf(FileFormatError);
  });
});

describe('--kind', () => {
  it('loads one file whose name does not say what it holds, format from the extension', async () => {
    const d = dir();
    writeFileSync(join(d, 'bad-events.csv'), 'id,user_id,type,product_id,timestamp\ne1,u,product_view,p,2025-01-01\n');
    await expect(planSources([join(d, 'bad-events.csv')])).rejects.toThrow(/cannot tell what it holds/);
    const [source] = await planSources([join(d, 'bad-events.csv')], 'native', { kind: 'events' });
    expect(source).toMatchObject({ kind: 'events', format: 'csv' });
    expect((await readAll(source)).map((i) => (i.record as { id?: string } | undefined)?.id)).toEqual(['e1']);
    await expect(planSources([d], 'native', { kind: 'events' })).rejects.toThrow(/needs a file/);
    await expect(planSources([join(d, 'bad-events.csv'), join(d, 'bad-events.csv')], 'native', { kind: 'events' })).rejects.toThrow(/exactly one file/);
  });
});
