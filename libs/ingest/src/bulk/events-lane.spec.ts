import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvSource, readCsvHeader } from '../native-source';
import { SourceItem } from '../source';
import { validateEventsRange } from './events-lane';
import { IdSet } from './id-set';
import { ImporterFile } from './importer-files';
import { acceptEvent, EventFiles, EventRefs } from './prepare';

/**
 * The events lane must decide every row as the general path does (csvSource + acceptEvent): the
 * same importer lines, the same refusals with the same line numbers, raw text and reasons.
 */
const HEADER = 'id,user_id,type,product_id,device_id,timestamp,value';
const tricky = [
  'E1,U1,purchase,P1,,2025-03-01T10:00:00Z,19.99',
  'E2,U2,install,P1,D1,2025-03-01T10:00:00Z,',
  'E3,U1,install,P1,,2025-03-01T10:00:00Z,', // a device event without a device
  'E1,U9,purchase,P1,,2025-03-01T11:00:00Z,5', // repeated id: unchanged
  'E4,U3,purchase,PX,,2025-03-01T10:00:00Z,5', // unknown product
  'E5,U3,install,P1,DX,2025-03-01T10:00:00Z,', // unknown device
  '"E6",U4,purchase,P1,,2025-03-01T10:00:00Z,1', // quoted cell
  'E7,U4,purchase,"P1",,2025-03-01T10:00:00Z,"1,5"', // a quoted comma: too many fields unquoted
  'E8,U4,purchase,P1,,2025-03-01T10:00:00Z,1\r', // CRLF
  '',
  'E9,U5,purchase,P1,,9999-01-01T00:00:00Z,1', // year 9999
  'E10,U5,purchase,P1,,2025-03-01T10:00:00Z,1e308', // an absurd amount
  'E11,U5,purchase,P1,,2025-03-01T10:00:00Z,-1',
  'E12,U5,product_view,P1,,2025-03-01,', // a date only: the general path
  'E13,U5,product_view,P1,,1740823200,', // epoch seconds
  'E14,U5,product_view,P1,,2024-01-01T24:00:00Z,', // hour 24: Date.parse rolls over
  'E15,U5,product_view,P1,,2023-02-29T00:00:00Z,', // no such day
  ' E16 ,U6,rating,P1,,2025-03-01T10:00:00Z, 4 ', // spaces around cells
  'E17,U6,rating,P1,,2025-03-01T10:00:00Z,6', // a rating above the scale
  'E18,U6,teleport,P1,,2025-03-01T10:00:00Z,',
  'E19,U6,purchase,P1,,2025-03-01T10:00:00Z', // a field short
  'E20,Ü7,purchase,P1,,2025-03-01T10:00:00Z,1', // non-ASCII: the general path
  'E21,U7,purchase,P1,,"2025-03-01T10:00:00Z', // an unterminated quote ...
  'E22,U7,purchase,P1,,2025-03-01T10:00:00Z,1', // ... swallows lines until the limit
  ',U8,purchase,P1,,2025-03-01T10:00:00Z,1', // empty id
  'E23,U8,purchase,P1,,2025-03-01T10:00:00Z,0x10',
  'E24,U8,"multi',
  'line",P1,,2025-03-01T10:00:00Z,1',
  'E25,U8,purchase,P1,,2025-03-01T10:00:00Z,1',
];

const refsOf = (): EventRefs => ({
  products: new Map([['P1', 0]]),
  devices: new Map([['D1', 1]]),
  users: new Map([['U1', 2], ['U2', 3]]),
  events: new IdSet(),
  stubs: new Set(),
  eventBase: 100,
  maxEvent: -1,
});
const filesIn = (dir: string): EventFiles => ({
  events: new ImporterFile('events', join(dir, 'events.csv')),
  performed: new ImporterFile('performed', join(dir, 'performed.csv')),
  about: new ImporterFile('about', join(dir, 'about.csv')),
  fromDevice: new ImporterFile('fromDevice', join(dir, 'fromDevice.csv')),
  stubPerformed: new ImporterFile('performed', join(dir, 'stubPerformed.csv'), false),
});
const read = (dir: string) => ['events', 'performed', 'about', 'fromDevice', 'stubPerformed'].map((n) => readFileSync(join(dir, `${n}.csv`), 'utf8'));

