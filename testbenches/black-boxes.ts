// Black boxes (vendor primitives such as PLLs) have no behaviour in the IR, so
// no simulator can run them: say so clearly, naming the instance.
import { DesignError, type Diagnostic } from '../hdl/diagnostics.ts';
import type { IrDesign } from '../hdl/ir.ts';

export function rejectBlackBoxes(design: IrDesign, backend: string): void {
  const boxes = new Set(design.modules.filter((m) => m.blackbox).map((m) => m.name));
  if (boxes.size === 0) return;
  const found: Diagnostic[] = [];
  for (const m of design.modules) {
    for (const inst of m.instances) {
      if (!boxes.has(inst.module)) continue;
      found.push({
        code: 'blackbox',
        message: `instance '${inst.name}' in module '${m.name}' is the black box '${inst.module}' (a vendor primitive); the ${backend} simulator has no model for it — build the design without it for simulation (e.g. a board top with pll: 'none')`,
        loc: inst.loc,
      });
    }
  }
  if (found.length) throw new DesignError(found);
}
