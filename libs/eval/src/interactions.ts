import { IdIndex } from '@graphrec/graph-model';

/**
 * Interactions as parallel typed arrays over dense user and item indexes. Splits keep the full
 * id tables, so train, validation and test share one index space and a recommender trained on
 * train can be scored against test without remapping.
 */
export interface Interactions {
  users: Int32Array;
  items: Int32Array;
  weights: Float32Array;
  timestamps: Float64Array;
  /** External id of each dense user index. */
  userIds: string[];
  /** External id of each dense item index. */
  itemIds: string[];
}

/** Assigns dense indexes in first-seen order, so the same file always gives the same indexes. */
export class InteractionsBuilder {
  private readonly userIndex = new IdIndex();
  private readonly itemIndex = new IdIndex();
  private readonly users: number[] = [];
  private readonly items: number[] = [];
  private readonly weights: number[] = [];
  private readonly timestamps: number[] = [];

  add(userId: string, itemId: string, weight = 1, timestamp = 0): void {
    this.users.push(this.userIndex.intern(userId));
    this.items.push(this.itemIndex.intern(itemId));
    this.weights.push(weight);
    this.timestamps.push(timestamp);
  }

  build(): Interactions {
    return {
      users: Int32Array.from(this.users),
      items: Int32Array.from(this.items),
      weights: Float32Array.from(this.weights),
      timestamps: Float64Array.from(this.timestamps),
      userIds: this.userIndex.ids.slice(),
      itemIds: this.itemIndex.ids.slice(),
    };
  }
}

/** The rows at `rows` (interaction positions), keeping the shared id tables. */
export function selectInteractions(data: Interactions, rows: Int32Array): Interactions {
  const n = rows.length;
  const out: Interactions = {
    users: new Int32Array(n),
    items: new Int32Array(n),
    weights: new Float32Array(n),
    timestamps: new Float64Array(n),
    userIds: data.userIds,
    itemIds: data.itemIds,
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    out.users[i] = data.users[r];
    out.items[i] = data.items[r];
    out.weights[i] = data.weights[r];
    out.timestamps[i] = data.timestamps[r];
  }
  return out;
}

/**
 * Interaction positions grouped by key (user or item index), CSR style: the rows of group g are
 * rows[offsets[g] .. offsets[g+1]), in their original order.
 */
export function groupRows(keys: Int32Array, groupCount: number): { offsets: Int32Array; rows: Int32Array } {
  const offsets = new Int32Array(groupCount + 1);
  for (let i = 0; i < keys.length; i++) offsets[keys[i] + 1]++;
  for (let g = 0; g < groupCount; g++) offsets[g + 1] += offsets[g];
  const cursor = offsets.slice(0, groupCount);
  const rows = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) rows[cursor[keys[i]]++] = i;
  return { offsets, rows };
}
