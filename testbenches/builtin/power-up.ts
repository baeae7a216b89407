// Asynchronous resets asserted at power-up. The IR (ir.ts, "Power-up") says
// such a reset acts at time 0, and its assertion is judged on the power-up
// state: inputs at their start values, registers at their `init`, logic of
// those. The settle pass alone cannot see that when the reset comes from a
// register that is itself reset at time 0 (its `init` asserts the other reset,
// its reset value does not): the settle has already replaced that `init`. So
// the reset nets are evaluated here once, on the power-up state, before the
// first settle (event-driven simulators see the same: the register's x->init
// edge fires the other register's reset).
import { evalCell } from '../../hdl/passes/index.ts';
import type { FlatDesign, FlatNetId } from './flatten.ts';

/**
 * Indices of the registers with an asynchronous reset that the power-up state
 * asserts. `start` gives the power-up pattern of a source net (an input, a
 * register output, a synchronous read).
 */
export function resetsAssertedAtPowerUp(flat: FlatDesign, start: (net: FlatNetId) => bigint): number[] {
  const regs = flat.regs.flatMap((r, i) => (r.reset?.async ? [i] : []));
  if (regs.length === 0) return [];
  const value = new Map<FlatNetId, bigint>();
  const width = (n: FlatNetId): number => flat.nets[n]!.width;
  // Inputs of a net's driver that must be known first (only cells and asynchronous reads have any).
  const ins = (n: FlatNetId): FlatNetId[] => {
    const d = flat.drivers[n];
    if (d?.kind === 'cell') return flat.cells[d.cell]!.args;
    if (d?.kind === 'memread') {
      const p = flat.memories[d.mem]!.readPorts[d.port]!;
      return p.sync ? [] : [p.addr];
    }
    return [];
  };
  const compute = (n: FlatNetId): bigint => {
    const d = flat.drivers[n];
    if (d?.kind === 'cell') {
      const c = flat.cells[d.cell]!;
      return evalCell(
        c.op,
        c.args.map((a) => value.get(a)!),
        c.args.map(width),
        c.args.map(() => c.argSigned),
        width(c.out),
        { value: c.value, lo: c.lo, amount: c.amount },
      );
    }
    if (d?.kind === 'memread') {
      const m = flat.memories[d.mem]!;
      const p = m.readPorts[d.port]!;
      if (p.sync) return start(n);
      const a = value.get(p.addr)!;
      return a < BigInt(m.depth) ? (m.init[Number(a)] ?? 0n) : 0n;
    }
    if (d === undefined) return 0n;
    return start(n);
  };
  // Depth first without recursion: deep logic must not overflow the stack.
  const evaluate = (root: FlatNetId): bigint => {
    const stack: FlatNetId[] = [root];
    while (stack.length > 0) {
      const n = stack[stack.length - 1]!;
      if (value.has(n)) {
        stack.pop();
        continue;
      }
      const missing = ins(n).filter((a) => !value.has(a));
      if (missing.length > 0) stack.push(...missing);
      else {
        value.set(n, compute(n));
        stack.pop();
      }
    }
    return value.get(root)!;
  };
  return regs.filter((i) => {
    const rs = flat.regs[i]!.reset!;
    return (evaluate(rs.net) !== 0n) !== rs.activeLow;
  });
}
