// Errors the command line reports without a stack: the user's input is wrong
// (exit code 1). Anything else that escapes a command is an internal error
// (exit code 2), shown with its stack only under --debug.
import { DesignError, type SourceLoc } from '../hdl/index.ts';

export class UserError extends Error {
  /** Further lines printed after the message (e.g. the choices that exist). */
  readonly details: string[];
  /** The user's source line, when the error comes from the design file. */
  readonly loc?: SourceLoc;
  /** A short code shown as `error[code]`, like the design diagnostics. */
  readonly code?: string;
  constructor(message: string, opts: { details?: string[]; loc?: SourceLoc; code?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UserError';
    this.details = opts.details ?? [];
    if (opts.loc) this.loc = opts.loc;
    if (opts.code) this.code = opts.code;
  }
}

/** A DesignError, also one thrown by another copy of hdl/ (it is recognised by shape). */
export function isDesignError(e: unknown): e is DesignError {
  if (e instanceof DesignError) return true;
  const x = e as { name?: unknown; diagnostics?: unknown };
  return e instanceof Error && x.name === 'DesignError' && Array.isArray(x.diagnostics);
}

export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;
