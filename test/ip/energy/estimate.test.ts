// The energy estimate on small counts worked out by hand, with the default
// 45 nm table and with a replacement table; and the golden model's tally of
// a tiny dense network counted by hand.
import { describe, expect, it } from 'vitest';
import { DenseNetworkModel, type DenseNetworkParams } from '../../../ip/dense/index.ts';
import { activityDifferences, addActivity, denseActivityFromTotals, DenseActivityTally, emptyActivity, energy45nm, estimateEnergy, formatEnergy, formatEnergyReport, type ActivityCounts, type EnergyTable } from '../../../ip/energy/index.ts';
import { spikerPlusLif } from '../../../ip/neuron/index.ts';

const counts: ActivityCounts = {
  synapticOps: 10,
  neuronUpdates: 4,
  adds: 2,
  multiplies: 1,
  memories: [
    { name: 'small', depth: 16, width: 32, reads: 3, writes: 1 }, // 64 bytes
    { name: 'big', depth: 4096, width: 32, reads: 2, writes: 0 }, // 16 KB: beyond the 8 KB tier
  ],
  cycles: 50,
  inferences: 2,
};

describe('estimateEnergy', () => {
  it('multiplies the counts by the 45 nm figures (worked by hand)', () => {
    const e = estimateEnergy(counts);
    const pj = Object.fromEntries(e.items.map((i) => [i.label, i.pj]));
    // 10 × 0.9, 4 × 0.3, 2 × 0.1, 1 × 3.1
    expect(pj['synaptic ops']).toBeCloseTo(9, 12);
    expect(pj['neuron updates']).toBeCloseTo(1.2, 12);
    expect(pj['adds']).toBeCloseTo(0.2, 12);
    expect(pj['multiplies']).toBeCloseTo(3.1, 12);
    // A 32-bit word is half a 64-bit access of 10 pJ: 5 pJ per read or write.
    expect(pj['small reads']).toBeCloseTo(15, 12);
    expect(pj['small writes']).toBeCloseTo(5, 12);
    expect(pj['big reads']).toBeCloseTo(10, 12);
    expect(e.items.find((i) => i.label === 'big reads')!.memory!.beyondTable).toBe(true);
    expect(e.items.find((i) => i.label === 'small reads')!.memory!.beyondTable).toBe(false);
    expect(e.computePj).toBeCloseTo(13.5, 12);
    expect(e.memoryPj).toBeCloseTo(30, 12);
    expect(e.totalPj).toBeCloseTo(43.5, 12);
    expect(e.perInference.totalPj).toBeCloseTo(21.75, 12);
  });

  it('uses a replacement table, tier by memory size', () => {
    const t: EnergyTable = {
      name: 'made up',
      source: 'test',
      synapticOpPj: 1,
      neuronUpdatePj: 2,
      addPj: 0,
      multiplyPj: 0,
      macPj: 0,
      memory: [
        { maxBytes: 100, accessBits: 32, readPj: 2, writePj: 3 },
        { maxBytes: 1e6, accessBits: 64, readPj: 20, writePj: 30 },
      ],
    };
    const e = estimateEnergy(counts, t);
    // compute 10 + 8; small (tier 0): 3 × 2 + 1 × 3; big (tier 1): 2 × 20 × 32/64
    expect(e.computePj).toBeCloseTo(18, 12);
    expect(e.memoryPj).toBeCloseTo(9 + 20, 12);
    expect(() => estimateEnergy(counts, { ...t, synapticOpPj: -1 })).toThrow(/synapticOpPj: -1 is negative/);
  });

  it('reports per inference, with groups of numbered memories and the beyond-table note', () => {
    const c = addActivity(counts, { ...emptyActivity([{ name: 'w_0', depth: 8, width: 16 }, { name: 'w_1', depth: 8, width: 16 }]), inferences: 0 });
    c.memories.find((m) => m.name === 'w_0')!.reads = 4;
    c.memories.find((m) => m.name === 'w_1')!.reads = 4;
    const text = formatEnergyReport(estimateEnergy(c));
    expect(text).toMatch(/per inference \(mean of 2\)/);
    // Two 16-bit memories, 8 reads in all, 2.5 pJ each: 20 pJ over 2 inferences.
    expect(text).toMatch(/w_\* reads \(2 × 8×16 bit, 16 B\)\s+4\s+2\.5 pJ\s+10\.0 pJ/);
    expect(text).toMatch(/beyond the table/);
    expect(formatEnergy(73_560)).toBe('73.6 nJ');
    expect(formatEnergy(1_200_000)).toBe('1.20 µJ');
  });
});

describe('DenseActivityTally (golden model side)', () => {
  it('counts a tiny network by hand', () => {
    // 2 inputs -> 2 neurons (threshold 10) -> 1 neuron; weights make input 0 fire both hidden neurons.
    const p: DenseNetworkParams = {
      inputs: 2,
      layers: [
        { neurons: 2, weightWidth: 8, weights: [[20, 20], [1, 1]], neuron: spikerPlusLif({ width: 12, threshold: 10 }), neuronsPerWord: 1 },
        { neurons: 1, weightWidth: 8, weights: [[5], [5]], neuron: spikerPlusLif({ width: 12, threshold: 100 }), neuronsPerWord: 0 },
      ],
      countWidth: 4,
    };
    const model = new DenseNetworkModel(p);
    const tally = new DenseActivityTally(p);
    for (const a of [[0], [1], []]) tally.step(a, model.step(a));
    const c = tally.counts;
    // Step 1: 1 input spike x 2 neurons, both fire: 2 spikes x 1 neuron. Step 2: 1 x 2, nothing fires. Step 3: nothing.
    expect(c.synapticOps).toBe(2 + 2 + 2);
    expect(c.neuronUpdates).toBe(3 * 3);
    expect(c.memories).toEqual([
      { name: 'layer0.weights_0', depth: 2, width: 8, reads: 2, writes: 0 },
      { name: 'layer0.weights_1', depth: 2, width: 8, reads: 2, writes: 0 },
      { name: 'layer1.weights_0', depth: 2, width: 8, reads: 2, writes: 0 },
    ]);
    // The same from spike totals: 2 input spikes, 2 hidden spikes, 3 steps, 1 inference.
    expect(activityDifferences(denseActivityFromTotals(p, [2, 2], 3, 1), c)).toEqual([]);
  });
});
