import { formatValue, profileSummary, propertyRows } from './format';

describe('format', () => {
  it('formats property values for the panel, sorted by key', () => {
    expect(propertyRows({ b: 1.23456, a: 'x', c: null, d: [1, 2], e: { add_to_cart: 2, view: 1 } })).toEqual([
      ['A', 'x'],
      ['B', '1.235'],
      ['C', '—'],
      ['D', '1, 2'],
      ['E', 'add to cart 2, view 1'],
    ]);
    // Internal names read as words; per-run slots and bookkeeping do not show.
    expect(propertyRows({ buyers_a: 3, holders_b: 9, changedAt: 1, embedding_a: [0.1] })).toEqual([
      ['Buyers', '3'],
      ['Holders', '9'],
    ]);
    // A view's live figure wins over the served run's copy; vocabulary values read as words.
    expect(propertyRows({ holders: 20, holders_a: 18, category: 'video_doorbell' })).toEqual([
      ['Category', 'video doorbell'],
      ['Holders', '20'],
    ]);
    expect(formatValue(2)).toBe('2');
    expect(formatValue([1, 2, 3, 4, 5, 6, 7, 8])).toBe('1, 2, 3, 4, … (8 values)');
    expect(propertyRows(null)).toEqual([]);
  });

  it('summarises known profile parts and falls back to trimmed JSON', () => {
    const profile = { owned: [{ product: 'P1', name: 'Doorbell', lift: 3.14 }, { product: 'P2', name: 'Chime', lift: 2 }], activity: { level: 'high' }, next: { name: 'Floodlight' } };
    expect(profileSummary(profile)).toBe('owns Doorbell ×3.1, Chime ×2.0; high activity; next: Floodlight');
    expect(profileSummary({ other: 'x'.repeat(500) }, 20)).toHaveLength(20);
    expect(profileSummary(null)).toBe('');
  });

  it('lists only over-represented products as what a segment owns', () => {
    const owned = [{ name: 'Doorbell', lift: 2.5 }, { name: 'Chime', lift: 0.4 }, { name: 'Alarm', lift: 1 }];
    expect(profileSummary({ owned, activity: { level: 'low' } })).toBe('owns Doorbell ×2.5; low activity');
    expect(profileSummary({ owned: [{ name: 'Chime', lift: 0.4 }] })).not.toContain('owns');
  });
});
