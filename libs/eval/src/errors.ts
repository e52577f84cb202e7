/** A malformed interactions file; carries the 1-based line so the user can find it. */
export class InteractionsFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'InteractionsFormatError';
  }
}
