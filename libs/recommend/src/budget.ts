import { totalmem } from 'node:os';

/**
 * A model refused to fit because its working memory would exceed the budget. Carries the numbers
 * so the caller can print them or pick a smaller model (e.g. item-kNN with pruning instead of EASE).
 */
export class MemoryBudgetError extends Error {
  constructor(
    readonly model: string,
    readonly items: number,
    readonly bytesNeeded: number,
    readonly bytesAllowed: number,
    detail: string,
  ) {
    super(`${model}: ${items.toLocaleString('en-US')} items need ${gib(bytesNeeded)} (${detail}), over the ${gib(bytesAllowed)} allowed; ` + `raise maxBytes if the machine has the memory, or use a model that scales (itemknn with neighbours)`);
    this.name = 'MemoryBudgetError';
  }
}

export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/** Default budget: half the machine's memory, leaving the rest to the process and its neighbours. */
export function defaultMaxBytes(): number {
  return Math.floor(totalmem() / 2);
}
