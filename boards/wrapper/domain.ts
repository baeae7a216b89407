// A clock and reset domain inside a module: registers and instances that run
// on a given clock and a given synchronous active-high reset instead of the
// module's implicit `clk` and `rst`. The board top needs it twice over: the
// system runs on the PLL output, not the oscillator input, and its reset is
// the synchronised one, not the raw button.
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
    const side = m.instance(name, design, params, { clock: this.clock, reset: this.reset });
    const inst = m.instances[m.instances.length - 1]!;
    const child = m.session.modules.find((x) => x.name === inst.module);
    const resetPorts = new Set(child?.ports.filter((p) => p.role === 'reset').map((p) => p.net));
    if (child?.regs.some((r) => r.reset && resetPorts.has(r.reset.net) && r.reset.activeLow)) {
      m.report('domain-reset', `instance '${inst.name}': module '${child.name}' resets active low; the board top's reset is active high`, callerLoc());
    }
    return side;
  }
}
