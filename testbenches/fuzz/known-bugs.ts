// Known, still open bugs that random designs hit often, each with a check
// that confirms the cause: the failing configuration is re-run with the bug
// worked around, and the finding is that bug only if the disagreement (or
// the failure) then disappears. A campaign uses this to keep counting the
// known bugs while reporting everything else as new.
//
// - verilator-edge-eval: the Verilator back end applies the pokes of a cycle
//   and the rising clock edge in one `eval`. When an input that changed is
//   itself an event of the design (an asynchronous reset pin), Verilator sees
//   the reset and the clock edge as simultaneous, so registers clocked at that
//   edge read the old values of the registers the reset clears. The other back
//   ends settle the pokes first (asynchronous resets act at once, as the
//   Simulator contract says). Workaround: settle with a peek before each step.
//   Faulty: testbenches/verilator/native/addon.cpp `edge()` and the run loop,
//   and VerilatorSimulator.step (no eval between the pokes and the edge).
// - verilog-signed-index: the Verilog generator prints a memory index by
//   inlining the address net's expression; when the address is a signed net
//   reinterpreted as unsigned (an `id` cell), the index is the signed net, and
//   Verilog reads a negative index as out of range (x on reads, writes lost).
//   Icarus then reports unknown values or disagrees. Workaround: wrap every
//   memory index in $unsigned(). Faulty: generators/verilog/memories.ts
//   (indexText, case 'net').
// - verilator-wide-shift: Verilator 5.006's runtime shifts a value of up to 64
//   bits by an amount held in more than 64 bits with VL_SHIFTL_IIW /
//   VL_SHIFTR_IIW / _QQW (verilated_funcs.h), which check only the upper words
//   of the amount and then shift by the low word in C++: an amount from 32
//   (or 64) up to 2^32-1 shifts by the amount modulo 32 (or 64) instead of
//   giving 0. Arithmetic shifts (VL_SHIFTRS_*) check it. Workaround: narrow
//   such amounts in the IR (amount >= 256 ? 0 : x << amount[7:0]). Where to
//   fix: emit that guarded form for logical shifts by amounts wider than 64
//   bits in generators/verilog (cell-forms.ts, shift form).
// - verilator-powerup-async-reset: a register with an asynchronous reset that
//   is already asserted when the simulation starts (an input pin at its start
//   value 0 on an active-low reset, or a register whose initial value asserts
//   it) holds its reset value at once on the built-in back end (level
//   semantics) and on Icarus (the input's x-to-0 start is an edge); Verilator
//   starts two-state, sees no edge, and keeps the initial value until the
//   first clock edge. Workaround: make such registers' initial value their
//   reset value. Faulty: the Verilator back end (testbenches/verilator), which
//   would have to give asserted asynchronous resets an edge at creation.
// - verilator-wide-cond-expand: Verilator 5.006's V3Expand miscompiles a
//   conditional wider than 64 bits whose arms are, in some 32-bit word, a
//   zero-extended 1-bit expression and all ones: that word becomes the 0/1
//   value of `~cond || x` instead of 0xffffffff or x. Reproduction:
//     assign o = (|n) ? {119'd0, &v} : 120'hff_ffff_ffff_ffff_ffff_ffff_ffff_ffff;
//   gives word 0 = 1 for every n and v. `-fno-expand` avoids it. Workaround
//   here: build the model with -fno-expand. Where to fix: the Verilator back
//   end could pass -fno-expand (at some speed cost), or the Verilog generator
//   avoid the pattern.
import { emitVerilog } from '../../generators/verilog/index.ts';
import type { IrCell, IrDesign, IrNet } from '../../hdl/ir.ts';
import { createSimulator } from '../backends.ts';
import { createIcarusSimulator } from '../iverilog/index.ts';
import { VERILATOR_FLAGS } from '../verilator/build.ts';
import type { Simulator } from '../simulator.ts';
import { rmSync } from 'node:fs';
import { compareRuns, compiledDir, type ConfigRun, type FuzzConfig } from './differential.ts';
import type { FuzzStimulus } from './stimulus.ts';
import { topModule } from '../../hdl/ir.ts';

