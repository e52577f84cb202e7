import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphBuilder } from './builder';
import { graphDifferences } from './compare';
import { IdSet, projectFromFiles } from './files';
import { summary } from './graph';

const FILES: Record<string, string> = {
  'products.csv': ['id,name,category,price', 'P1,Doorbell,video_doorbell,99', 'P2,Chime,chime,29', 'P3,Plan,protection_plan,'].join('\n'),
  'users.csv': ['id,home_type,region,signup_date', 'u2,house,north,2024-01-01', 'u1,condo,,2023-06-01', 'u3,castle,south,'].join('\n'),
  'devices.csv': ['id,product_id,status', 'd1,P1,active', 'd2,P2,', 'd3,P9,active'].join('\n'),
  'ownerships.csv': ['user_id,device_id', 'u1,d1', 'u1,d1', 'u9,d2', 'u2,d3'].join('\n'),
  'events.csv': [
    'id,user_id,type,product_id,device_id,timestamp,value',
    'e1,u1,product_view,P1,,2025-01-01T00:00:00Z,',
    'e2,u1,purchase,P1,,2025-01-02T00:00:00Z,99',
    'e2,u1,purchase,P1,,2025-01-02T00:00:00Z,99',
    'e3,u1,install,P1,d1,2025-01-03T00:00:00Z,',
    'e4,u2,product_view,P9,,2025-01-03T00:00:00Z,',
    'e5,u2,live_view,P2,d7,2025-01-03T00:00:00Z,',
    'e6,u4,add_to_cart,P2,,2025-01-04T00:00:00Z,',
    'e7,u2,subscription_cancel,P3,,2025-01-05T00:00:00Z,',
    'e8,u2,not_a_type,P3,,2025-01-05T00:00:00Z,',
  ].join('\n'),
};

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'graphrec-projection-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text + '\n');
  return dir;
}

describe('projectFromFiles', () => {
  it('follows ingest rules: stubs, skipped references, one event per id, later rows win', async () => {
    const g = await projectFromFiles([fixture(FILES)]);
    expect(g.nodes.User.ids).toEqual(['u1', 'u2', 'u4', 'u9']);
    expect(g.nodes.Product.ids).toEqual(['P1', 'P2', 'P3']);
    expect(g.nodes.Device.ids).toEqual(['d1', 'd2']);
    const skipped = Object.fromEntries(Object.entries(g.report.skipped).map(([f, n]) => [f.split('/').pop(), n]));
    // u3 (bad home type), d3 (unknown product), u2-d3, e4 (unknown product), e5 (unknown device), e8 (bad type).
    expect(skipped).toEqual({ 'products.csv': 0, 'users.csv': 1, 'devices.csv': 1, 'ownerships.csv': 1, 'events.csv': 3 });
    expect(summary(g).edges).toEqual({ interacted: 2, purchased: 1, owns: 2, instanceOf: 2 });
    expect(g.asOf).toBe(Date.UTC(2025, 0, 5));
    const u1 = g.nodes.User.indexOf('u1') as number;
    const { interacted, purchased, owns } = g.relations;
    expect(interacted.out.targets[interacted.out.offsets[u1]]).toBe(g.nodes.Product.indexOf('P1'));
    // One purchase although its row came twice; the ownership row repeated is one edge of weight 1.
    expect(Array.from(purchased.out.weights)).toEqual([1]);
    expect(Array.from(owns.out.weights)).toEqual([1, 1]);
    const day = (n: number) => 0.5 ** (n / 180);
    expect(interacted.out.weights[0]).toBeCloseTo(1 * day(4) + 10 * day(3) + 4 * day(2), 5);
    expect(interacted.lastTime?.[0]).toBe(Date.UTC(2025, 0, 3));
    const devices = g.features.Device;
    expect(devices.columns).toEqual([
      'status=active',
      'status=<unknown>',
      'product_category=video_doorbell',
      'product_category=chime',
      'product_category=<unknown>',
      'log1p_degree:owns.in',
    ]);
    expect(Array.from(devices.data.subarray(devices.cols, 2 * devices.cols))).toEqual([0, 1, 0, 1, 0, Math.fround(Math.log1p(1))]);
    expect(summary(g).bytes.total).toBeGreaterThan(0);
  });

  it('gives the same graph as a builder fed the same data in another order', async () => {
    const fromFiles = await projectFromFiles([fixture(FILES)]);
    const b = new GraphBuilder();
    b.addEvent('u4', 'P2', 'add_to_cart', Date.UTC(2025, 0, 4));
    b.addEvent('u2', 'P3', 'subscription_cancel', Date.UTC(2025, 0, 5));
    b.addEvent('u1', 'P1', 'install', Date.UTC(2025, 0, 3));
    b.addEvent('u1', 'P1', 'purchase', Date.UTC(2025, 0, 2), 99);
    b.addEvent('u1', 'P1', 'product_view', Date.UTC(2025, 0, 1));
    b.setNode('Product', 'P3', { category: 'protection_plan' });
    b.setNode('Product', 'P2', { category: 'chime', price: 29 });
    b.setNode('Product', 'P1', { category: 'video_doorbell', price: 99 });
    b.setNode('User', 'u1', { home_type: 'condo', signup_date: '2023-06-01' });
    b.setNode('User', 'u2', { home_type: 'house', region: 'north', signup_date: '2024-01-01' });
    b.addOwnership('u9', 'd2');
    b.addOwnership('u1', 'd1');
    b.setDevice('d2', 'P2');
    b.setDevice('d1', 'P1', { status: 'active' });
    expect(graphDifferences(fromFiles, b.build())).toEqual([]);
  });

  it('reads interaction logs, creating their items, and keeps the event log when asked', async () => {
    const dir = fixture({ 'clicks.csv': ['user_id,item_id,weight,timestamp', 'a,x,2,1700000000', 'a,x,2,1700000000', 'b,y,,1700000100', 'a,y,0.5,1700000200'].join('\n') });
    const g = await projectFromFiles([join(dir, 'clicks.csv')], 'interactions', { keepEvents: true, weights: { decay: false } });
    expect(g.nodes.Product.ids).toEqual(['x', 'y']);
    expect(g.features.Product.columns).toContain('category=item');
    expect(Array.from(g.relations.interacted.out.weights)).toEqual([2, 0.5, 1]);
    expect(g.events?.user.length).toBe(3);
  });

  it('builds an empty graph, and refuses a second build of one builder', () => {
    const b = new GraphBuilder();
    expect(summary(b.build()).nodes).toEqual({ User: 0, Product: 0, Device: 0 });
    expect(() => b.build()).toThrow(/once/);
  });
});

describe('IdSet', () => {
  it('keeps ids across shards (past one Set) and finds each exactly once', () => {
    const ids = new IdSet(3);
    for (let i = 0; i < 10; i++) ids.add(`e${i}`);
    expect(ids.size).toBe(10);
    expect(ids.has('e0')).toBe(true);
    expect(ids.has('e9')).toBe(true);
    expect(ids.has('e10')).toBe(false);
  });
});
