// Runtime-loaded weights (`weightLoad: 'runtime'`): the golden model's
// writeWeightWord decoded by hand from the documented word layout, the
// parameter check, and the hardware loaded through `wload` after reset and
// then run against the golden model on the built-in simulator, Verilator and
// Icarus. The cores start from all-zero `weights` and get random ones only
// through the port, so neither side can pass without the load working.
import { describe, expect, it } from 'vitest';
import { DesignError, topModule, type IrDesign } from '../../../hdl/index.ts';
import { CoreModel, coreGeometry, validateCoreParams, weightLoadWords, weightMemoryName, type CoreParams } from '../../../ip/core/index.ts';
import { odinLif, tinyOdinLif, defaultNeuronSpec } from '../../../ip/neuron/index.ts';
import { zeroMatrix } from '../../../ip/synapse/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { createIcarusSimulator } from '../../../testbenches/iverilog/index.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { createVerilatorSimulator } from '../../../testbenches/verilator/index.ts';
import { driveCore, elaborateCore, firstMismatch, goldenSpikes, hardwareStates, loadWeightWords, floatStream, randomTransactions, randomWeights, showState } from './harness.ts';

function runtimeCore(over: Partial<CoreParams>): CoreParams {
  const neurons = over.neurons ?? 4;
  const axons = over.axons ?? 2;
  return {
    neurons,
    axons,
    lanes: 1,
    weightWidth: 4,
    signMode: 'signed',
    wordWidth: 16,
    weights: zeroMatrix(axons, neurons),
    inhibitory: [],
    neuron: tinyOdinLif({ threshold: 10, leakStrength: 1 }),
    outputFifoDepth: 4,
    weightLoad: 'runtime',
    ...over,
  };
}

describe('CoreModel.writeWeightWord', () => {
  it('decodes a word by the layout: lane in the high address bits, slot s in bits [4s+3:4s]', () => {
    // N = 4, L = 2: lanes of M = 2 neurons; 8-bit words hold k = 2 weights, so one word per row
    // and a bank of 2 words (1 address bit) per lane; address = lane << 1 | axon.
    const m = new CoreModel(runtimeCore({ neurons: 4, axons: 2, lanes: 2, wordWidth: 8 }));
    m.writeWeightWord(0b11, 0x9f); // lane 1, axon 1: slot 0 = 0xf = -1 -> neuron 1; slot 1 = 0x9 = -7 -> neuron 3
    m.writeWeightWord(0b00, 0x25); // lane 0, axon 0: slot 0 = 5 -> neuron 0; slot 1 = 2 -> neuron 2
    const row = (a: number): number[] => [0, 1, 2, 3].map((n) => m.weight(a, n));
    expect(row(0)).toEqual([5, 0, 2, 0]);
    expect(row(1)).toEqual([0, -1, 0, -7]);
    m.writeWeightWord(0b11, 0x1ff); // bits past the word width are dropped
    expect(row(1)).toEqual([0, -1, 0, -1]);
  });

  it('reads magnitudes in magnitude mode, with the axon sign applied', () => {
    const m = new CoreModel(runtimeCore({ neurons: 2, axons: 2, weightWidth: 3, signMode: 'magnitude', inhibitory: [0, 1], wordWidth: 8, neuron: odinLif() }));
    // 3-bit weights in 8-bit words: k = 2, slots at bits [2:0] and [5:3]; one word per row.
    m.writeWeightWord(1, (6 << 3) | 7);
    expect([m.weight(1, 0), m.weight(1, 1)]).toEqual([-7, -6]);
  });

  it('ignores slots past the lane and addresses past the bank; rejects an address wider than wload_addr', () => {
    // 3 neurons in 16-bit words: k = 4, the fourth slot is unused; A = 3: bank depth 3 of 4 addresses.
    const m = new CoreModel(runtimeCore({ neurons: 3, axons: 3 }));
    m.writeWeightWord(2, 0x7123);
    expect([0, 1, 2].map((n) => m.weight(2, n))).toEqual([3, 2, 1]);
    m.writeWeightWord(3, 0x1111);
    expect([0, 1, 2].flatMap((a) => [0, 1, 2].map((n) => m.weight(a, n)))).toEqual([0, 0, 0, 0, 0, 0, 3, 2, 1]);
    expect(() => m.writeWeightWord(4, 0)).toThrow(/does not fit the 2-bit wload_addr/);
  });

  it('is refused by a core whose weights are initial contents', () => {
    const m = new CoreModel(runtimeCore({ weightLoad: 'init' }));
    expect(() => m.writeWeightWord(0, 1)).toThrow(/weightLoad is not 'runtime'/);
  });

  it('weightLoadWords loads exactly the weights of the parameters, for several lanes', () => {
    const rng = floatStream(3);
    const p = runtimeCore({ neurons: 24, axons: 10, lanes: 3, weightWidth: 3, wordWidth: 16 });
    const target = { ...p, weights: randomWeights(rng, 10, 24, 3, 'signed') };
    const writes = weightLoadWords(target);
    const g = coreGeometry(p);
    expect(writes.length).toBe(3 * g.weights.depth);
    expect(Math.max(...writes.map((w) => w.addr))).toBeLessThan(2 ** g.loadAddressWidth);
    const m = new CoreModel(p);
    for (const w of writes) m.writeWeightWord(w.addr, w.data);
    for (let a = 0; a < 10; a++) for (let n = 0; n < 24; n++) expect(m.weight(a, n), `weight ${a},${n}`).toBe(target.weights[a]![n]);
  });
});

