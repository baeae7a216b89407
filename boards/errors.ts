// A mistake in what the user asked of a board flow (unknown board, a port the
// board cannot take, a design that does not fit, a timing failure). The
// command line prints it without a stack, with its detail lines, and exits 1.
export class BoardError extends Error {
  /** Further lines: the choices that exist, what would fit, the log tail. */
  readonly details: string[];
  /** A short code, e.g. 'unknown-board', 'unmapped-port', 'timing', 'does-not-fit'. */
  readonly code: string;
  constructor(code: string, message: string, details: string[] = []) {
    super(message);
    this.name = 'BoardError';
    this.code = code;
    this.details = details;
  }
}

export function isBoardError(e: unknown): e is BoardError {
  return e instanceof BoardError || (e instanceof Error && e.name === 'BoardError' && Array.isArray((e as BoardError).details));
}
