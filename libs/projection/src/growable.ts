/**
 * Append-only typed arrays that double when full: the builder collects millions of edges
 * without one JavaScript object per edge.
 */
type TypedArray = Int32Array | Uint8Array | Float32Array | Float64Array;
type TypedArrayCtor<T extends TypedArray> = new (length: number) => T;

export class Growable<T extends TypedArray> {
  private buffer: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    initialCapacity = 1024,
  ) {
    this.buffer = new ctor(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) this.grow(this.length + 1);
    this.buffer[this.length++] = value;
  }

  /** Makes room for `extra` more values up front, so a known-size load allocates once. */
  reserve(extra: number): void {
    if (this.length + extra > this.buffer.length) this.grow(this.length + extra);
  }

  get(index: number): number {
    return this.buffer[index];
  }

  /** A view on the filled part (no copy): valid until the next push. */
  view(): T {
    return this.buffer.subarray(0, this.length) as T;
  }

  /** An exact-size copy, so the doubling slack is not kept for the life of the graph. */
  toArray(): T {
    return this.buffer.slice(0, this.length) as T;
  }

  private grow(min: number): void {
    // 1.5x rather than 2x: at 10M edges the slack of a doubling is hundreds of megabytes.
    let capacity = this.buffer.length;
    while (capacity < min) capacity = Math.ceil(capacity * 1.5);
    const next = new this.ctor(capacity);
    next.set(this.buffer);
    this.buffer = next;
  }
}

export const growInt32 = (capacity?: number) => new Growable(Int32Array, capacity);
export const growUint8 = (capacity?: number) => new Growable(Uint8Array, capacity);
export const growFloat32 = (capacity?: number) => new Growable(Float32Array, capacity);
export const growFloat64 = (capacity?: number) => new Growable(Float64Array, capacity);