export type KnownBug = 'verilator-edge-eval' | 'verilog-signed-index' | 'verilator-wide-shift' | 'verilator-powerup-async-reset' | 'verilator-wide-cond-expand';

export const KNOWN_BUGS: Record<KnownBug, string> = {
  'verilator-edge-eval':
    'FIXED (inputs now settle in an eval of their own before the edge): Verilator back end: pokes and the rising clock edge were evaluated in one eval, so an input that is an asynchronous reset changing in that cycle acted together with the edge instead of before it (testbenches/verilator/native/addon.cpp edge())',
  'verilog-signed-index':
    "FIXED (indices that are expressions or signed nets are wrapped in $unsigned(...)): Verilog generator: a memory index inlined an expression ({{1{n[3]}}, n} - 5'd1) or a signed net that the IR reinterprets as unsigned; Icarus evaluates an index wider than its own width (0 - 1 reads -1: x) and a signed one as negative (generators/verilog/memories.ts, indexText case 'net')",
  'verilator-wide-shift':
    'FIXED on our side (the Verilog generator prints such shifts guarded, amt >= W ? 0 : x << amt[k-1:0]; generators/verilog/cell-forms.ts): Verilator 5.006 runtime: a logical shift of a value of up to 64 bits by an amount wider than 64 bits shifts by the amount modulo 32/64 when the amount is below 2^32 (VL_SHIFTL_IIW/VL_SHIFTR_IIW/_QQW in verilated_funcs.h)',
  'verilator-powerup-async-reset':
    "FIXED (at creation the harness gives every trigger signal its time-0 edge, x->1 then x->0, through Verilator's previous-value variables: native/glue.cpp sf_model_powerup_edges): Verilator back end: an asynchronous reset already asserted at power-up did not act until the first clock edge (Verilator starts each trigger's previous value at the signal's start value, so there is no edge), while the built-in back end and Icarus apply it at once",
  'verilator-wide-cond-expand':
    "OPEN (Verilator 5.006): V3Expand: a >64-bit conditional with a zero-extended 1-bit arm and an all-ones word in the other arm computes that word as the 0/1 value of `~cond || x` (e.g. (|n) ? {119'd0, &v} : {120{1'b1}}); -fno-expand avoids it, but halves the speed of the 256-neuron LIF array (bare loop), so the back end does not pass it",
};

/** Builds a Verilator simulator with extra Verilator options (for a workaround), restoring the options afterwards. */
function verilatorWithFlags(design: IrDesign, flags: readonly string[], cache: { cacheDir?: string }): Simulator {
  if (flags.length === 0) return createSimulator(design, 'verilator', cache);
  const saved = VERILATOR_FLAGS.length;
  VERILATOR_FLAGS.push(...flags); // part of the model's cache key, so the flagged model is a different entry
  try {
    // A fresh object: the back end remembers models per design object in this process.
    return createSimulator({ ...design }, 'verilator', cache);
  } finally {
    VERILATOR_FLAGS.length = saved;
  }
}

/** The workaround of verilator-powerup-async-reset: registers with an asynchronous reset start at their reset value. */
export function asyncResetPowerUp(design: IrDesign): IrDesign {
  return {
    ...design,
    modules: design.modules.map((m) =>
      m.regs.some((r) => r.reset?.async && r.init !== r.reset.value) ? { ...m, regs: m.regs.map((r) => (r.reset?.async ? { ...r, init: r.reset.value } : r)) } : m,
    ),
  };
}

function changed(a: IrDesign, b: IrDesign): boolean {
  return a.modules.some((m, i) => m !== b.modules[i]);
}

