import { isoOfMillis } from './importer-files';

describe('isoOfMillis', () => {
  it('equals toISOString from the year 1000 to 9999, leap days, day ends and milliseconds included', () => {
    const edges = [0, -1, 951782400000, 951868799999, 4107542399999, -30610224000000, 253402300799999, Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(1900, 2, 1), Date.UTC(2100, 1, 28, 12)];
    let x = 12345;
    const random = Array.from({ length: 20000 }, () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return -30610224000000 + Math.floor((x / 2 ** 32) * (253402300799999 + 30610224000000));
    });
    for (const ms of [...edges, ...random]) expect(isoOfMillis(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves other instants to Date (six-digit years, fractions)', () => {
    for (const ms of [-30610224000001, 253402300800000, 8.64e15, 1.5]) expect(isoOfMillis(ms)).toBe(new Date(ms).toISOString());
  });
});
