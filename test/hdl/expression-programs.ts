// Random straight-line expression programs over the operator library. A
// program is plain data, so the same one can be applied to software values
// (Bits) and to hardware signals, and the results compared.
import { Fixed, SInt, UInt, type HwType, type Vec } from '../../hdl/index.ts';
import type { Random } from './random.ts';

export type Step =
  | { op: 'bin'; name: 'add' | 'sub' | 'mul' | 'addWrap' | 'subWrap' | 'addSat' | 'subSat' | 'and' | 'or' | 'xor' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; a: number; b: number }
  | { op: 'lit'; name: 'add' | 'and' | 'lt' | 'eq' | 'mul'; a: number; value: bigint }
  | { op: 'un'; name: 'not' | 'neg' | 'andR' | 'orR' | 'xorR' | 'asUInt' | 'asSInt' | 'msb'; a: number }
  | { op: 'shift'; name: 'shl' | 'shr' | 'shrLogical'; a: number; k: number }
  | { op: 'dynshift'; name: 'shl' | 'shr' | 'shrLogical'; a: number; b: number }
  | { op: 'slice'; a: number; hi: number; lo: number }
  | { op: 'cat'; a: number; b: number }
  | { op: 'repeat'; a: number; n: number }
  | { op: 'resize'; name: 'resize' | 'zext' | 'sext' | 'truncate'; a: number; w: number }
  | { op: 'select'; c: number; a: number; b: number }
  | { op: 'index'; s: number; arms: number[] }
  | { op: 'narrow'; a: number; frac: number; to: HwType; round: 'floor' | 'zero'; overflow: 'wrap' | 'saturate' };

export interface Program {
  steps: Step[];
}

const MAX_W = 130;

/** Makes `b` the same type as `a` (resize then reinterpret). */
function conform<S extends Vec<S>>(b: S, a: S): S {
  const r = b.resize(a.width);
  return r.signed === a.signed ? r : a.signed ? r.asSInt() : r.asUInt();
}

function cap<S extends Vec<S>>(x: S): S {
  return x.width > MAX_W ? x.truncate(MAX_W) : x;
}

/** Runs a program over input values; returns every value it computed (inputs first). */
export function runProgram<S extends Vec<S>>(p: Program, inputs: S[]): S[] {
  const v: S[] = [...inputs];
  for (const s of p.steps) v.push(cap(applyStep(s, v)));
  return v;
}

function applyStep<S extends Vec<S>>(s: Step, v: S[]): S {
  const a = 'a' in s ? v[s.a]! : v[0]!;
  switch (s.op) {
    case 'bin': {
      const b = v[s.b]!;
      const same = ['addWrap', 'subWrap', 'addSat', 'subSat', 'and', 'or', 'xor'].includes(s.name);
      const bb = same ? conform(b, a) : b.signed === a.signed ? b : a.signed ? b.resize(b.width + 1).asSInt() : b.asUInt();
      return a[s.name](bb);
    }
    case 'lit': {
      if (s.name === 'and') return a.and(a.signed ? BigInt.asIntN(a.width, s.value) : BigInt.asUintN(a.width, s.value));
      return a[s.name](a.signed ? s.value : s.value < 0n ? -s.value : s.value);
    }
    case 'un':
      if (s.name === 'neg') return (a.signed ? a : a.resize(a.width + 1).asSInt()).neg();
      if (s.name === 'msb') return a.msb();
      return a[s.name]();
    case 'shift':
      return a[s.name](s.k);
    case 'dynshift': {
      const b = v[s.b]!;
      const amt = b.width > 8 ? b.truncate(8) : b;
      return a[s.name](amt.signed ? amt.asUInt() : amt);
    }
    case 'slice': {
      const hi = Math.min(s.hi, a.width - 1);
      const lo = Math.min(s.lo, hi);
      return a.slice(hi, lo);
    }
    case 'cat':
      return a.cat(v[s.b]!);
    case 'repeat':
      return a.repeat(s.n);
    case 'resize':
      if (s.name === 'zext' || s.name === 'sext') return a[s.name](Math.max(s.w, a.width));
      if (s.name === 'truncate') return a.truncate(Math.max(1, Math.min(s.w, a.width)));
      return a.resize(s.w);
    case 'select': {
      const c = v[s.c]!.orR();
      return c.select(a, conform(v[s.b]!, a));
    }
    case 'index': {
      const sel = v[s.s]!.truncate(Math.min(2, v[s.s]!.width)).asUInt();
      const first = v[s.arms[0]!]!;
      return sel.index(s.arms.map((i) => conform(v[i]!, first)));
    }
    case 'narrow': {
      // Read a as fixed point with `frac` fraction bits, then narrow it.
      const fr = Math.min(s.frac, a.width - 1);
      const src = a.as(Fixed(a.width - fr, fr, a.signed));
      const to = { ...s.to, signed: a.signed, frac: Math.min(s.to.frac, fr), width: Math.max(s.to.width, Math.min(s.to.frac, fr) + 1) };
      const n = src.narrow(to, { round: s.round, overflow: s.overflow });
      return a.signed ? n.asSInt() : n.asUInt();
    }
  }
}

