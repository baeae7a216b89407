// Typed-array views of the model's variables, and reading and writing values
// through them. A variable is one element (a signal) or `depth` elements (a
// memory); an element is an 8/16/32/64-bit integer or an array of 32-bit words
// (Verilator's CData/SData/IData/QData/VlWide). Values are kept clean: bits
// above the width are zero.
import { KIND_U16, KIND_U32, KIND_U64, KIND_U8, KIND_WIDE, type VarRow } from './addon.ts';

export interface VarView {
  name: string;
  kind: number;
  width: number;
  /** 32-bit words per element. */
  words: number;
  /** Elements; 1 for a plain variable. */
  depth: number;
  /** Lowest unpacked index (element 0). */
  low: number;
  /** Index in the model's variable table (for step/run). */
  index: number;
  arr: Uint8Array | Uint16Array | Uint32Array | BigUint64Array;
  /** Array elements per element of the variable. */
  stride: number;
  /** Wide variables: the same bytes, for reading 64 bits at a time. */
  data: DataView | null;
}

export function makeView(row: VarRow, index: number, buffers: ArrayBuffer[]): VarView {
  const [name, kind, width, words, depth, low, , buffer, offset, entSize] = row;
  const n = Math.max(depth, 1);
  const buf = buffers[buffer]!;
  let arr: VarView['arr'];
  let stride = 1;
  switch (kind) {
    case KIND_U8:
      arr = new Uint8Array(buf, offset, n);
      break;
    case KIND_U16:
      arr = new Uint16Array(buf, offset, n);
      break;
    case KIND_U32:
      arr = new Uint32Array(buf, offset, n);
      break;
    case KIND_U64:
      arr = new BigUint64Array(buf, offset, n);
      break;
    case KIND_WIDE:
      stride = entSize / 4;
      arr = new Uint32Array(buf, offset, n * stride);
      break;
    default:
      throw new Error(`variable '${name}' has an unknown storage kind ${kind}`);
  }
  const data = kind === KIND_WIDE ? new DataView(buf, offset, n * entSize) : null;
  return { name, kind, width, words, depth: n, low, index, arr, stride, data };
}

/** Element `e` as an unsigned bit pattern. */
export function readPattern(v: VarView, e = 0): bigint {
  if (v.kind === KIND_WIDE) return BigInt.asUintN(v.width, wordsAt(v.data!, e * v.stride * 4, v.words));
  if (v.kind === KIND_U64) return BigInt.asUintN(v.width, (v.arr as BigUint64Array)[e]!);
  const x = (v.arr as Uint32Array)[e]!;
  return BigInt(v.width >= 32 ? x : x & ((1 << v.width) - 1));
}

/** Element `e` as the signal's type reads it. */
export function readValue(v: VarView, signed: boolean, e = 0): bigint {
  if (v.kind !== KIND_WIDE && v.kind !== KIND_U64) {
    const x = (v.arr as Uint32Array)[e]!;
    if (signed) return BigInt((x << (32 - v.width)) >> (32 - v.width));
    return BigInt(v.width >= 32 ? x : x & ((1 << v.width) - 1));
  }
  const p = readPattern(v, e);
  return signed ? BigInt.asIntN(v.width, p) : p;
}

/** Stores an unsigned bit pattern (already checked to fit) into element `e`. */
export function writePattern(v: VarView, pattern: bigint, e = 0): void {
  if (v.kind === KIND_WIDE) {
    const d = v.data!;
    const base = e * v.stride * 4;
    let i = 0;
    for (; i + 2 <= v.words; i += 2) {
      d.setBigUint64(base + i * 4, BigInt.asUintN(64, pattern), true);
      pattern >>= 64n;
    }
    if (i < v.words) d.setUint32(base + i * 4, Number(pattern), true);
  } else if (v.kind === KIND_U64) {
    (v.arr as BigUint64Array)[e] = pattern;
  } else {
    (v.arr as Uint32Array)[e] = Number(pattern);
  }
}

/** Appends the element's words (little-endian 32-bit) of a pattern to `out` at `at`. */
export function patternWords(pattern: bigint, words: number, out: Uint32Array, at: number): void {
  if (words === 1) {
    out[at] = Number(pattern);
    return;
  }
  for (let i = 0; i < words; i++) {
    out[at + i] = Number(pattern & 0xffffffffn);
    pattern >>= 32n;
  }
}

/** The number held in `words` little-endian 32-bit words from byte `byte` of `d`, 64 bits at a time (fewer BigInt steps). */
export function wordsAt(d: DataView, byte: number, words: number): bigint {
  let i = words;
  let x = 0n;
  if (i & 1) {
    i--;
    x = BigInt(d.getUint32(byte + i * 4, true));
  }
  for (i -= 2; i >= 0; i -= 2) x = (x << 64n) | d.getBigUint64(byte + i * 4, true);
  return x;
}

/** The pattern held in `words` little-endian 32-bit words of `src` from `at`. */
export function wordsPattern(src: Uint32Array, at: number, words: number, data?: DataView): bigint {
  if (words === 1) return BigInt(src[at]!);
  return wordsAt(data ?? new DataView(src.buffer, src.byteOffset, src.byteLength), at * 4, words);
}
