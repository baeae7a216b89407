// The signals a co-simulation drives and reads, taken from the IR, and the one
// conversion every value goes through: to the value as the signal's type
// reads it (negative for signed signals), which is what `peek` and `run` return.
import { hierarchyOf } from '../../hdl/passes/ir-util.ts';
import { topModule, type IrDesign, type IrModule } from '../../hdl/ir.ts';
import type { SignalInfo } from '../simulator.ts';

export interface SignalSlot extends SignalInfo {
  /** Smallest and largest accepted value: -2^(w-1) .. 2^w - 1 (signed or unsigned reading). */
  readonly lo: bigint;
  readonly hi: bigint;
  /** 2^w, to turn a pattern into a signed value. */
  readonly modulus: bigint;
  /** Largest value of the signed reading, 2^(w-1) - 1. */
  readonly maxSigned: bigint;
  /** The same as numbers, for the fast path of narrow signals (width <= 52); NaN otherwise. */
  readonly loN: number;
  readonly hiN: number;
  readonly modulusN: number;
  readonly maxSignedN: number;
}

export function slot(info: SignalInfo): SignalSlot {
  const w = BigInt(info.width);
  const narrow = info.width <= 52;
  return {
    ...info,
    lo: -(1n << (w - 1n)),
    hi: (1n << w) - 1n,
    modulus: 1n << w,
    maxSigned: (1n << (w - 1n)) - 1n,
    loN: narrow ? -(2 ** (info.width - 1)) : NaN,
    hiN: narrow ? 2 ** info.width - 1 : NaN,
    modulusN: narrow ? 2 ** info.width : NaN,
    maxSignedN: narrow ? 2 ** (info.width - 1) - 1 : NaN,
  };
}

/**
 * A value as the slot's type reads it, or null when it fits neither the
 * signed nor the unsigned reading of the width (or is not an integer).
 */
export function typedValue(v: unknown, s: SignalSlot): bigint | null {
  if (typeof v === 'number' && s.width <= 52) {
    // Fast path: number arithmetic, one conversion.
    if (!Number.isInteger(v) || v < s.loN || v > s.hiN) return null;
    return BigInt(s.signed ? (v > s.maxSignedN ? v - s.modulusN : v) : v < 0 ? v + s.modulusN : v);
  }
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) return null;
    b = BigInt(v);
  } else if (typeof v === 'boolean') b = v ? 1n : 0n;
  else return null;
  if (b < s.lo || b > s.hi) return null;
  if (s.signed) return b > s.maxSigned ? b - s.modulus : b;
  return b < 0n ? b + s.modulus : b;
}

export function describeValue(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** The top module's ports, split by role. */
export function topPorts(design: IrDesign): { inputs: SignalSlot[]; outputs: SignalSlot[]; clocks: string[]; resets: string[] } {
  const top = topModule(design);
  const inputs: SignalSlot[] = [];
  const outputs: SignalSlot[] = [];
  const clocks: string[] = [];
  const resets: string[] = [];
  for (const p of top.ports) {
    const n = top.nets[p.net]!;
    if (p.role === 'clock') {
      clocks.push(p.name);
      continue;
    }
    if (p.role === 'reset') resets.push(p.name);
    (p.dir === 'input' ? inputs : outputs).push(slot({ name: p.name, width: n.width, signed: n.signed }));
  }
  return { inputs, outputs, clocks, resets };
}

/**
 * Every port and user-named net of every instance, named hierarchically
 * ('inst.sub.sig') as the simulators name them, without clock ports: the
 * signals a waveform of the run shows.
 */
export function waveformSignals(design: IrDesign): SignalInfo[] {
  const h = hierarchyOf(design);
  const out: SignalInfo[] = [];
  const seen = new Set<string>();
  const visit = (mi: number, prefix: string, depth: number): void => {
    const m: IrModule = design.modules[mi]!;
    const clockNets = new Set(m.ports.filter((p) => p.role === 'clock').map((p) => p.net));
    const portNets = new Set(m.ports.map((p) => p.net));
    for (const n of m.nets) {
      if (clockNets.has(n.id) || (!n.named && !portNets.has(n.id))) continue;
      const name = prefix + n.name;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({ name, width: n.width, signed: n.signed });
    }
    if (depth > 64) return; // IR checks reject recursion; this only guards against malformed input
    m.instances.forEach((inst, k) => {
      const ci = h.children[mi]?.[k] ?? -1;
      if (ci >= 0) visit(ci, `${prefix}${inst.name}.`, depth + 1);
    });
  };
  if (h.top >= 0) visit(h.top, '', 0);
  return out;
}
