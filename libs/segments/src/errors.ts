/** Input that cannot be read as a graph (or as ground truth). `line` is 1-based when known. */
export class GraphFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'GraphFormatError';
  }
}
