export type WritebackErrorCode =
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'UNKNOWN_RUN'
  | 'NO_CURRENT_RUN'
  | 'RUN_NOT_WRITING'
  | 'RUN_KIND_MISMATCH'
  | 'UNWRITABLE_PATH'
  | 'STATE_MISMATCH'
  | 'BAD_URL'
  | 'WEBHOOK_REJECTED'
  | 'WEBHOOK_FAILED';

/**
 * Every failure a caller should explain to a person rather than print as a stack trace. The CLI
 * maps `code` to an exit status; the message is one line that says what to do.
 */
export class WritebackError extends Error {
  constructor(
    readonly code: WritebackErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'WritebackError';
  }
}
