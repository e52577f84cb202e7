import { humanName, humanValue, isHiddenProperty, PROPERTY_NAMES } from './property-names';
import { anchorOf, formatRoute, parseRoute, routeForNode } from './route';

describe('property names', () => {
  it('maps internal keys, per-run slots included, to one human name each', () => {
    expect(humanName('buyers_a')).toBe('Buyers');
    expect(humanName('holders_a')).toBe('Holders');
    expect(humanName('holders_b')).toBe('Holders');
    expect(humanName('engaged_a')).toBe('Engaged users');
    expect(humanName('home_type')).toBe('Home type');
    expect(humanName('coUsers')).toBe(PROPERTY_NAMES.coUsers);
  });

  it('turns unknown keys into words instead of hiding them, and hides bookkeeping', () => {
    expect(humanName('first_seen_at')).toBe('First seen at');
    expect(humanName('lastLoginDate')).toBe('Last login date');
    expect(humanName('x_a')).toBe('X a');
    expect(isHiddenProperty('changedAt')).toBe(true);
    expect(isHiddenProperty('embedding_b')).toBe(true);
    expect(isHiddenProperty('holders_a')).toBe(false);
    expect(humanValue('add_to_cart')).toBe('add to cart');
  });
});

describe('routes (a URL per view)', () => {
  it('round-trips every view through the hash', () => {
    for (const route of [
      { view: 'map' },
      { view: 'user', id: 'U0000042' },
      { view: 'product', id: 'P-DOOR/BELL' },
      { view: 'segment', id: 'S03' },
      { view: 'segment', id: 'S03', after: 'eyJ4IjoxfQ' },
      { view: 'node', id: 'Device:D1' },
    ] as const) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
  });

  it('falls back to the product map on anything else', () => {
    expect(parseRoute('')).toEqual({ view: 'map' });
    expect(parseRoute('#nonsense/x')).toEqual({ view: 'map' });
    expect(parseRoute('#user/')).toEqual({ view: 'map' });
    expect(parseRoute('#user/%E0%A4%A')).toEqual({ view: 'map' });
  });

  it('opens a node in its own view, and names the node a view is centred on', () => {
    expect(routeForNode('User:U1')).toEqual({ view: 'user', id: 'U1' });
    expect(routeForNode('Product:P:1')).toEqual({ view: 'product', id: 'P:1' });
    expect(routeForNode('Segment:S03')).toEqual({ view: 'segment', id: 'S03' });
    expect(routeForNode('Device:D1')).toEqual({ view: 'node', id: 'Device:D1' });
    expect(anchorOf({ view: 'segment', id: 'S03' })).toBe('Segment:S03');
    expect(anchorOf({ view: 'map' })).toBeUndefined();
  });
});