/**
 * The workaround of verilator-wide-shift at the IR level: every logical shift
 * by an amount wider than 64 bits becomes `|amount[w-1:8] ? 0 : x << amount[7:0]`
 * (widths stay at most 131 bits, so 8 bits hold every useful amount).
 */
export function narrowWideShiftAmounts(design: IrDesign): IrDesign {
  return {
    ...design,
    modules: design.modules.map((m) => {
      const byId = new Map(m.nets.map((n) => [n.id, n]));
      const wide = m.cells.filter((c) => (c.op === 'shl' || c.op === 'shr') && c.args.length === 2 && byId.get(c.args[1]!)!.width > 64);
      if (wide.length === 0) return m;
      const nets: IrNet[] = [...m.nets];
      let next = m.nets.reduce((x, n) => Math.max(x, n.id), -1) + 1;
      const net = (like: { width: number; signed: boolean }, loc: IrNet['loc']): number => {
        const id = next++;
        nets.push({ id, name: `_ws${id}`, width: like.width, signed: like.signed, named: false, loc });
        return id;
      };
      const cells: IrCell[] = [];
      for (const c of m.cells) {
        if (!wide.includes(c)) {
          cells.push(c);
          continue;
        }
        const amount = byId.get(c.args[1]!)!;
        const out = byId.get(c.out)!;
        const loc = c.loc;
        const lo = net({ width: 8, signed: false }, loc);
        const hi = net({ width: amount.width - 8, signed: false }, loc);
        const big = net({ width: 1, signed: false }, loc);
        const shifted = net(out, loc);
        const zero = net(out, loc);
        cells.push(
          { op: 'slice', out: lo, args: [amount.id], lo: 0, loc },
          { op: 'slice', out: hi, args: [amount.id], lo: 8, loc },
          { op: 'redor', out: big, args: [hi], loc },
          { op: c.op, out: shifted, args: [c.args[0]!, lo], loc },
          { op: 'const', out: zero, args: [], value: 0n, loc },
          { op: 'mux', out: c.out, args: [big, shifted, zero], loc },
        );
      }
      return { ...m, nets, cells };
    }),
  };
}

/** Wraps every index of the given arrays in $unsigned(...), brackets balanced. */
export function unsignedMemoryIndices(verilog: string, memories: ReadonlySet<string>): string {
  let out = '';
  let i = 0;
  const ident = /[A-Za-z_][A-Za-z0-9_$]*/y;
  while (i < verilog.length) {
    ident.lastIndex = i;
    const m = ident.exec(verilog);
    if (!m || (i > 0 && /[A-Za-z0-9_$]/.test(verilog[i - 1]!))) {
      out += verilog[i]!;
      i++;
      continue;
    }
    const name = m[0];
    let j = i + name.length;
    out += name;
    if (memories.has(name) && verilog[j] === '[') {
      let depth = 0;
      let k = j;
      for (; k < verilog.length; k++) {
        if (verilog[k] === '[') depth++;
        else if (verilog[k] === ']' && --depth === 0) break;
      }
      out += `[$unsigned(${verilog.slice(j + 1, k)})]`;
      j = k + 1;
    }
    i = j;
  }
  return out;
}

function observed(design: IrDesign): string[] {
  return topModule(design).ports.filter((p) => p.dir === 'output').map((p) => p.name);
}

