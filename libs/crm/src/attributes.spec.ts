import { COLUMNS } from '@graphrec/graph-model';
import { WritebackError } from '@graphrec/writeback';
import { AttributeError, parseAttributes, PROFILE_ATTRIBUTES } from './attributes';

describe('exportable user attributes', () => {
  it('are the profile columns of users.csv, without the id', () => {
    expect(PROFILE_ATTRIBUTES).toEqual(['home_type', 'region', 'signup_date']);
    expect(PROFILE_ATTRIBUTES.every((a) => COLUMNS.users.includes(a))).toBe(true);
  });

  it('parses a comma list or an array, keeping the order, dropping blanks', () => {
    expect(parseAttributes('region, home_type,')).toEqual(['region', 'home_type']);
    expect(parseAttributes(['signup_date'])).toEqual(['signup_date']);
    expect(parseAttributes(undefined)).toEqual([]);
    expect(parseAttributes('')).toEqual([]);
  });

  it.each(['password', 'apiToken', 'age', 'zip', 'id', 'stub', 'embedding_a', 'bad-name', 'user_id'])('rejects %s, which is not on the allowlist', (name) => {
    let thrown: unknown;
    try {
      parseAttributes(`region,${name}`);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AttributeError);
    expect(thrown).toBeInstanceOf(WritebackError);
    expect(thrown).toMatchObject({ code: 'BAD_INPUT', attribute: name });
    expect((thrown as Error).message).toMatch(/unknown user attribute .*; exportable attributes: home_type, region, signup_date/);
  });

  it('rejects a name listed twice', () => {
    expect(() => parseAttributes('region,region')).toThrow(/listed twice/);
  });
});
