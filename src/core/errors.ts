import type { ApiError, ErrorCode } from '../shared/protocol.js';

/** A failure the user caused or may see. Anything else thrown is a bug and becomes `internal`. */
export class FlackError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FlackError';
  }

  toApiError(): ApiError {
    return this.retryAfterMs === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, retryAfterMs: this.retryAfterMs };
  }
}

/** The same error for "does not exist" and "you may not know it exists", so private things cannot be probed. */
export const conversationNotFound = (): FlackError => new FlackError('not_found', 'No such conversation');

/** Same rule for messages: one in a conversation you cannot read is exactly like one that does not exist. */
export const messageNotFound = (): FlackError => new FlackError('not_found', 'No such message');
