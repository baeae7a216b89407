// Cycle counts (not wall-clock time): synaptic operations per clock per lane
// count when events stream without gaps, and cycles per time step for the
// tinyODIN-sized core (N = A = 256, 4-bit weights) at 5 % and 20 % input
// activity, checked against the golden model on the way.
import { describe, expect, it } from 'vitest';
import { CoreModel, type CoreParams, type CoreTransaction } from '../../../ip/core/index.ts';
import { defaultNeuronSpec, tinyOdinLif, type NeuronSpec } from '../../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { driveCore, elaborateCore, firstMismatch, goldenSpikes, floatStream, randomInt, randomWeights } from './harness.ts';

const stepLif: NeuronSpec = { ...defaultNeuronSpec, width: 16, inputWidth: 12, threshold: 500, reset: { kind: 'subtract', overflow: 'saturate' } };

function params(neurons: number, axons: number, lanes: number, neuron: NeuronSpec, seed: number): CoreParams {
  const weights = randomWeights(floatStream(seed), axons, neurons, 4, 'signed');
  return { neurons, axons, lanes, weightWidth: 4, signMode: 'signed', wordWidth: 32, weights, inhibitory: [], neuron, outputFifoDepth: 16 };
}

/** Steady state: synaptic operations per cycle between the first and the last accepted event of a gapless stream. */
function synopsPerCycle(p: CoreParams, events: number): { perCycle: number; gaps: Set<number> } {
  const rng = floatStream(p.lanes);
  const txs: CoreTransaction[] = Array.from({ length: events }, () => ({ kind: 'event', axon: randomInt(rng, 0, p.axons - 1) }));
  const sim = createBuiltinSimulator(elaborateCore(p));
  try {
    sim.reset(1);
    const r = driveCore(sim, txs, {});
    expect(firstMismatch(goldenSpikes(new CoreModel(p), txs), r.spikes)).toBeNull();
    const a = r.accepted;
    return { perCycle: (p.neurons * (a.length - 1)) / (a[a.length - 1]! - a[0]!), gaps: new Set(a.slice(1).map((c, i) => c - a[i]!)) };
  } finally {
    sim.close();
  }
}

describe('synaptic operations per cycle, events streaming without gaps', () => {
  for (const [mode, spec] of [
    ['event mode (tinyODIN)', tinyOdinLif({ threshold: 40 })],
    ['step mode (LIF)', stepLif],
  ] as const) {
    for (const lanes of [1, 2, 4, 8]) {
      it(`${mode}, ${lanes} lane${lanes > 1 ? 's' : ''}: ${lanes} per cycle`, () => {
        const p = params(64, 16, lanes, spec, 10 + lanes);
        const { perCycle, gaps } = synopsPerCycle(p, 40);
        console.log(`[core] N=64 ${mode}, L=${lanes}: ${perCycle.toFixed(3)} synaptic ops/cycle (${(perCycle / lanes).toFixed(3)} per lane)`);
        expect(perCycle / lanes).toBeGreaterThanOrEqual(1);
        expect([...gaps]).toEqual([64 / lanes]); // one event every neurons / lanes cycles, back to back
      });
    }
  }

  it('one neuron per lane: one event per cycle', () => {
    const { perCycle, gaps } = synopsPerCycle(params(8, 8, 8, tinyOdinLif({ threshold: 40 }), 3), 50);
    expect(perCycle).toBe(8);
    expect([...gaps]).toEqual([1]);
  });
});

describe('tinyODIN-sized core: N = 256, A = 256, 4-bit weights, 1 lane', () => {
  const p = params(256, 256, 1, tinyOdinLif({ threshold: 40, leakStrength: 4 }), 256);
  for (const activity of [0.05, 0.2]) {
    it(`cycles per time step at ${activity * 100} % input activity`, () => {
      const rng = floatStream(Math.round(activity * 100));
      const steps = 8;
      const txs: CoreTransaction[] = [];
      for (let s = 0; s < steps; s++) {
        for (let a = 0; a < 256; a++) if (rng() < activity) txs.push({ kind: 'event', axon: a });
        txs.push({ kind: 'tick' });
      }
      const events = txs.length - steps;
      const golden = goldenSpikes(new CoreModel(p), txs);
      const sim = createBuiltinSimulator(elaborateCore(p));
      try {
        sim.reset(1);
        const r = driveCore(sim, txs, {});
        expect(firstMismatch(golden, r.spikes)).toBeNull();
        const perStep = r.cycles / steps;
        console.log(
          `[core] N=256 A=256 4-bit, ${activity * 100} % activity: ${(events / steps).toFixed(1)} events/step, ${perStep.toFixed(1)} cycles/step, ` +
            `${((events * 256) / r.cycles).toFixed(3)} synaptic ops/cycle, ${golden.flat().length / steps} spikes/step`,
        );
        // Each event and each tick is one pass of 256 cycles; the rest is the pipeline's fill and drain.
        expect(r.cycles).toBeGreaterThanOrEqual(txs.length * 256);
        expect(r.cycles).toBeLessThanOrEqual(txs.length * 256 + 8);
      } finally {
        sim.close();
      }
    });
  }
});
