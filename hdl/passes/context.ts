// What several checks look up about one design, worked out once per run of
// the checks (runChecks) instead of once per check: how instances resolve,
// a view of each module and, on demand, its driver table. Never kept across
// runs: callers may edit their IR between two checks.
import type { IrDesign } from '../ir.ts';
import { collectDrivers, type DriverTable } from './drivers.ts';
import { hierarchyOf, ModuleView, type Hierarchy } from './ir-util.ts';

export class CheckContext {
  readonly h: Hierarchy;
  readonly views: ModuleView[];
  private readonly drivers: (DriverTable | undefined)[];

  constructor(readonly design: IrDesign) {
    this.h = hierarchyOf(design);
    this.views = design.modules.map((m) => new ModuleView(m));
    this.drivers = new Array(design.modules.length);
  }

  /** The view of the module an instance of module `mi` refers to, if it resolves. */
  child(mi: number, k: number): ModuleView | undefined {
    const ci = this.h.children[mi]![k]!;
    return ci >= 0 ? this.views[ci] : undefined;
  }

  /** Drivers of every net of module `mi` (collectDrivers, made once). */
  driversOf(mi: number): DriverTable {
    return (this.drivers[mi] ??= collectDrivers(this.views[mi]!, (k) => this.child(mi, k)));
  }
}
