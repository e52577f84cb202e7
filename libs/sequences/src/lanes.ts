/**
 * Session-parallel mini-batches (Hidasi et al. 2016), user-parallel for HRNN (Quadrana et al.
 * 2017): each of `width` lanes walks one stream — a user's sessions in time order — one event per
 * step; when a session ends the lane's next session starts (its hidden state reset, or, in HRNN,
 * initialised from the user state), and when a stream ends the lane takes the next stream (user
 * state reset). Lanes with nothing left are idle (weight 0) until every lane is done.
 */
import type { EncodedSession } from './types';

export interface Stream {
  sessions: readonly EncodedSession[];
  /** Per session: whether its predictions are wanted (inference) — undefined: all (training). */
  scored?: readonly boolean[];
  /** Per session: an id passed back to the caller (inference: the test session's index). */
  tags?: readonly number[];
}

export interface LaneStep {
  /** Lanes with an event this step. */
  active: Uint8Array;
  input: Int32Array;
  target: Int32Array;
  /** 1 where this event starts a session. */
  newSession: Float32Array;
  /** 1 where this event starts a stream (a new user). */
  newUser: Float32Array;
  /** 1 where the input item occurred in an earlier session of the stream (the user's history). */
  seen: Float32Array;
  /** Inference: 1 where the prediction is scored; tag and position of the target. */
  scored: Uint8Array;
  tag: Int32Array;
  pos: Int32Array;
}

export class LaneScheduler {
  private next = 0;
  private readonly stream: Int32Array;
  private readonly session: Int32Array;
  private readonly at: Int32Array;
  private readonly step: LaneStep;
  /** Per lane, the items of the stream's sessions before the current one. */
  private readonly history: Set<number>[];

  constructor(
    private readonly streams: readonly Stream[],
    readonly width: number,
  ) {
    this.stream = new Int32Array(width).fill(-1);
    this.session = new Int32Array(width);
    this.at = new Int32Array(width);
    this.step = {
      active: new Uint8Array(width),
      input: new Int32Array(width),
      target: new Int32Array(width),
      newSession: new Float32Array(width),
      newUser: new Float32Array(width),
      seen: new Float32Array(width),
      scored: new Uint8Array(width),
      tag: new Int32Array(width),
      pos: new Int32Array(width),
    };
    this.history = Array.from({ length: width }, () => new Set<number>());
    for (let l = 0; l < width; l++) this.take(l);
  }

  /** Sessions [from, to) of lane l's stream become history (sessions too short to train on count too). */
  private remember(l: number, from: number, to: number): void {
    const sessions = this.streams[this.stream[l]].sessions;
    for (let s = from; s < to; s++) for (const it of sessions[s].items) this.history[l].add(it);
  }

  /** Moves lane `l` to the next stream that has a session of two or more events. */
  private take(l: number): void {
    while (this.next < this.streams.length) {
      const s = this.next++;
      const first = this.streams[s].sessions.findIndex((x) => x.items.length >= 2);
      if (first < 0) continue;
      this.stream[l] = s;
      this.session[l] = first;
      this.at[l] = -1; // -1: before the stream's first event (new user)
      this.history[l].clear();
      this.remember(l, 0, first);
      return;
    }
    this.stream[l] = -1;
  }

  /** The next step, or undefined when every stream is done. The returned object is reused. */
  advance(): LaneStep | undefined {
    const st = this.step;
    let any = false;
    for (let l = 0; l < this.width; l++) {
      st.newSession[l] = 0;
      st.newUser[l] = 0;
      st.seen[l] = 0;
      st.active[l] = 0;
      st.scored[l] = 0;
      if (this.stream[l] < 0) continue;
      let stream = this.streams[this.stream[l]];
      if (this.at[l] === -1) {
        st.newUser[l] = 1;
        st.newSession[l] = 1;
        this.at[l] = 0;
      } else {
        this.at[l]++;
        if (this.at[l] + 1 >= stream.sessions[this.session[l]].items.length) {
          // Session done: the next one with two or more events, or the next stream.
          let s = this.session[l] + 1;
          while (s < stream.sessions.length && stream.sessions[s].items.length < 2) s++;
          if (s < stream.sessions.length) {
            this.remember(l, this.session[l], s);
            this.session[l] = s;
            this.at[l] = 0;
            st.newSession[l] = 1;
          } else {
            this.take(l);
            if (this.stream[l] < 0) continue;
            stream = this.streams[this.stream[l]];
            this.at[l] = 0;
            st.newUser[l] = 1;
            st.newSession[l] = 1;
          }
        }
      }
      const session = stream.sessions[this.session[l]];
      st.active[l] = 1;
      st.input[l] = session.items[this.at[l]];
      st.seen[l] = this.history[l].has(st.input[l]) ? 1 : 0;
      st.target[l] = session.items[this.at[l] + 1];
      st.scored[l] = stream.scored ? (stream.scored[this.session[l]] ? 1 : 0) : 1;
      st.tag[l] = stream.tags ? stream.tags[this.session[l]] : -1;
      st.pos[l] = this.at[l] + 1;
      any = true;
    }
    return any ? st : undefined;
  }
}

/** Train sessions grouped into per-user streams (anonymous sessions: one stream each), in time order. */
export function userStreams(sessions: readonly EncodedSession[]): EncodedSession[][] {
  const byUser = new Map<number, EncodedSession[]>();
  const out: EncodedSession[][] = [];
  for (const s of sessions) {
    if (s.user < 0) {
      out.push([s]);
      continue;
    }
    let list = byUser.get(s.user);
    if (!list) {
      byUser.set(s.user, (list = []));
      out.push(list);
    }
    list.push(s);
  }
  for (const list of out) list.sort((a, b) => a.start - b.start);
  return out;
}
