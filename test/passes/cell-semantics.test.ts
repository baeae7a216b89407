import { describe, expect, it } from 'vitest';
import { evalCell } from '../../hdl/passes/index.ts';
import { Rng } from './fixtures.ts';
import { FOLDABLE_OPS, randomCase } from './random-cells.ts';
import { referenceEval } from './reference-semantics.ts';

describe('evalCell', () => {
  it('matches the reference semantics on random operands of 1..130 bits, signed and unsigned', () => {
    const rng = new Rng(0xc0ffee);
    for (const op of FOLDABLE_OPS) {
      for (let i = 0; i < 300; i++) {
        const c = randomCase(rng, op);
        const got = evalCell(c.op, c.args, c.widths, c.signed, c.outWidth, c.params);
        const want = referenceEval(c.op, c.args, c.widths, c.signed, c.outWidth, c.params);
        if (got !== want) {
          throw new Error(`${op} ${JSON.stringify({ ...c, args: c.args.map(String) })}: got ${got}, want ${want}`);
        }
      }
    }
  });

  it('compares signed operands as two\'s complement and unsigned ones as naturals', () => {
    // 0xff is -1 as s8, 255 as u8.
    expect(evalCell('lt', [0xffn, 1n], [8, 8], [true, true], 1)).toBe(1n);
    expect(evalCell('lt', [0xffn, 1n], [8, 8], [false, false], 1)).toBe(0n);
    expect(evalCell('ge', [0x80n, 0x7fn], [8, 8], [true, true], 1)).toBe(0n);
  });

  it('shifts arithmetically with sra and logically with shr', () => {
    expect(evalCell('sra', [0b1000_0000n], [8], [true], 8, { amount: 3 })).toBe(0b1111_0000n);
    expect(evalCell('shr', [0b1000_0000n], [8], [true], 8, { amount: 3 })).toBe(0b0001_0000n);
    expect(evalCell('sra', [0x80n], [8], [true], 8, { amount: 100 })).toBe(0xffn);
    expect(evalCell('shl', [0x81n, 1n], [8, 1], [false, false], 8)).toBe(0x02n);
  });

  it('gives the last arm for a select past the end, and slices and concatenates in order', () => {
    expect(evalCell('mux', [3n, 10n, 20n, 30n], [2, 8, 8, 8], [false, false, false, false], 8)).toBe(30n);
    expect(evalCell('mux', [1n, 10n, 20n, 30n], [2, 8, 8, 8], [false, false, false, false], 8)).toBe(20n);
    expect(evalCell('slice', [0b1011_0110n], [8], [false], 3, { lo: 2 })).toBe(0b101n);
    expect(evalCell('concat', [0b10n, 0b011n], [2, 3], [false, false], 5)).toBe(0b10011n);
    expect(evalCell('sext', [0b101n], [3], [true], 6)).toBe(0b111101n);
  });

  it('throws on a wrong operand count', () => {
    expect(() => evalCell('add', [1n], [8], [false], 8)).toThrow(/add takes 2 operands/);
  });
});
