// All checks in one call, in a fixed order so the report is deterministic:
// structure, widths, drivers, combinational loops, clocks.
import type { Diagnostic } from '../diagnostics.ts';
import { DesignError } from '../diagnostics.ts';
import type { IrDesign } from '../ir.ts';
import { checkDrivers } from './check-drivers.ts';
import { checkStructure } from './check-structure.ts';
import { checkWidths } from './check-widths.ts';
import { checkClocks } from './clocks.ts';
import { findCombLoops } from './comb-loops.ts';

export function runChecks(design: IrDesign): Diagnostic[] {
  return [
    ...checkStructure(design),
    ...checkWidths(design),
    ...checkDrivers(design),
    ...findCombLoops(design),
    ...checkClocks(design),
  ];
}

/** Throws one DesignError carrying every diagnostic when the design has any. */
export function assertValid(design: IrDesign): void {
  const diagnostics = runChecks(design);
  if (diagnostics.length > 0) throw new DesignError(diagnostics);
}
