// Registers that have a reset but no initial value have no defined power-up
// value in the IR. The built-in and Verilator back ends start them at 0;
// Icarus keeps them x until their first reset, and reports any x that reaches
// an output. A random design easily lets such a value leak past the reset
// cycles (a memory read port or an init-only register clocked during reset
// captures it), which is a property of the design, not a simulator bug. The
// fuzzer therefore gives these registers the power-up value 0 that two of
// the three back ends assume anyway, so all of them run the same design.
import type { IrDesign } from '../../hdl/ir.ts';

/** A copy of the design in which every register without `init` gets `init: 0n`. */
export function zeroPowerUp(design: IrDesign): IrDesign {
  return {
    ...design,
    modules: design.modules.map((m) => ({ ...m, regs: m.regs.map((r) => (r.init === undefined ? { ...r, init: 0n } : r)) })),
  };
}
