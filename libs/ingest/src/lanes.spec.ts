import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { laneOf, routingKey } from './lanes';
import { mergeQuarantineParts } from './quarantine';

describe('lane routing', () => {
  it('is stable and spreads keys over the lanes', () => {
    expect(laneOf('U0000001', 2)).toBe(laneOf('U0000001', 2));
    const counts = [0, 0];
    for (let i = 0; i < 10_000; i++) counts[laneOf(`U${String(i).padStart(7, '0')}`, 2)]++;
    expect(Math.min(...counts)).toBeGreaterThan(4_500);
    expect(laneOf('anything', 1)).toBe(0);
  });
  it('routes events and ownerships by their user, other rows by their own id', () => {
    expect(routingKey('events', { id: 'e', user_id: 'u', type: 'purchase', product_id: 'p', timestamp: 0 })).toBe('u');
    expect(routingKey('ownerships', { user_id: 'u', device_id: 'd' })).toBe('u');
    expect(routingKey('devices', { id: 'd', product_id: 'p' })).toBe('d');
  });
});

describe('mergeQuarantineParts', () => {
  it('merges ordered parts into one file ordered by line and writes nothing when there is nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'q-'));
    const row = (line: number) => JSON.stringify({ file: 'f', line, raw: `r${line}`, reason: 'x' });
    writeFileSync(join(dir, 'a'), [1, 4, 9].map(row).join('\n') + '\n');
    writeFileSync(join(dir, 'b'), [2, 3, 10].map(row).join('\n') + '\n');
    const target = join(dir, 'out.jsonl');
    expect(await mergeQuarantineParts([join(dir, 'a'), join(dir, 'missing'), join(dir, 'b')], target)).toBe(6);
    const lines = readFileSync(target, 'utf8').trim().split('\n').map((l) => JSON.parse(l).line);
    expect(lines).toEqual([1, 2, 3, 4, 9, 10]);
    expect(await mergeQuarantineParts([join(dir, 'missing')], target)).toBe(0);
    expect(existsSync(target)).toBe(false);
  });
});
