// A clock and reset domain inside a module: registers and instances that run
// on a given clock and a given synchronous active-high reset instead of the
// module's implicit `clk` and `rst`. The board top needs it twice over: the
// system runs on the PLL output, not the oscillator input, and its reset is
// the synchronised one, not the raw button.
//
// STOP-GAP. `m.instance` connects a child's clock and reset ports to the
// parent's implicit clk/rst; hdl has no way yet to connect them to other
// signals. Until it does (see docs/board-top.md, "What hdl should add"), an
// instance is rewired right after `m.instance` returns: its IR connections of
// the child's clock and reset ports are pointed at the domain's nets. The IR
// stays well-formed (every net keeps exactly one driver).
import { callerLoc, type Design, type HwType, type InstanceSide, type ModuleBuilder, type Reg, type RegOptions, type Signal } from '../../hdl/index.ts';

export class ClockDomain {
  constructor(
    readonly m: ModuleBuilder,
    readonly clock: Signal,
    /** Synchronous, active high. */
    readonly reset: Signal,
  ) {}

  /** A register on the domain clock; a `reset` value applies on the domain reset (synchronous, active high). */
  reg(name: string, type: HwType, opts: Omit<RegOptions, 'clock' | 'resetSignal' | 'asyncReset' | 'resetActiveLow'> = {}): Reg {
    const extra: RegOptions = opts.reset !== undefined ? { resetSignal: this.reset, asyncReset: false, resetActiveLow: false } : {};
    return this.m.reg(name, type, { ...opts, ...extra, clock: this.clock });
  }

  /** An instance whose clock and reset ports are on this domain. The child must reset active high. */
  instance<P extends object, IO>(name: string, design: Design<P, IO>, params?: Partial<P>): InstanceSide<IO> {
    const m = this.m;
    const side = m.instance(name, design, params);
    const inst = m.instances[m.instances.length - 1]!;
    const child = m.session.modules.find((x) => x.name === inst.module);
    if (!child) throw new Error(`internal: module '${inst.module}' of instance '${inst.name}' not found`);
    for (const conn of inst.connections) {
      const port = child.ports.find((p) => p.name === conn.port);
      if (port?.role === 'clock') conn.net = this.clock.net;
      else if (port?.role === 'reset') {
        const lowRegs = child.regs.filter((r) => r.reset?.net === port.net && r.reset.activeLow);
        if (lowRegs.length > 0) {
          m.report('domain-reset', `instance '${inst.name}': module '${child.name}' resets active low on '${port.name}'; the board top's reset is active high`, callerLoc());
        }
        conn.net = this.reset.net;
      }
    }
    return side;
  }
}
