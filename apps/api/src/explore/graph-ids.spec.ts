import { ApiError } from '../common/errors';
import { escapeLucene, parseGlobalId, productSearchQuery } from './graph-ids';

describe('global ids and search text', () => {
  it('parses Label:externalId, ids may contain colons', () => {
    expect(parseGlobalId('Product:p:1', 'id')).toEqual({ label: 'Product', externalId: 'p:1' });
    expect(() => parseGlobalId('Run:x', 'id')).toThrow(ApiError);
    expect(() => parseGlobalId('User:', 'id')).toThrow(ApiError);
  });

  it('escapes Lucene syntax and neutralises operator words', () => {
    expect(escapeLucene('a+b (c) "d" e:f \\ / ~*?')).toBe('a\\+b \\(c\\) \\"d\\" e\\:f \\\\ \\/ \\~\\*\\?');
    expect(productSearchQuery('door AND bell')).toBe('door and bell OR bell*');
    expect(productSearchQuery('cam (')).toBe('cam \\(');
  });
});
