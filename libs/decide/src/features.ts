/**
 * The one featuriser of the contextual policies: every string feature becomes one-hot tokens
 * `name=value` (a '|'-joined value gives one token per part: owned products), plus a bias token.
 * Numbers are left out: a linear model of raw counts (n_owned) would need scaling the logs do not
 * carry, and the one-hot owned products already say what the count says.
 */
import type { DecisionContext } from './types';

export const BIAS_TOKEN = 'bias';
/** Most dimensions a contextual model holds; tokens past it are ignored (the simulator uses about 50). */
export const MAX_DIMENSIONS = 64;

export function tokens(context: DecisionContext): string[] {
  const out = [BIAS_TOKEN];
  for (const [name, value] of Object.entries(context.features)) {
    if (typeof value !== 'string') continue;
    for (const part of value.split('|')) if (part !== '') out.push(`${name}=${part}`);
  }
  return out;
}

/** Token → dimension, grown as tokens are first seen (up to MAX_DIMENSIONS). */
export class Vocabulary {
  private readonly index = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const t of initial) this.add(t);
  }

  get size(): number {
    return this.index.size;
  }

  private add(token: string): number | undefined {
    const found = this.index.get(token);
    if (found !== undefined) return found;
    if (this.index.size >= MAX_DIMENSIONS) return undefined;
    this.index.set(token, this.index.size);
    return this.index.size - 1;
  }

  /** The dimensions of the context's tokens; `grow` false leaves unknown tokens out (frozen models). */
  encode(context: DecisionContext, grow = true): number[] {
    const out: number[] = [];
    for (const t of tokens(context)) {
      const i = grow ? this.add(t) : this.index.get(t);
      if (i !== undefined) out.push(i);
    }
    return out;
  }

  list(): string[] {
    return [...this.index.keys()];
  }
}
