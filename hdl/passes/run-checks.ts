// All checks in one call, in a fixed order so the report is deterministic:
// structure, widths, drivers, combinational loops, clocks.
import type { Diagnostic } from '../diagnostics.ts';
import { DesignError } from '../diagnostics.ts';
import type { IrDesign } from '../ir.ts';
import { checkDriversIn } from './check-drivers.ts';
import { checkStructureIn } from './check-structure.ts';
import { checkWidthsIn } from './check-widths.ts';
import { checkClocksIn } from './clocks.ts';
import { findCombLoopsIn } from './comb-loops.ts';
import { CheckContext } from './context.ts';

export function runChecks(design: IrDesign): Diagnostic[] {
  // One context: the views, hierarchy and driver tables are worked out once for all checks.
  const ctx = new CheckContext(design);
  return [...checkStructureIn(ctx), ...checkWidthsIn(ctx), ...checkDriversIn(ctx), ...findCombLoopsIn(ctx), ...checkClocksIn(ctx)];
}

/** Throws one DesignError carrying every diagnostic when the design has any. */
export function assertValid(design: IrDesign): void {
  const diagnostics = runChecks(design);
  if (diagnostics.length > 0) throw new DesignError(diagnostics);
}