async function both(text: string) {
  const root = mkdtempSync(join(tmpdir(), 'graphrec-lane-'));
  const path = join(root, 'events.csv');
  writeFileSync(path, text);
  const [a, b] = [join(root, 'general'), join(root, 'lane')];
  for (const d of [a, b]) mkdirSync(d);

  const generalRefs = refsOf();
  const generalOut = filesIn(a);
  const generalRefused: unknown[] = [];
  const source = csvSource('events', path);
  const counts = { loaded: 0, unchanged: 0 };
  for await (const chunk of source.read(await source.start())) {
    for (const item of chunk as SourceItem<'events'>[]) {
      const outcome = item.record === undefined ? (item.reason ?? 'invalid row') : acceptEvent(item.record, item.lineNo, generalRefs, generalOut);
      if (outcome === 'loaded') counts.loaded++;
      else if (outcome === 'unchanged') counts.unchanged++;
      else generalRefused.push({ line: item.lineNo, raw: item.raw, rawBytes: item.rawBytes, reason: outcome });
    }
  }
  Object.values(generalOut).forEach((f) => f.close());

  const laneRefs = refsOf();
  const laneOut = filesIn(b);
  const laneRefused: unknown[] = [];
  const { end } = await readCsvHeader('events', path);
  const lane = await validateEventsRange(path, { start: end, end: Infinity, line: 2 }, laneRefs, laneOut, (row, reason) =>
    laneRefused.push({ line: row.lineNo, raw: row.raw, rawBytes: row.rawBytes, reason }),
  );
  Object.values(laneOut).forEach((f) => f.close());
  return { general: { files: read(a), refused: generalRefused, counts, stubs: [...generalRefs.stubs], ids: [...generalRefs.events], maxEvent: generalRefs.maxEvent }, lane: { files: read(b), refused: laneRefused, counts: { loaded: lane.loaded, unchanged: lane.unchanged }, stubs: [...laneRefs.stubs], ids: [...laneRefs.events], maxEvent: laneRefs.maxEvent } };
}

describe('validateEventsRange (the bulk load events lane)', () => {
  it('decides tricky rows exactly as the general path does', async () => {
    const { general, lane } = await both(`\uFEFF${HEADER}\n${tricky.join('\n')}`);
    expect(lane).toEqual(general);
    // The cases above exercise both paths: plain rows written, refusals quarantined.
    expect(general.counts.loaded).toBeGreaterThanOrEqual(6);
    expect(general.counts.unchanged).toBe(1);
    expect(general.refused.length).toBeGreaterThanOrEqual(10);
  });

  it('reads CRLF files, a last line without a line break and a header in another column order', async () => {
    const header = 'timestamp,type,id,user_id,product_id,value,device_id,extra';
    const rows = ['2025-03-01T10:00:00Z,purchase,E1,U1,P1,3,,x', '2025-03-01T10:00:00Z,install,E2,U3,P1,,D1,y', '2025-03-01T10:00:00Z,install,E3,U3,P1,,,z'];
    const { general, lane } = await both(`${header}\r\n${rows.join('\r\n')}`);
    expect(lane).toEqual(general);
    expect(general.counts.loaded).toBe(2);
  });

  it('stops at the range end, leaving later records to the next range', async () => {
    const root = mkdtempSync(join(tmpdir(), 'graphrec-lane-range-'));
    const path = join(root, 'events.csv');
    const rows = Array.from({ length: 10 }, (_, i) => `E${i},U1,purchase,P1,,2025-03-01T10:00:00Z,1`);
    writeFileSync(path, `${HEADER}\n${rows.join('\n')}\n`);
    const { end } = await readCsvHeader('events', path);
    const cut = end + rows.slice(0, 4).join('\n').length + 1;
    const out = filesIn(mkdtempSync(join(root, 'out-')));
    const counts = await validateEventsRange(path, { start: end, end: cut, line: 2 }, refsOf(), out, () => undefined);
    Object.values(out).forEach((f) => f.close());
    expect(counts).toEqual({ rows: 4, loaded: 4, unchanged: 0 });
  });
});
