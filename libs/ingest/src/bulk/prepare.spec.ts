import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { planSources } from '../plan';
import { prepareImport } from './prepare';

/**
 * Worker threads (and the events workers' early start beside the ownerships) must not change what
 * the bulk load writes: the importer's rows, the counts and the quarantine equal one thread's, with
 * one events file (ids checked by their hashes) and with a repeated id across ranges (back to one
 * thread).
 */
function world(repeatAcrossRanges: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'graphrec-prepare-'));
  writeFileSync(join(dir, 'products.csv'), 'id,name,category,price,compatible_with\nP1,Cam,indoor_camera,99,\nP2,Hub,alarm_base_station,49,\n');
  writeFileSync(join(dir, 'users.csv'), 'id,home_type,region,signup_date\nU1,house,north,2024-01-01\nU2,apartment,south,2024-02-01\n');
  writeFileSync(join(dir, 'devices.csv'), 'id,product_id,status,installed_at\nD1,P1,active,2024-03-01T00:00:00Z\nD2,PX,active,\n');
  writeFileSync(join(dir, 'ownerships.csv'), 'user_id,device_id,since\nU1,D1,2024-03-01T00:00:00Z\nU7,D1,\nU2,D2,\n');
  const rows = Array.from({ length: 3000 }, (_, i) => {
    const id = repeatAcrossRanges && i === 2900 ? 'E5' : `E${i}`;
    if (i % 97 === 0) return `${id},U${i % 11},purchase,PX,,2025-01-01T00:00:00Z,5`; // unknown product
    if (i % 89 === 0) return `${id},U1,purchase,P1,,2025-01-01T00:00:00Z,"1,5"`; // quoted
    if (i % 83 === 0) return `${id},U1,install,P1,D2,2025-01-01T00:00:00Z,`; // unknown device
    return `${id},U${i % 13},${i % 2 ? 'product_view' : 'install'},P1,${i % 2 ? '' : 'D1'},2025-01-0${1 + (i % 9)}T10:00:00Z,`;
  });
  writeFileSync(join(dir, 'events.csv'), `id,user_id,type,product_id,device_id,timestamp,value\n${rows.join('\n')}\n`);
  return dir;
}

async function prepared(dir: string, workers: number) {
  const out = mkdtempSync(join(tmpdir(), 'graphrec-prepare-out-'));
  const result = await prepareImport(await planSources([dir]), out, {
    stamp: 1,
    workers,
    parallelMinBytes: 0,
    quarantinePathOf: (s) => join(out, `${basename(s.path)}.rejected.jsonl`),
  });
  // Each importer group's rows, sorted: the relationships of stubs are written at the end, into
  // the header file, so with workers they come before the workers' parts (the importer's order
  // within a group does not matter; the node ids in the rows do).
  const groups = result.inputArgs.map((arg) => {
    const files = arg.split('=').slice(2).join('=').split(',');
    const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));
    return [arg.split('=')[0] + '=' + arg.split('=')[1], [lines[0], ...lines.slice(1).sort()]];
  });
  const quarantine = Object.fromEntries(readdirSync(out).filter((f) => f.endsWith('.rejected.jsonl')).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
  const counts = result.files.map((f) => [f.kind, f.loaded, f.unchanged, f.rejected]);
  return { groups, quarantine, counts, nodes: result.nodes, relationships: result.relationships, events: result.events, parallelFiles: result.parallelFiles };
}

describe('prepareImport: worker threads write what one thread writes', () => {
  it.each([false, true])('repeated id across ranges: %s', async (repeat) => {
    const dir = world(repeat);
    const one = await prepared(dir, 1);
    const two = await prepared(dir, 2);
    expect(two.parallelFiles).toBe(repeat ? 0 : 1);
    expect({ ...two, parallelFiles: 0 }).toEqual({ ...one, parallelFiles: 0 });
    expect(one.events).toBeGreaterThan(2500);
    expect(Object.keys(one.quarantine).length).toBeGreaterThanOrEqual(2);
  });
});

/**
 * Node ids (--id-type=actual): every node's id is unique, every relationship names nodes of its
 * labels, and stubs (met in ownerships and in events, on the main thread and in workers) get ids
 * after the events; with a second events file, its events' ids follow the first file's.
 */
describe('prepareImport: node ids for the importer', () => {
  it.each([1, 2])('are unique and every relationship end is a node of its label (%s worker(s), two events files)', async (workers) => {
    const dir = world(false);
    writeFileSync(join(dir, 'events-2.csv'), 'id,user_id,type,product_id,device_id,timestamp,value\nF1,U1,purchase,P1,,2025-02-01T00:00:00Z,3\nF2,U99,install,P1,D1,2025-02-01T00:00:00Z,\nE7,U1,purchase,P1,,2025-02-01T00:00:00Z,3\n');
    const out = mkdtempSync(join(tmpdir(), 'graphrec-prepare-ids-'));
    const result = await prepareImport(await planSources([dir]), out, { stamp: 1, workers, parallelMinBytes: 0, quarantinePathOf: (s) => join(out, `${basename(s.path)}.rejected.jsonl`) });
    const rows = (arg: string) =>
      arg
        .split('=')
        .slice(2)
        .join('=')
        .split(',')
        .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
        .filter((line) => !line.startsWith(':'))
        .map((line) => line.split(','));
    const label = new Map<number, string>();
    const key = new Map<number, string>();
    for (const arg of result.inputArgs.filter((a) => a.startsWith('--nodes='))) {
      const name = arg.split('=')[1];
      for (const [id, k] of rows(arg)) {
        expect(label.has(Number(id))).toBe(false);
        label.set(Number(id), name);
        key.set(Number(id), k);
      }
    }
    expect(label.size).toBe(result.nodes);
    const ends: Record<string, [string, string]> = { INSTANCE_OF: ['Device', 'Product'], OWNS: ['User', 'Device'], PERFORMED: ['User', 'Event'], ABOUT: ['Event', 'Product'], FROM_DEVICE: ['Event', 'Device'] };
    let relationships = 0;
    const performed = new Set<string>();
    for (const arg of result.inputArgs.filter((a) => a.startsWith('--relationships='))) {
      const type = arg.split('=')[1];
      for (const [start, end] of rows(arg)) {
        relationships++;
        expect([label.get(Number(start)), label.get(Number(end))]).toEqual(ends[type]);
        if (type === 'PERFORMED') performed.add(`${key.get(Number(start))}>${key.get(Number(end))}`);
      }
    }
    expect(relationships).toBe(result.relationships);
    // Stubs: U7 (an ownership), U3..U12 (events of the first file), U99 (the second file); each
    // stub's events are theirs, and the second file's events are numbered after the first's.
    expect(performed).toContain('U99>F2');
    expect(performed).toContain('U12>E12');
    expect(performed).toContain('U1>F1');
    const id = (k: string) => [...key].find(([, v]) => v === k)?.[0] as number;
    // Load order puts events-2.csv first.
    expect(id('E1')).toBeGreaterThan(id('F2'));
    expect(id('U99')).toBeGreaterThan(id('E2999'));
    expect(label.get(id('U7'))).toBe('User');
  });
});
