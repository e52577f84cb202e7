/** Segments of the current run only: a new run becomes visible the moment it is made current. */
import { Inject, Injectable } from '@nestjs/common';
import { sizeSeries } from '@graphrec/segments';
import { CurrentSegments, SegmentInfo } from '@graphrec/writeback';
import { ApiContext } from '../graphql/context';
import { ApiError } from '../common/errors';
import { displayProperties, encodeCursor } from '../common/values';
import { Segment, SegmentSize, User, UserConnection, UserEdge } from '../graphql/models';
import { SegmentsRepository } from './segments.repository';

export function toSegment(runId: string, info: SegmentInfo): Segment {
  return Object.assign(new Segment(), { id: info.segmentId, label: info.label, size: info.size, runId, profile: info.profile ?? {} });
}

const find = (current: CurrentSegments | undefined, id: string): Segment | null => {
  const info = current?.segments.find((s) => s.segmentId === id);
  return current && info ? toSegment(current.runId, info) : null;
};

@Injectable()
export class SegmentsService {
  constructor(
    @Inject(SegmentsRepository) private readonly repository: SegmentsRepository,
  ) {}

  async segments(ctx: ApiContext): Promise<Segment[]> {
    const current = await ctx.loaders.segments();
    return current ? current.segments.map((s) => toSegment(current.runId, s)) : [];
  }

  async segment(ctx: ApiContext, id: string): Promise<Segment | null> {
    return find(await ctx.loaders.segments(), id);
  }

  /** The user's segment; NOT_FOUND for an unknown user, null for a known user without one. */
  async userSegment(ctx: ApiContext, userId: string): Promise<Segment | null> {
    const [user, segmentId] = await Promise.all([ctx.loaders.user.load(userId), ctx.loaders.segmentId.load(userId)]);
    if (!user) throw new ApiError('NOT_FOUND', `no user with id "${userId}"`);
    return segmentId ? find(await ctx.loaders.segments(), segmentId) : null;
  }

  /** Segment of a user already loaded (User.segment): null when none. */
  async segmentOf(ctx: ApiContext, userId: string): Promise<Segment | null> {
    const segmentId = await ctx.loaders.segmentId.load(userId);
    return segmentId ? find(await ctx.loaders.segments(), segmentId) : null;
  }

  async sizeOverRuns(ctx: ApiContext, segment: Segment): Promise<SegmentSize[]> {
    return sizeSeries(await ctx.loaders.sizeHistory(segment.runId), segment.id).map((p) => Object.assign(new SegmentSize(), p));
  }

  /** `first` and `after` (the last member's id, '' from the start) arrive checked (segments.args.ts). */
  async members(segment: Segment, size: number, from: string): Promise<UserConnection> {
    const rows = await this.repository.members(segment.runId, segment.id, from, size + 1);
    const page = rows.slice(0, size);
    const edges = page.map((r) =>
      Object.assign(new UserEdge(), { cursor: encodeCursor(r.id), node: Object.assign(new User(), { id: r.id, properties: displayProperties(r.properties) }) }),
    );
    return Object.assign(new UserConnection(), {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      totalCount: segment.size,
    });
  }
}
