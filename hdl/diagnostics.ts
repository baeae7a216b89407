// Errors in a design are collected and reported together, each naming the
// user's source line. Nothing is written to disk while any are pending.
import { formatLoc, type SourceLoc } from './ir.ts';

export interface Diagnostic {
  /** A short stable code for tests and tools, e.g. 'width-mismatch'. */
  code: string;
  message: string;
  loc: SourceLoc;
  /** Further locations (e.g. every step of a combinational loop). */
  related?: { message: string; loc: SourceLoc }[];
}

export function formatDiagnostic(d: Diagnostic): string {
  let s = `${formatLoc(d.loc)}: error[${d.code}]: ${d.message}`;
  for (const r of d.related ?? []) s += `\n    ${formatLoc(r.loc)}: ${r.message}`;
  return s;
}

/** Thrown when a design has one or more errors; carries all of them. */
export class DesignError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const n = diagnostics.length;
    super(`${n} error${n === 1 ? '' : 's'} in design:\n` + diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'DesignError';
    this.diagnostics = diagnostics;
  }
}

/** Collects diagnostics; `throwIfAny` raises them together. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  error(code: string, message: string, loc: SourceLoc, related?: Diagnostic['related']): void {
    this.items.push(related ? { code, message, loc, related } : { code, message, loc });
  }
  get count(): number {
    return this.items.length;
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw new DesignError(this.items.slice());
  }
}