describe('weightLoad parameter', () => {
  it('rejects an unknown value, naming the parameter', () => {
    const p = runtimeCore({ weightLoad: 'flash' as unknown as CoreParams['weightLoad'] });
    expect(validateCoreParams(p)).toContain("weightLoad: must be 'init' or 'runtime', got 'flash'");
    expect(() => new CoreModel(p)).toThrow(/weightLoad: must be 'init' or 'runtime'/);
    let err: unknown;
    try {
      elaborateCore(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DesignError);
    const d = (err as DesignError).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['core-params']);
    expect(d[0]!.message).toMatch(/^weightLoad: must be 'init' or 'runtime', got 'flash'/);
    expect(d[0]!.loc.file).toMatch(/harness\.ts$/); // the elaborate() call
  });

  it("has the wload port only with 'runtime', sized by the layout", () => {
    const initTop = topModule(elaborateCore(runtimeCore({ weightLoad: 'init' })));
    expect(initTop.ports.map((q) => q.name).filter((n) => n.startsWith('wload'))).toEqual([]);
    const top = topModule(elaborateCore(runtimeCore({ neurons: 24, axons: 10, lanes: 3, weightWidth: 3 })));
    const width = (n: string): number => top.nets[top.ports.find((q) => q.name === n)!.net]!.width;
    // M = 8 neurons per lane; four 3-bit weights per 16-bit word, 2 words per row, 10 rows: 20 words, 5 bits; 3 lanes: 2 more bits.
    expect([width('wload_valid'), width('wload_addr'), width('wload_data')]).toEqual([1, 7, 16]);
  });
});

interface LoadCase {
  name: string;
  params: CoreParams;
  transactions: number;
  tickProb: number;
  minSpikes: number;
}

const loadCases: LoadCase[] = [
  {
    name: 'N=16 A=16 L=2, 4-bit weights in 16-bit words, tinyODIN',
    params: runtimeCore({ neurons: 16, axons: 16, lanes: 2, neuron: tinyOdinLif({ threshold: 10, leakStrength: 2 }) }),
    transactions: 200,
    tickProb: 0.15,
    minSpikes: 30,
  },
  {
    name: 'N=24 A=10 L=3, 3-bit magnitudes with inhibitory axons, ODIN (lane bits that do not fill a power of two)',
    params: runtimeCore({
      neurons: 24,
      axons: 10,
      lanes: 3,
      weightWidth: 3,
      signMode: 'magnitude',
      inhibitory: Array.from({ length: 10 }, (_, a) => (a % 3 === 0 ? 1 : 0)),
      neuron: odinLif({ threshold: 6, leakStrength: 1 }),
    }),
    transactions: 200,
    tickProb: 0.1,
    minSpikes: 30,
  },
  {
    name: 'N=12 A=5 L=1, 8-bit weights in 32-bit words, step mode',
    params: runtimeCore({ neurons: 12, axons: 5, weightWidth: 8, wordWidth: 32, neuron: { ...defaultNeuronSpec, width: 12, inputWidth: 10, threshold: 200 } }),
    transactions: 200,
    tickProb: 0.2,
    minSpikes: 10,
  },
];