function runSim(config: FuzzConfig, make: () => Simulator, stim: FuzzStimulus, observe: string[], resetCycles: number, settleFirst: boolean, drop = false): ConfigRun {
  const run: ConfigRun = { config, createSeconds: 0, runSeconds: 0 };
  let sim: Simulator | null = null;
  try {
    sim = make();
    if (resetCycles > 0) sim.reset(resetCycles);
    if (!settleFirst) run.rows = sim.run({ inputs: stim.inputs, cycles: stim.rows, observe });
    else {
      const rows: bigint[][] = [];
      for (const row of stim.rows) {
        stim.inputs.forEach((n, i) => sim!.poke(n, row[i]!));
        sim.peek(observe[0] ?? stim.inputs[0]!); // settles the pokes before the edge
        sim.step(1);
        rows.push(observe.map((o) => sim!.peek(o)));
      }
      run.rows = rows;
    }
  } catch (e) {
    run.error = e instanceof Error ? e.message : String(e);
  } finally {
    try {
      sim?.close();
    } catch {
      // already reported
    }
    // Models built for a workaround are never needed again.
    const dir = sim && drop ? compiledDir(sim) : null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  return run;
}

/**
 * Which known bugs explain a finding: for every suspect configuration, the
 * workarounds (alone, then together) are tried until it agrees with the
 * built-in back end on every output. The finding is explained only when every
 * suspect is; the result lists the bugs needed, or is null.
 */
export function classifyFinding(
  design: IrDesign,
  stim: FuzzStimulus,
  suspects: readonly FuzzConfig[],
  opts: { resetCycles?: number; cacheDir?: string; keepModels?: boolean } = {},
): KnownBug[] | null {
  const resetCycles = opts.resetCycles ?? 2;
  const observe = observed(design);
  const reference = runSim('builtin', () => createSimulator(design, 'builtin'), stim, observe, resetCycles, false);
  if (reference.error !== undefined) return null;
  const agrees = (run: ConfigRun) => run.error === undefined && compareRuns([reference, run], observe).length === 0;
  const cache = opts.cacheDir ? { cacheDir: opts.cacheDir } : {};
  const bugs = new Set<KnownBug>();
  for (const config of new Set(suspects)) {
    if (config === 'verilator') {
      // Every combination of the applicable workarounds, smallest first; each against the built-in back end on the same design.
      const fixes: { bug: KnownBug; transform?: (d: IrDesign) => IrDesign; settle?: boolean; flags?: string[] }[] = [
        { bug: 'verilator-edge-eval', settle: true },
        ...(design.modules.some((m) => m.cells.some((c) => c.op === 'mux' && m.nets.find((n) => n.id === c.out)!.width > 64))
          ? [{ bug: 'verilator-wide-cond-expand' as const, flags: ['-fno-expand'] }]
          : []),
      ];
      if (changed(narrowWideShiftAmounts(design), design)) fixes.push({ bug: 'verilator-wide-shift', transform: narrowWideShiftAmounts });
      if (changed(asyncResetPowerUp(design), design)) fixes.push({ bug: 'verilator-powerup-async-reset', transform: asyncResetPowerUp });
      const combos = Array.from({ length: (1 << fixes.length) - 1 }, (_, i) => fixes.filter((_, k) => ((i + 1) >> k) & 1)).sort((a, b) => a.length - b.length);
      const hit = combos.find((combo) => {
        const d = combo.reduce((x, f) => (f.transform ? f.transform(x) : x), design);
        const ref = d === design ? reference : runSim('builtin', () => createSimulator(d, 'builtin'), stim, observe, resetCycles, false);
        if (ref.error !== undefined) return false;
        const flags = combo.flatMap((f) => f.flags ?? []);
        const run = runSim('verilator', () => verilatorWithFlags(d, flags, cache), stim, observe, resetCycles, combo.some((f) => f.settle), !opts.keepModels);
        return run.error === undefined && compareRuns([ref, run], observe).length === 0;
      });
      if (!hit) return null;
      for (const f of hit) bugs.add(f.bug);
    } else if (config === 'iverilog') {
      const memories = new Set(design.modules.flatMap((m) => m.memories.map((x) => x.name)));
      const verilog = unsignedMemoryIndices(emitVerilog(design), memories);
      if (!agrees(runSim('iverilog', () => createIcarusSimulator(design, { verilog, cache: false }), stim, observe, resetCycles, false))) return null;
      bugs.add('verilog-signed-index');
    } else {
      return null; // no known bug of the built-in back end or the passes
    }
  }
  return bugs.size > 0 ? [...bugs].sort() : null;
}
