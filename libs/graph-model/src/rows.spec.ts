import { describeIssues, eventRowSchema, parseTimestamp, productRowSchema, rowSchemas, userRowSchema } from './rows';
import { DEFAULT_LIMITS, limitsFromEnv } from './limits';
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
    for (const bad of ['yesterday', '2025-02-31', '2025-02-31T10:00:00Z', '2025-02-30T23:00:00+02:00', '2025-13-01', '', '12', -5, 1.5, null]) {
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

describe('one validation rule for files and trackEvent (limits)', () => {
  const NOW = Date.UTC(2026, 0, 15, 12);
  const limits = { ...DEFAULT_LIMITS, now: () => NOW };
  const schemas = rowSchemas(limits);
  const event = (extra: Record<string, unknown>) => ({ id: 'e1', user_id: 'u1', product_id: 'p1', type: 'purchase', timestamp: '2025-06-01T00:00:00Z', ...extra });
  const reasonOf = (result: { success: boolean; error?: Parameters<typeof describeIssues>[0] }) => (result.success || !result.error ? '' : describeIssues(result.error));

  it('accepts timestamps from the floor (the epoch, where undated logs sit) up to one day past the clock', () => {
    expect(schemas.events.safeParse(event({ timestamp: 0 })).success).toBe(true);
    expect(schemas.events.safeParse(event({ timestamp: '1970-01-01' })).success).toBe(true);
    expect(schemas.events.safeParse(event({ timestamp: new Date(NOW + 23 * 3_600_000).toISOString() })).success).toBe(true);
  });

  it('refuses far-future, absurd and pre-floor timestamps with a reason, without throwing', () => {
    for (const timestamp of ['9999-01-01', 1e20, new Date(NOW + 25 * 3_600_000).toISOString(), '1969-12-31']) {
      const parsed = schemas.events.safeParse(event({ timestamp }));
      expect(parsed.success).toBe(false);
      expect(reasonOf(parsed)).toMatch(/^timestamp: timestamp .* out of range/);
    }
    // Dates of users and devices go through the same bounds (1e20 used to throw "Invalid time value").
    expect(reasonOf(schemas.users.safeParse({ id: 'u', signup_date: 1e20 }))).toMatch(/^signup_date: .*out of range/);
    expect(schemas.devices.safeParse({ id: 'd', product_id: 'p', installed_at: '9999-01-01' }).success).toBe(false);
    expect(schemas.ownerships.safeParse({ user_id: 'u', device_id: 'd', since: 1e20 }).success).toBe(false);
  });

  it('bounds values by event type: ratings on their scale, amounts below the price ceiling, finite weights', () => {
    expect(schemas.events.safeParse(event({ type: 'rating', value: 4.5 })).success).toBe(true);
    expect(reasonOf(schemas.events.safeParse(event({ type: 'rating', value: 6 })))).toMatch(/^value: 6 out of range for a rating/);
    expect(schemas.events.safeParse(event({ value: 1e308 })).success).toBe(false);
    expect(schemas.events.safeParse(event({ value: -1 })).success).toBe(false);
    expect(schemas.events.safeParse(event({ value: '1e400' })).success).toBe(false);
    expect(schemas.events.safeParse(event({ type: 'interaction', value: 250_000 })).success).toBe(true);
    expect(schemas.events.safeParse(event({ type: 'interaction', value: 2e6 })).success).toBe(false);
    expect(schemas.products.safeParse({ id: 'p', name: 'x', category: 'chime', price: 1e9 }).success).toBe(false);
  });

  it('lets old catalogue dates through (MovieLens films from the 1920s) but not absurd ones', () => {
    expect(schemas.products.safeParse({ id: 'p', name: 'x', category: 'movie', release_date: '1922-01-01' }).success).toBe(true);
    expect(schemas.products.safeParse({ id: 'p', name: 'x', category: 'movie', release_date: 1e20 }).success).toBe(false);
  });

  it('reads overrides from the environment and refuses malformed ones', () => {
    const fromEnv = limitsFromEnv({ GRAPHREC_TIME_FLOOR: '2015-01-01', GRAPHREC_MAX_PRICE: '500', GRAPHREC_RATING_MAX: '10' }, () => NOW);
    expect(fromEnv).toMatchObject({ earliest: Date.UTC(2015, 0, 1), maxPrice: 500, ratingMax: 10, maxWeight: DEFAULT_LIMITS.maxWeight });
    const custom = rowSchemas(fromEnv);
    expect(custom.events.safeParse(event({ timestamp: '2014-12-31' })).success).toBe(false);
    expect(custom.events.safeParse(event({ type: 'rating', value: 9 })).success).toBe(true);
    expect(limitsFromEnv({ GRAPHREC_MAX_PRICE: '' }).maxPrice).toBe(DEFAULT_LIMITS.maxPrice);
    expect(() => limitsFromEnv({ GRAPHREC_MAX_PRICE: 'lots' })).toThrow(/GRAPHREC_MAX_PRICE/);
    expect(() => limitsFromEnv({ GRAPHREC_TIME_FLOOR: 'yesterday' })).toThrow(/GRAPHREC_TIME_FLOOR/);
  });
});
