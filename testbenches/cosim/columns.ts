// The harness's side of the columnar batch API (`Simulator.runColumns`):
// input values written as unsigned patterns in 32-bit words, observed values
// read back from words and compared with the expected ones without making a
// bigint per value (a signal of at most 52 bits is compared as a number; a
// wider one word by word). Layout: ColumnStimulus in ../simulator.ts.
import type { ColumnResult } from '../simulator.ts';
import type { SignalSlot } from './signals.ts';

/** 32-bit words per value of a `width`-bit signal. */
export const wordsOf = (width: number): number => Math.ceil(width / 32);

// Scratch for splitting up to 64 bits into two words without allocating.
const scratch64 = new BigUint64Array(1);
const scratch32 = new Uint32Array(scratch64.buffer);
const TWO32 = 4294967296;

/** Writes the unsigned pattern of `v` (a value of the slot, signed or not) into `words` words of `out` from `at`. */
export function putPattern(v: bigint, s: SignalSlot, out: Uint32Array, at: number): void {
  const w = s.width;
  if (w <= 52) {
    // In number arithmetic (v fits the slot, so it is exact): no bigint to allocate.
    const x = Number(v);
    const p = x < 0 ? x + s.modulusN : x;
    if (w <= 32) out[at] = p;
    else {
      out[at] = p % TWO32;
      out[at + 1] = Math.floor(p / TWO32);
    }
    return;
  }
  if (w <= 64) {
    scratch64[0] = v; // modulo 2^64: two's complement for negative values
    out[at] = scratch32[0]!;
    out[at + 1] = w === 64 ? scratch32[1]! : scratch32[1]! & (2 ** (w - 32) - 1);
    return;
  }
  let p = BigInt.asUintN(w, v);
  for (let k = 0; k < wordsOf(w); k++, p >>= 32n) out[at + k] = Number(p & 0xffffffffn);
}

/** Signal j's value at batch cycle c of `res`, as its type reads it. */
export function columnValue(res: ColumnResult, j: number, c: number, s: SignalSlot): bigint {
  const w = res.words[j]!;
  const col = res.values[j]!;
  let p = 0n;
  for (let k = w - 1; k >= 0; k--) p = (p << 32n) | BigInt(col[c * w + k]!);
  return s.signed && p > s.maxSigned ? p - s.modulus : p;
}

/**
 * Expected values of a batch, row by row (index c * nObs + j): a signal of at
 * most 52 bits as a number in `num` (as its type reads it), a wider one as a
 * bigint in `big`.
 */
export interface ExpectedRows {
  readonly nObs: number;
  readonly narrow: readonly boolean[];
  readonly num: Float64Array;
  readonly big: bigint[];
}

/** Whether signal j at batch cycle c of `res` shows the expected value. */
export function columnMatches(res: ColumnResult, j: number, c: number, s: SignalSlot, exp: ExpectedRows): boolean {
  const w = res.words[j]!;
  const col = res.values[j]!;
  const at = c * exp.nObs + j;
  if (exp.narrow[j]) {
    const e = exp.num[at]!;
    const pattern = e < 0 ? e + s.modulusN : e;
    return (w === 1 ? col[c]! : col[2 * c]! + col[2 * c + 1]! * TWO32) === pattern;
  }
  // Wide: the expected pattern, 64 bits at a time, against the words.
  let p = BigInt.asUintN(s.width, exp.big[at]!);
  for (let k = 0; k < w; k += 2, p >>= 64n) {
    scratch64[0] = p;
    if (scratch32[0] !== col[c * w + k]) return false;
    if (k + 1 < w && scratch32[1] !== col[c * w + k + 1]) return false;
  }
  return true;
}

/** The first batch cycle below `limit` at which some signal of `res` differs from the expected values, or -1. */
export function firstColumnMismatch(res: ColumnResult, limit: number, observed: readonly SignalSlot[], exp: ExpectedRows): number {
  const nObs = observed.length;
  for (let c = 0; c < limit; c++) for (let j = 0; j < nObs; j++) if (!columnMatches(res, j, c, observed[j]!, exp)) return c;
  return -1;
}

/** Whether signal j at batch cycle c is the same in two results. */
export function columnsEqual(a: ColumnResult, b: ColumnResult, j: number, c: number): boolean {
  const w = a.words[j]!;
  const ca = a.values[j]!;
  const cb = b.values[j]!;
  for (let k = c * w; k < (c + 1) * w; k++) if (ca[k] !== cb[k]) return false;
  return true;
}

/** The first batch cycle below `limit` at which some signal differs between two results, or -1. */
export function firstColumnDifference(a: ColumnResult, b: ColumnResult, limit: number): number {
  const nObs = a.values.length;
  for (let c = 0; c < limit; c++) for (let j = 0; j < nObs; j++) if (!columnsEqual(a, b, j, c)) return c;
  return -1;
}
