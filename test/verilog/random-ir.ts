// Random but valid combinational IR modules: every op, random widths (mostly
// small, sometimes up to 130) and signedness, shared and unused temporaries,
// constants, so the generator meets shapes nobody wrote a test for.
import type { CellOp, IrDesign, NetId } from '../../hdl/ir.ts';
import { ModBuilder, single } from './ir-fixtures.ts';
import { Rng } from './random.ts';

const OPS: CellOp[] = ['const', 'id', 'not', 'and', 'or', 'xor', 'neg', 'add', 'sub', 'mul', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'shl', 'shr', 'sra', 'slice', 'concat', 'zext', 'sext', 'mux', 'redand', 'redor', 'redxor'];

/**
 * With `sequential`, also registers (every reset kind, enables of any width,
 * initial values) and memories (any depth, address widths above and below
 * the index width, constant addresses, sync and async reads), all on the
 * input `clk`.
 */
export function randomModule(seed: number, cells = 120, sequential = false): IrDesign {
  const rng = new Rng(seed);
  const b = new ModBuilder(`random_${seed}`, { seed, cells, sequential });
  const width = (): number => (rng.int(8) === 0 ? 1 + rng.int(130) : 1 + rng.int(12));
  const pool: NetId[] = [];
  for (let i = 0; i < 6; i++) pool.push(b.input(`in${i}`, width(), rng.int(2) === 0));
  const pick = (): NetId => pool[pool.length - 1 - rng.int(Math.min(pool.length, 24))]!;
  const opts = (signed: boolean): { signed: boolean; name?: string } => (rng.int(6) === 0 ? { signed, name: `n${b.mod.nets.length}` } : { signed });
  // A net of exactly `w` bits and signedness `s` made from `x`.
  const fit = (x: NetId, w: number, s: boolean): NetId => {
    const xw = b.width(x);
    let y = x;
    if (xw > w) y = b.op('slice', [x], w, { lo: rng.int(xw - w + 1), signed: s });
    else if (xw < w) y = b.op(rng.int(2) ? 'zext' : 'sext', [x], w, { signed: s });
    if (b.signed(y) !== s) y = b.op('id', [y], w, { signed: s });
    return y;
  };
  for (let i = 0; i < cells; i++) {
    const op = OPS[rng.int(OPS.length)]!;
    const a = pick();
    const w = b.width(a);
    const s = b.signed(a);
    let out: NetId;
    switch (op) {
      case 'const': {
        const cw = width();
        out = b.op('const', [], cw, { ...opts(rng.int(2) === 0), value: rng.value(cw) });
        break;
      }
      case 'id': case 'not': case 'neg':
        out = b.op(op, [a], w, opts(rng.int(2) === 0));
        break;
      case 'and': case 'or': case 'xor': case 'add': case 'sub':
        out = b.op(op, [a, fit(pick(), w, rng.int(2) === 0)], w, opts(s));
        break;
      case 'mul': {
        const mw = Math.min(w, 24);
        out = b.op('mul', [fit(a, mw, s), fit(pick(), mw, s)], mw, opts(s));
        break;
      }
      case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
        // Sometimes against a constant, to meet the always-true/false cases.
        out = b.op(op, [a, rng.int(3) === 0 ? b.op('const', [], w, { signed: s, value: rng.value(w) }) : fit(pick(), w, s)], 1, opts(false));
        break;
      case 'shl': case 'shr': case 'sra':
        if (rng.int(2)) out = b.op(op, [a], w, { ...opts(s), amount: rng.int(w + 3) });
        else out = b.op(op, [a, fit(pick(), 1 + rng.int(8), rng.int(2) === 0)], w, opts(s));
        break;
      case 'slice': {
        const sw = 1 + rng.int(w);
        out = b.op('slice', [a], sw, { ...opts(rng.int(2) === 0), lo: rng.int(w - sw + 1) });
        break;
      }
      case 'concat': {
        const args = [a, ...Array.from({ length: rng.int(3) }, pick)];
        out = b.op('concat', args, args.reduce((t, x) => t + b.width(x), 0), opts(false));
        break;
      }
      case 'zext': case 'sext':
        out = b.op(op, [a], w + 1 + rng.int(10), opts(op === 'sext'));
        break;
      case 'mux': {
        const sel = fit(pick(), 1 + rng.int(3), false);
        const arms = Array.from({ length: 1 + rng.int(5) }, () => fit(pick(), w, s));
        out = b.op('mux', [sel, ...arms], w, opts(s));
        break;
      }
      default:
        out = b.op(op, [a], 1, opts(false));
    }
    pool.push(out);
  }
  if (sequential) {
    const clk = b.input('clk', 1, false, 'clock');
    const rst = b.input('rst', 1, false, 'reset');
    const rstN = b.input('rst_n', 1, false, 'reset');
    const later: (() => void)[] = [];
    for (let i = 0; i < 6; i++) {
      const w = width();
      const opts: Parameters<ModBuilder['reg']>[0] = { width: w, signed: rng.int(2) === 0, clock: clk };
      if (rng.int(3) === 0) opts.name = `r${i}`;
      if (rng.int(2)) opts.enable = fit(pick(), 1 + rng.int(3), false);
      const kind = rng.int(5);
      if (kind < 4) opts.reset = { net: kind % 2 ? rstN : rst, activeLow: kind % 2 === 1, async: kind >= 2, value: rng.value(w) };
      // Always an initial value: a register with only a reset is x in Icarus
      // until the first edge, and the random logic may store that x.
      opts.init = rng.value(w);
      const r = b.reg(opts);
      pool.push(r.q);
      later.push(() => r.connect(fit(pick(), w, b.signed(r.q))));
    }
    for (let i = 0; i < 3; i++) {
      const mw = 1 + rng.int(16);
      const depth = 1 + rng.int(40);
      const m = b.memory({ name: `mem${i}`, width: mw, depth, signed: rng.int(2) === 0, init: rng.int(2) ? Array.from({ length: rng.int(depth + 1) }, () => rng.value(mw)) : undefined });
      const addr = (): NetId => (rng.int(6) === 0 ? b.const(1 + rng.int(7), rng.int(64)) : fit(pick(), 1 + rng.int(7), false));
      for (let k = rng.int(3); k > 0; k--) later.push(() => b.writePort(m, addr(), fit(pick(), mw, m.signed), fit(pick(), 1, false), clk));
      for (let k = 1 + rng.int(2); k > 0; k--) {
        const sync = rng.int(2) === 0;
        const data = b.readPort(m, addr(), sync ? { sync, clock: clk, ...(rng.int(2) ? { enable: fit(pick(), 1, false) } : {}) } : {});
        pool.push(data);
      }
    }
    // Data inputs chosen after more logic exists, so state feeds back.
    for (let i = 0; i < cells / 4; i++) {
      const a = pick();
      pool.push(b.op(['add', 'xor', 'sub'][rng.int(3)] as CellOp, [a, fit(pick(), b.width(a), b.signed(a))], b.width(a), { signed: b.signed(a) }));
    }
    for (const f of later) f();
  }
  // Outputs: a dozen of the later nets; everything else is read or not, as it happens.
  const chosen = new Set<NetId>();
  for (let i = 0; i < 12; i++) chosen.add(pool[pool.length - 1 - rng.int(Math.min(pool.length, 60))]!);
  [...chosen].forEach((n, i) => b.output(`out${i}`, n));
  return single(b.mod);
}
