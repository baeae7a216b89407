// Packed weight memories: the layout and sign rules by hand, then the
// hardware WeightMemory against the golden WeightMemoryModel for 1-, 3-, 4-
// and 8-bit weights in both sign modes, and its Verilog through Verilator lint.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { layoutOf, weightLayout, WeightMemory, WeightMemoryModel, zeroMatrix, type WeightParams } from '../../../ip/synapse/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';
import { floatStream, randomWeights } from '../core/harness.ts';

function params(over: Partial<WeightParams>): WeightParams {
  const axons = over.axons ?? 2;
  const neurons = over.neurons ?? 8;
  return { axons, neurons, weightWidth: 4, signMode: 'signed', wordWidth: 32, weights: zeroMatrix(axons, neurons), inhibitory: [], ...over };
}

describe('weight layout', () => {
  it('packs eight 4-bit weights per 32-bit word, as tinyODIN does', () => {
    const l = weightLayout(4, 32, 256, 256);
    expect(l.weightsPerWord).toBe(8);
    expect(l.wordsPerRow).toBe(32);
    expect(l.depth).toBe(8192);
    expect(l.addressWidth).toBe(13);
  });

  it('rounds the weights per word down to a power of two', () => {
    expect(weightLayout(3, 32, 1, 1).weightsPerWord).toBe(8); // 10 would fit; 8 keeps the slot a bit field
    expect(weightLayout(8, 32, 1, 1).weightsPerWord).toBe(4);
    expect(weightLayout(1, 32, 1, 1).weightsPerWord).toBe(32);
    expect(weightLayout(5, 8, 1, 1).weightsPerWord).toBe(1);
    expect(weightLayout(4, 32, 3, 9).wordsPerRow).toBe(2); // a row starts on a word boundary
  });

  it('puts slot s in bits [4s+3:4s], two\'s complement', () => {
    // Row 0: 1, -1, 2, -8, 7, 0, 0, 3 -> nibbles (slot 7 first) 3 0 0 7 8 2 F 1.
    const m = new WeightMemoryModel(params({ axons: 1, weights: [[1, -1, 2, -8, 7, 0, 0, 3]] }));
    expect(m.words).toEqual([0x300782f1n]);
    expect([0, 1, 2, 3, 4, 7].map((n) => m.weight(0, n))).toEqual([1, -1, 2, -8, 7, 3]);
  });

  it('starts each row on a new word and leaves unused slots 0', () => {
    // 3 neurons per row, 8 slots per word: one word per row.
    const m = new WeightMemoryModel(params({ axons: 2, neurons: 3, weights: [[1, 2, 3], [-1, -2, -3]] }));
    expect(m.words).toEqual([0x321n, 0xdefn]);
  });

  it("'magnitude' mode: a magnitude per synapse and a sign per axon (ODIN)", () => {
    const m = new WeightMemoryModel(params({ axons: 2, neurons: 2, weightWidth: 3, signMode: 'magnitude', weights: [[7, 1], [5, 0]], inhibitory: [0, 1] }));
    expect(m.words).toEqual([0b001_111n, 0b000_101n]);
    expect([m.weight(0, 0), m.weight(0, 1), m.weight(1, 0), m.weight(1, 1)]).toEqual([7, 1, -5, 0]);
  });

  it('1-bit weights: 32 per word', () => {
    const row = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const m = new WeightMemoryModel(params({ axons: 1, neurons: 40, weightWidth: 1, signMode: 'magnitude', weights: [row] }));
    expect(m.words.length).toBe(2);
    expect(m.words[0]).toBe(0b01001001001001001001001001001001n);
    expect(m.words[1]).toBe(0b10010010n); // neurons 33, 36, 39
  });
});

/** Reads every (axon, neuron), including addresses past the array, and compares with the model. */
function compareReads(p: WeightParams, writes: { addr: number; data: bigint }[] = []): string[] {
  const ir = elaborate(WeightMemory, p);
  const sim = createBuiltinSimulator(ir);
  const model = new WeightMemoryModel(p);
  const bad: string[] = [];
  try {
    sim.reset(1);
    for (const w of writes) {
      sim.poke('wr_en', 1);
      sim.poke('wr_addr', w.addr);
      sim.poke('wr_data', w.data);
      sim.step(1);
      model.writeWord(w.addr, w.data);
    }
    sim.poke('wr_en', 0);
    const aMax = 1 << Math.max(1, Math.ceil(Math.log2(p.axons)));
    const nMax = 1 << Math.max(1, Math.ceil(Math.log2(p.neurons)));
    for (let a = 0; a < aMax; a++) {
      for (let n = 0; n < nMax; n++) {
        sim.poke('rd_en', 1);
        sim.poke('rd_axon', a);
        sim.poke('rd_neuron', n);
        sim.step(1);
        sim.poke('rd_en', 0);
        sim.step(1); // the output holds while rd_en is low
        const got = Number(sim.peek('rd_weight'));
        const want = model.weight(a, n);
        if (got !== want) bad.push(`(${a}, ${n}): hardware ${got}, model ${want}`);
      }
    }
  } finally {
    sim.close();
  }
  return bad;
}

describe('WeightMemory hardware against WeightMemoryModel', () => {
  const rng = floatStream(42);
  const cases: [string, Partial<WeightParams>][] = [
    ['4-bit signed, tinyODIN packing', { axons: 4, neurons: 16, weightWidth: 4 }],
    ['8-bit signed, 4 per word', { axons: 3, neurons: 10, weightWidth: 8 }],
    ['1-bit magnitude with inhibitory axons', { axons: 5, neurons: 12, weightWidth: 1, signMode: 'magnitude', wordWidth: 8, inhibitory: [0, 1, 1, 0, 1] }],
    ['3-bit magnitude (ODIN-like), odd sizes', { axons: 5, neurons: 20, weightWidth: 3, signMode: 'magnitude', wordWidth: 16, inhibitory: [1, 0, 1, 0, 0] }],
    ['1-bit signed (-1/0), one weight per word', { axons: 3, neurons: 3, weightWidth: 1, wordWidth: 1 }],
  ];
  for (const [name, over] of cases) {
    it(name, () => {
      const p = params(over);
      p.weights = randomWeights(rng, p.axons, p.neurons, p.weightWidth, p.signMode);
      expect(compareReads(p)).toEqual([]);
    });
  }

  it('the write port replaces a whole packed word', () => {
    const p = params({ axons: 2, neurons: 8 });
    p.weights = randomWeights(rng, 2, 8, 4, 'signed');
    const l = layoutOf(p);
    expect(l.depth).toBe(2);
    expect(compareReads(p, [{ addr: 1, data: 0x89abcdefn }])).toEqual([]);
    const m = new WeightMemoryModel(p);
    m.writeWord(1, 0x89abcdefn);
    expect([m.weight(1, 0), m.weight(1, 7)]).toEqual([-1, -8]);
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    for (const [name, over] of cases) {
      it(`${name} lints clean`, () => {
        const p = params(over);
        p.weights = randomWeights(floatStream(3), p.axons, p.neurons, p.weightWidth, p.signMode);
        const ir = elaborate(WeightMemory, p);
        const r = lintVerilog(emitVerilog(ir), ir.top);
        expect(r.warnings).toEqual([]);
      });
    }
  });
});