/** Loads random weights through wload after reset, runs, reloads half the words while idle, runs again. */
function loadAndRun(make: (ir: IrDesign) => Simulator, c: LoadCase, seed: number): void {
  const p = c.params;
  const rng = floatStream(seed);
  const first = weightLoadWords({ ...p, weights: randomWeights(rng, p.axons, p.neurons, p.weightWidth, p.signMode) });
  const second = weightLoadWords({ ...p, weights: randomWeights(rng, p.axons, p.neurons, p.weightWidth, p.signMode) }).filter((_, i) => i % 2 === 1);
  const txs1 = randomTransactions(rng, c.transactions, p.axons, c.tickProb);
  const txs2 = randomTransactions(rng, c.transactions, p.axons, c.tickProb);
  const model = new CoreModel(p);
  const sim = make(elaborateCore(p));
  try {
    sim.reset(1);
    let spikes = 0;
    for (const [writes, txs] of [[first, txs1], [second, txs2]] as const) {
      for (const w of writes) model.writeWeightWord(w.addr, w.data);
      loadWeightWords(sim, writes);
      const golden = goldenSpikes(model, txs);
      spikes += golden.flat().length;
      const r = driveCore(sim, txs, { readyProb: 0.6, rng });
      expect(firstMismatch(golden, r.spikes)).toBeNull();
    }
    expect(spikes).toBeGreaterThanOrEqual(c.minSpikes);
    expect(hardwareStates(sim, p).map(showState)).toEqual(Array.from({ length: p.neurons }, (_, n) => showState(model.state(n))));
  } finally {
    sim.close();
  }
}

describe('weights loaded through wload, then spikes, against CoreModel (built-in simulator)', () => {
  loadCases.forEach((c, i) => it(c.name, () => loadAndRun((ir) => createBuiltinSimulator(ir), c, 40 + i)));

  it('holds the written words in the weight memory', () => {
    const p = loadCases[1]!.params;
    const sim = createBuiltinSimulator(elaborateCore(p));
    try {
      sim.reset(1);
      const writes = weightLoadWords({ ...p, weights: randomWeights(floatStream(5), p.axons, p.neurons, p.weightWidth, p.signMode) });
      loadWeightWords(sim, writes);
      const aw = coreGeometry(p).weights.addressWidth;
      for (const w of writes) expect(sim.readMemory(weightMemoryName(w.addr >> aw), w.addr & ((1 << aw) - 1))).toBe(w.data);
    } finally {
      sim.close();
    }
  });

  it('a write while busy is performed and pauses the pass for that cycle', () => {
    const p = runtimeCore({ neurons: 16, axons: 2 });
    const sim = createBuiltinSimulator(elaborateCore(p));
    try {
      sim.reset(1);
      const idleRun = (): number => driveCore(sim, [{ kind: 'event', axon: 0 }, { kind: 'event', axon: 1 }]).accepted[1]!;
      const gap = idleRun();
      expect(gap).toBe(16); // one pass of 16 cycles
      // Offer two events; write a word in the third cycle of the first pass.
      sim.poke('out_ready', 1);
      const accepted: number[] = [];
      for (let c = 0, i = 0; i < 2; c++) {
        sim.poke('in_valid', 1);
        sim.poke('in_tick', 0);
        sim.poke('in_axon', i);
        sim.poke('wload_valid', c === 3 ? 1 : 0);
        sim.poke('wload_addr', 5);
        sim.poke('wload_data', 0xbeef);
        if (sim.peek('in_ready') === 1n) {
          accepted.push(c);
          i++;
        }
        sim.step(1);
      }
      sim.poke('in_valid', 0);
      sim.poke('wload_valid', 0);
      expect(accepted[1]! - accepted[0]!).toBe(17);
      expect(sim.readMemory(weightMemoryName(0), 5)).toBe(0xbeefn);
    } finally {
      sim.close();
    }
  });
});

describe('weights loaded through wload on the other back ends', () => {
  describe.skipIf(!haveTool('verilator'))('Verilator', () => {
    for (const c of [loadCases[0]!, loadCases[1]!]) it(c.name, () => loadAndRun((ir) => createVerilatorSimulator(ir), c, 60));
  });
  describe.skipIf(!haveTool('iverilog'))('Icarus Verilog', () => {
    for (const c of [loadCases[0]!, loadCases[1]!]) it(c.name, () => loadAndRun((ir) => createIcarusSimulator(ir), c, 60));
  });
});
