/**
 * External ids: the one rule every entry point checks (files, GraphQL arguments, cursors, the
 * explorer's search), and the one interning helper that turns ids into dense indexes.
 */

/** 1–128 characters, no whitespace or control characters. */
export const ID_PATTERN = /^[^\s\u0000-\u001f]{1,128}$/;
export const ID_RULE = 'must be 1-128 characters without whitespace or control characters';

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Dense indexes in first-seen order, so the same input always gives the same indexes. */
export class IdIndex {
  private readonly index = new Map<string, number>();
  readonly ids: string[] = [];

  /** The id's index, assigning the next one when the id is new. */
  intern(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
    }
    return i;
  }

  get(id: string): number | undefined {
    return this.index.get(id);
  }

  get size(): number {
    return this.ids.length;
  }
}
