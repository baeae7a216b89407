// foldConstants and removeDeadLogic with { inPlace: true } must give what the
// copying versions give, in the design they were handed.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { foldConstants, irToJson, removeDeadLogic } from '../../hdl/passes/index.ts';
import { LifArray } from '../../bench/lif-array.ts';
import { blockRam, hierarchy, memories, muxes, registers, twoClockMemory, unusedAndConstants, writeOnly } from '../verilog/designs.ts';
import { randomModule } from '../verilog/random-ir.ts';

const designs: [string, () => IrDesign][] = [
  ['muxes', muxes],
  ['unusedAndConstants', unusedAndConstants],
  ['registers', registers],
  ['memories', memories],
  ['blockRam', blockRam],
  ['twoClockMemory', twoClockMemory],
  ['writeOnly', writeOnly],
  ['hierarchy', hierarchy],
  ['LifArray', () => elaborate(LifArray, { neurons: 12 })],
  ...[1, 2, 3, 4, 5, 6].map((seed): [string, () => IrDesign] => [`random ${seed}`, () => randomModule(seed, 150, true)]),
];

describe('in-place transforms', () => {
  for (const [name, make] of designs) {
    it(`fold then prune in place equals the copying passes: ${name}`, () => {
      for (const keepNamed of [false, true]) {
        const expected = irToJson(removeDeadLogic(foldConstants(make()), { keepNamed }));
        const own = make();
        const folded = foldConstants(own, { inPlace: true });
        expect(folded).toBe(own);
        const pruned = removeDeadLogic(folded, { keepNamed, inPlace: true });
        expect(pruned).toBe(own);
        expect(irToJson(pruned)).toBe(expected);
      }
    });
  }

  it('the copying passes leave their input alone', () => {
    const d = randomModule(7, 150, true);
    const before = irToJson(d);
    removeDeadLogic(foldConstants(d));
    expect(irToJson(d)).toBe(before);
  });
});
