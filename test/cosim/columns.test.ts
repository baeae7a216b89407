// The harness's word-level conversions (testbenches/cosim/columns.ts) against
// plain bigint arithmetic, at the widths where their code paths change
// (32, 52, 64 bits), signed and unsigned, at the ends of each range.
import { describe, expect, it } from 'vitest';
import { columnMatches, columnsEqual, columnValue, putPattern, wordsOf, type ExpectedRows } from '../../testbenches/cosim/columns.ts';
import { slot } from '../../testbenches/cosim/signals.ts';
import type { ColumnResult } from '../../testbenches/simulator.ts';

const WIDTHS = [1, 7, 31, 32, 33, 51, 52, 53, 63, 64, 65, 96, 100];

/** Values of the type: the ends, around zero, and a few in between. */
function samples(width: number, signed: boolean): bigint[] {
  const w = BigInt(width);
  const lo = signed ? -(1n << (w - 1n)) : 0n;
  const hi = signed ? (1n << (w - 1n)) - 1n : (1n << w) - 1n;
  const mid = [0x5a5a5a5a5a5a5a5a5a5a5a5a5a5an, 0x123456789abcdef0123456789n, 3n].map((x) => (signed ? BigInt.asIntN(width, x) : BigInt.asUintN(width, x)));
  return [...new Set([lo, lo + 1n, -1n, 0n, 1n, hi - 1n, hi, ...mid].filter((v) => v >= lo && v <= hi))];
}

/** The unsigned pattern of v in 32-bit words, least significant first. */
function words(v: bigint, width: number): number[] {
  let p = BigInt.asUintN(width, v);
  const out: number[] = [];
  for (let k = 0; k < wordsOf(width); k++, p >>= 32n) out.push(Number(p & 0xffffffffn));
  return out;
}

describe('cosim columns', () => {
  for (const signed of [false, true]) {
    it.each(WIDTHS)(`${signed ? 'signed' : 'unsigned'} %i bits: patterns, values read back and comparisons`, (width) => {
      const s = slot({ name: 'x', width, signed });
      const values = samples(width, signed);
      const n = values.length;
      const w = wordsOf(width);
      const col = new Uint32Array(n * w).fill(0xdeadbeef); // stale words must be overwritten
      values.forEach((v, c) => putPattern(v, s, col, c * w));
      expect([...col]).toEqual(values.flatMap((v) => words(v, width)));

      const res: ColumnResult = { observe: ['x'], widths: [width], words: [w], signed: [signed], values: [col] };
      expect(values.map((_, c) => columnValue(res, 0, c, s))).toEqual(values);

      const narrow = width <= 52;
      const exp = (vals: bigint[]): ExpectedRows => ({
        nObs: 1,
        narrow: [narrow],
        num: Float64Array.from(vals, (v) => (narrow ? Number(v) : 0)),
        big: narrow ? vals.map(() => 0n) : vals,
      });
      expect(values.map((_, c) => columnMatches(res, 0, c, s, exp(values)))).toEqual(values.map(() => true));
      // Each value against its neighbour in the list (all distinct): never equal.
      const shifted = values.map((_, c) => values[(c + 1) % n]!);
      expect(values.map((_, c) => columnMatches(res, 0, c, s, exp(shifted)))).toEqual(values.map(() => false));

      const other: ColumnResult = { ...res, values: [col.slice()] };
      other.values[0]![(n - 1) * w + w - 1] ^= 1; // the top word of the last value
      expect(values.map((_, c) => columnsEqual(res, other, 0, c))).toEqual(values.map((_, c) => c !== n - 1));
    });
  }
});
