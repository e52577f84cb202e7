import { describeIssues, eventRowSchema, parseTimestamp, productRowSchema, userRowSchema } from './rows';
import { assertNodeLabel, assertRelationshipType } from './labels';

describe('parseTimestamp', () => {
  it('reads ISO date-times with and without zone, dates and epoch values', () => {
    expect(parseTimestamp('2025-03-01T10:00:00Z')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseTimestamp('2025-03-01T12:00:00+02:00')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseTimestamp('2025-03-01 10:00:00')).toBe(Date.UTC(2025, 2, 1, 10));
    expect(parseTimestamp('2025-03-01')).toBe(Date.UTC(2025, 2, 1));
    expect(parseTimestamp('881250949')).toBe(881250949000);
    expect(parseTimestamp(1740823200000)).toBe(1740823200000);
  });
  it('refuses what is not a real instant', () => {
    for (const bad of ['yesterday', '2025-02-31', '2025-13-01', '', '12', -5, 1.5, null]) {
      expect(parseTimestamp(bad)).toBeUndefined();
    }
  });
});

describe('row schemas', () => {
  it('coerces CSV strings into typed records', () => {
    const p = productRowSchema.parse({ id: 'P1', name: 'Chime', category: 'chime', price: '29.99', compatible_with: 'P2|P3' });
    expect(p).toEqual({ id: 'P1', name: 'Chime', category: 'chime', price: 29.99, compatible_with: ['P2', 'P3'] });
    const u = userRowSchema.parse({ id: 7, home_type: 'house', region: 'west', signup_date: '2024-05-02' });
    expect(u.id).toBe('7');
    expect(u.signup_date).toBe('2024-05-02');
  });

  it('rejects unknown enum values, bad numbers and missing ids with readable reasons', () => {
    const bad = productRowSchema.safeParse({ id: '', name: 'X', category: 'toaster', price: '12x' });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      const reason = describeIssues(bad.error);
      expect(reason).toMatch(/^id: /);
      expect(reason).toContain('category');
      expect(reason).toContain('price: not a number');
    }
  });

  it('requires a device for device events and a parseable timestamp', () => {
    const base = { id: 'e1', user_id: 'u1', product_id: 'p1', timestamp: '2025-01-01T00:00:00Z' };
    expect(eventRowSchema.safeParse({ ...base, type: 'motion_alert' }).success).toBe(false);
    expect(eventRowSchema.safeParse({ ...base, type: 'motion_alert', device_id: 'd1' }).success).toBe(true);
    const noTime = eventRowSchema.safeParse({ ...base, type: 'purchase', timestamp: 'soon' });
    expect(noTime.success).toBe(false);
    if (!noTime.success) expect(describeIssues(noTime.error)).toContain('unparseable timestamp');
  });
});

describe('allowlists', () => {
  it('passes known labels and types, throws on anything else', () => {
    expect(assertNodeLabel('User')).toBe('User');
    expect(assertRelationshipType('OWNS')).toBe('OWNS');
    expect(() => assertNodeLabel('User) DETACH DELETE n //')).toThrow(/unknown node label/);
    expect(() => assertRelationshipType('owns')).toThrow(/unknown relationship type/);
  });
});
