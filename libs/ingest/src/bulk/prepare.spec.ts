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
