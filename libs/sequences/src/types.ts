/** One interaction before sessionisation: who, what, when (epoch seconds), and of which kind. */
export interface SessionEvent {
  /** Absent or empty for an anonymous visitor. */
  user?: string;
  item: string;
  /** Epoch seconds. */
  t: number;
  /** The event type (product_view, purchase...); only configured types become session items. */
  type?: string;
}

/** A session as read: items in time order. */
export interface Session {
  id: string;
  /** undefined: anonymous (HRNN then uses its session-level model alone). */
  user: string | undefined;
  items: string[];
  /** Epoch seconds of each item, non-decreasing. */
  times: number[];
}

/** A session with items as indices into the split's item vocabulary. */
export interface EncodedSession {
  /** Index into `userIds`, -1 for anonymous. */
  user: number;
  /** Epoch seconds of the first item. */
  start: number;
  items: Int32Array;
}