export function randomType(r: Random, maxWidth = MAX_W): HwType {
  const w = r.next() < 0.6 ? r.int(1, 40) : r.int(1, maxWidth);
  return r.bool() ? SInt(w) : UInt(w);
}

export function randomProgram(r: Random, nInputs: number, length: number): Program {
  const steps: Step[] = [];
  const pick = (): number => r.int(Math.max(0, nInputs + steps.length - 6), nInputs + steps.length - 1);
  const any = (): number => r.int(0, nInputs + steps.length - 1);
  const bins = ['add', 'sub', 'mul', 'addWrap', 'subWrap', 'addSat', 'subSat', 'and', 'or', 'xor', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const;
  for (let i = 0; i < length; i++) {
    const k = r.int(0, 13);
    const a = pick();
    switch (k) {
      case 0:
      case 1:
      case 2:
        steps.push({ op: 'bin', name: r.pick(bins), a, b: any() });
        break;
      case 3:
        steps.push({ op: 'lit', name: r.pick(['add', 'and', 'lt', 'eq', 'mul'] as const), a, value: BigInt(r.int(-40, 300)) });
        break;
      case 4:
        steps.push({ op: 'un', name: r.pick(['not', 'neg', 'andR', 'orR', 'xorR', 'asUInt', 'asSInt', 'msb'] as const), a });
        break;
      case 5:
        steps.push({ op: 'shift', name: r.pick(['shl', 'shr', 'shrLogical'] as const), a, k: r.int(0, 70) });
        break;
      case 6:
        steps.push({ op: 'dynshift', name: r.pick(['shl', 'shr', 'shrLogical'] as const), a, b: any() });
        break;
      case 7:
        steps.push({ op: 'slice', a, hi: r.int(0, 129), lo: r.int(0, 129) });
        break;
      case 8:
        steps.push({ op: 'cat', a, b: any() });
        break;
      case 9:
        steps.push({ op: 'repeat', a, n: r.int(1, 3) });
        break;
      case 10:
        steps.push({ op: 'resize', name: r.pick(['resize', 'zext', 'sext', 'truncate'] as const), a, w: r.int(1, 130) });
        break;
      case 11:
        steps.push({ op: 'select', c: any(), a, b: any() });
        break;
      case 12:
        steps.push({ op: 'index', s: any(), arms: [a, any(), any()] });
        break;
      case 13:
        steps.push({
          op: 'narrow',
          a,
          frac: r.int(0, 6),
          to: { width: r.int(1, 24), signed: false, frac: r.int(0, 6) },
          round: r.pick(['floor', 'zero'] as const),
          overflow: r.pick(['wrap', 'saturate'] as const),
        });
        break;
    }
  }
  return { steps };
}
