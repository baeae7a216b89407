// NeuronArrayModel steps n neurons together, and neuronUpdate builds one
// datapath per neuron inside a larger module (as a dense layer or a core
// does): four neurons in one design equal the array model on every cycle.
import { describe, expect, it } from 'vitest';
import { Bool, design, elaborate, SInt, type Reg, type Signal } from '../../../hdl/index.ts';
import {
  neuronInitialState,
  NeuronArrayModel,
  NeuronModel,
  neuronPresets,
  neuronStateTypes,
  neuronUpdate,
  type NeuronSignals,
  type NeuronSpec,
} from '../../../ip/neuron/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { Random } from '../../hdl/random.ts';

describe('NeuronArrayModel', () => {
  it('equals n separate neurons, with one shared time reference', () => {
    const spec = neuronPresets.tinyOdin;
    const arr = new NeuronArrayModel(3, spec);
    const one = [0, 1, 2].map(() => new NeuronModel(spec));
    const rng = new Random(3);
    for (let i = 0; i < 500; i++) {
      const xs = [0, 1, 2].map(() => BigInt(rng.int(-3, 7)));
      const t = rng.next() < 0.1;
      const r = arr.step(xs, { timeRef: t });
      one.forEach((n, k) => {
        const s = n.step(xs[k]!, { timeRef: t });
        expect([r.spikes[k], r.v[k]]).toEqual([s.spike, s.v]);
      });
    }
    expect(() => arr.step([1n, 2n])).toThrow(/2 inputs for 3 neurons/);
    arr.reset();
    expect(arr.neurons.map((n) => n.state.v)).toEqual([0n, 0n, 0n]);
  });
});

/** n neurons of one spec in one module, each with its own input and state registers. */
function layer(spec: NeuronSpec, n: number) {
  return design('NeuronLayerTest', {}, (m) => {
    const step = m.input('step', Bool());
    const timeRef = spec.leakOn === 'timeRef' ? m.input('time_ref', Bool()) : undefined;
    const types = neuronStateTypes(spec);
    const init = neuronInitialState(spec);
    for (let k = 0; k < n; k++) {
      const input = m.input(`in${k}`, SInt(spec.inputWidth));
      const regs: Partial<Record<keyof NeuronSignals, Reg>> = {};
      for (const key of ['v', 'u', 'thr', 'refr', 'pending'] as const) {
        const t = types[key];
        if (t) regs[key] = m.reg(`n${k}_${key}`, t, { reset: init[key]! });
      }
      const { next, spike } = neuronUpdate(m, spec, regs as NeuronSignals, input, timeRef, { name: `n${k}` });
      m.when(step, () => {
        for (const key of Object.keys(regs) as (keyof NeuronSignals)[]) regs[key]!.set(next[key] as Signal);
      });
      m.output(`spike${k}`, Bool()).set(step.and(spike));
      m.output(`v${k}`, types.v).set(regs.v!);
    }
    return {};
  });
}

describe('neuronUpdate reused for several neurons in one module', () => {
  for (const name of ['tinyOdin', 'loihiCubaLif', 'spikerPlus', 'lsnnAlif'] as const) {
    it(`${name}: 4 neurons equal NeuronArrayModel for 1000 cycles`, () => {
      const spec = neuronPresets[name];
      const n = 4;
      const sim = createBuiltinSimulator(elaborate(layer(spec, n)));
      sim.reset(1);
      const model = new NeuronArrayModel(n, spec);
      const rng = new Random(11);
      const half = 2 ** (spec.inputWidth - 1);
      let spikes = 0;
      for (let i = 0; i < 1000; i++) {
        const xs = Array.from({ length: n }, () => BigInt(rng.int(-half / 2, half - 1)));
        const t = spec.leakOn === 'timeRef' && rng.next() < 0.1;
        const st = rng.next() < 0.9;
        sim.poke('step', st ? 1 : 0);
        if (spec.leakOn === 'timeRef') sim.poke('time_ref', t ? 1 : 0);
        xs.forEach((x, k) => sim.poke(`in${k}`, x));
        const hwSpikes = xs.map((_, k) => sim.peek(`spike${k}`) === 1n);
        sim.step(1);
        if (!st) {
          expect(hwSpikes.some(Boolean)).toBe(false);
          continue;
        }
        const r = model.step(xs, { timeRef: t });
        expect(hwSpikes, `cycle ${i}`).toEqual(r.spikes);
        expect(xs.map((_, k) => sim.peek(`v${k}`)), `cycle ${i}`).toEqual(r.v);
        spikes += r.spikes.filter(Boolean).length;
      }
      expect(spikes).toBeGreaterThan(0);
      sim.close();
    });
  }
});
