// The fixed pseudo-random stimulus of the bare C++ loop (native/bare-loop.cpp),
// and its output checksum, reproduced in TypeScript so that a run through the
// simulator API can use the same cycles and be checked against the loop.
import type { BatchStimulus } from '../simulator.ts';

/** Word `word` of input `input` at cycle `cycle` (same function as the C++ loop). */
export function stimulusWord(cycle: number, input: number, word: number): number {
  let x = (Math.imul(cycle, 0x9e3779b1) ^ ((Math.imul(input, 0x85ebca77) + Math.imul(word, 0xc2b2ae3d) + 0x27d4eb2f) | 0)) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x2c1b3c6d) >>> 0;
  x = (x ^ (x >>> 12)) >>> 0;
  x = Math.imul(x, 0x297a2d39) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  return x;
}

/** The unsigned pattern input `input` (of `width` bits) gets at cycle `cycle`. */
export function stimulusValue(cycle: number, input: number, width: number): bigint {
  const words = Math.ceil(width / 32);
  let x = 0n;
  for (let k = words - 1; k >= 0; k--) x = (x << 32n) | BigInt(stimulusWord(cycle, input, k));
  return BigInt.asUintN(width, x);
}

/** `cycles` rows of the loop's stimulus for the given inputs, observing `observe`. */
export function loopStimulus(inputs: { name: string; width: number }[], observe: string[], cycles: number): BatchStimulus {
  const rows: bigint[][] = [];
  for (let c = 0; c < cycles; c++) rows.push(inputs.map((inp, j) => stimulusValue(c, j, inp.width)));
  return { inputs: inputs.map((i) => i.name), cycles: rows, observe };
}

/**
 * The loop's checksum of observed outputs: 64-bit FNV-1a over every output's
 * 32-bit words (least significant first), output by output, cycle by cycle.
 * `rows` hold values as peek returns them; widths give the words.
 */
export function loopChecksum(rows: bigint[][], widths: number[]): string {
  const PRIME = 0x100000001b3n;
  let h = 0xcbf29ce484222325n;
  for (const row of rows) {
    row.forEach((v, j) => {
      const w = widths[j]!;
      let p = BigInt.asUintN(w, v);
      for (let k = 0; k < Math.ceil(w / 32); k++) {
        h = BigInt.asUintN(64, (h ^ (p & 0xffffffffn)) * PRIME);
        p >>= 32n;
      }
    });
  }
  return h.toString(16).padStart(16, '0');
}

/** The loop's stimulus as columns for `runColumns`: per input, `cycles * ceil(width / 32)` words. */
export function loopColumns(inputs: { width: number }[], cycles: number): Uint32Array[] {
  return inputs.map((inp, j) => {
    const words = Math.ceil(inp.width / 32);
    const top = inp.width % 32 === 0 ? 0xffffffff : 2 ** (inp.width % 32) - 1;
    const col = new Uint32Array(cycles * words);
    for (let c = 0, at = 0; c < cycles; c++) {
      for (let k = 0; k < words; k++, at++) col[at] = stimulusWord(c, j, k);
      col[at - 1] = (col[at - 1]! & top) >>> 0;
    }
    return col;
  });
}

/** `loopChecksum` of observed columns (`runColumns` results): per output, `words[i]` words per cycle. */
export function loopChecksumColumns(values: Uint32Array[], words: number[], cycles: number): string {
  const PRIME = 0x100000001b3n;
  let h = 0xcbf29ce484222325n;
  for (let c = 0; c < cycles; c++)
    for (let i = 0; i < values.length; i++)
      for (let k = 0, at = c * words[i]!; k < words[i]!; k++) h = BigInt.asUintN(64, (h ^ BigInt(values[i]![at + k]!)) * PRIME);
  return h.toString(16).padStart(16, '0');
}
