import { MAX_K } from '@graphrec/serving';
import { ApiError } from '../common/errors';
import { DEFAULT_LIMITS } from '../config/config';
import { EventsArgs } from '../explore/catalog.args';
import { NeighborhoodArgs, SearchArgs } from '../explore/explore.args';
import { RankArgs, RelatedItemsArgs } from '../recommendations/recommendations.args';
import { MembersArgs } from '../segments/segments.args';
import { checkArgs } from './args';

const limits = DEFAULT_LIMITS;
const refusal = (run: () => unknown): { code: string; argument: unknown; message: string } => {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, argument: error.details.argument, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('arguments checked on their @ArgsType classes', () => {
  it('applies each default once, also for an explicit null, and the page size bound from libs/serving', () => {
    expect(checkArgs(RelatedItemsArgs, { productId: 'p1' }, limits)).toEqual({ productId: 'p1', k: 10, filter: undefined });
    expect(checkArgs(RelatedItemsArgs, { productId: 'p1', k: null }, limits).k).toBe(10);
    expect(limits.maxPageSize).toBe(MAX_K);
    expect(refusal(() => checkArgs(RelatedItemsArgs, { productId: 'p1', k: MAX_K + 1 }, limits))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'k' });
    expect(refusal(() => checkArgs(RelatedItemsArgs, { productId: 'p 1' }, limits))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'productId' });
    expect(refusal(() => checkArgs(RelatedItemsArgs, { productId: 'p1', filter: { excludeProductIds: ['ok', ''] } }, limits))).toMatchObject({ argument: 'filter' });
  });

  it('bounds lists and text', () => {
    expect(refusal(() => checkArgs(RankArgs, { userId: 'u1', productIds: [] }, limits))).toMatchObject({ argument: 'productIds' });
    expect(refusal(() => checkArgs(RankArgs, { userId: 'u1', productIds: Array.from({ length: 101 }, (_, i) => `p${i}`) }, limits))).toMatchObject({ argument: 'productIds' });
    expect(checkArgs(SearchArgs, { text: '  door  ' }, limits)).toMatchObject({ text: 'door', first: 10, labels: ['Product', 'User', 'Device'] });
    expect(refusal(() => checkArgs(SearchArgs, { text: '   ' }, limits))).toMatchObject({ argument: 'text' });
    expect(refusal(() => checkArgs(NeighborhoodArgs, { nodeId: 'User:u1', depth: 3 }, limits))).toMatchObject({ argument: 'depth' });
    expect(refusal(() => checkArgs(NeighborhoodArgs, { nodeId: 'User:u1', limit: limits.maxSubgraphNodes + 1 }, limits))).toMatchObject({ argument: 'limit' });
  });

  it('turns cursors into positions and refuses forged ones as BAD_USER_INPUT on `after`', () => {
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expect(checkArgs(EventsArgs, {}, limits)).toEqual({ first: 20, after: 0 });
    expect(checkArgs(EventsArgs, { after: cursor(4) }, limits).after).toBe(5);
    for (const forged of [cursor(1e20), cursor(-1), cursor('x'), cursor(1.5), '%%%']) {
      expect(refusal(() => checkArgs(EventsArgs, { after: forged }, limits))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
    expect(checkArgs(MembersArgs, { after: cursor('U-1') }, limits)).toEqual({ first: 20, after: 'U-1' });
    expect(refusal(() => checkArgs(MembersArgs, { after: cursor(7) }, limits))).toMatchObject({ argument: 'after' });
  });
});
