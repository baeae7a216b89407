// The dense spiking layer (ip/dense DenseLayer, default parameters: 4 inputs,
// 3 LIF neurons with threshold 100). Two time steps: input indices, one per
// cycle, then the step marker; every neuron updates at once and the fired
// indices leave as a stream, then the layer's own marker. Each step's spike
// vector, membranes and output stream are checked against DenseLayerModel.
import { elaborate } from '../../hdl/index.ts';
import { DenseLayer, DenseLayerModel, defaultDenseLayerParams, type DenseLayerParams } from '../../ip/dense/index.ts';
import type { WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { bit, expectEqual, traceOf, type IpDiagram } from './diagram.ts';

const params: DenseLayerParams = defaultDenseLayerParams;

const steps: number[][] = [
  [0, 1],
  [2, 3, 1],
];

const SIGNALS = ['in_valid', 'in_ready', 'in_step', 'in_index', 'n0_v', 'n1_v', 'n2_v', 'spikes_valid', 'spikes', 'out_valid', 'out_step', 'out_index'];

export const denseDiagram: IpDiagram = {
  name: 'dense',
  doc: 'dense.md',
  record() {
    const name = 'dense';
    const sim = createBuiltinSimulator(elaborate(DenseLayer, params), { trace: { signals: SIGNALS } });
    const model = new DenseLayerModel(params);
    const golden = steps.map((s) => model.step(s));
    const annotations: WaveAnnotation[] = [];
    const observed: { spikes: bigint; v: bigint[] }[] = [];
    const stream: { step: boolean; index: number }[] = [];
    try {
      sim.reset(1);
      const from = sim.cycle;
      sim.poke('out_ready', 1);
      sim.step(1);
      const tick = (): void => {
        const c = sim.cycle;
        if (sim.peek('spikes_valid') === 1n) {
          observed.push({ spikes: sim.peek('spikes'), v: [0, 1, 2].map((j) => sim.peek(`n${j}_v`)) });
          annotations.push({ cycle: c, signal: 'spikes_valid', text: `step ${observed.length} updated` });
        }
        if (sim.peek('out_valid') === 1n) {
          const item = { step: sim.peek('out_step') === 1n, index: Number(sim.peek('out_index')) };
          stream.push(item);
          annotations.push({ cycle: c, signal: 'out_index', text: item.step ? 'marker' : `neuron ${item.index} fired` });
        }
        sim.step(1);
      };
      const send = (marker: boolean, index: number): void => {
        sim.poke('in_valid', 1);
        sim.poke('in_step', bit(marker));
        sim.poke('in_index', index);
        for (let guard = 0; sim.peek('in_ready') !== 1n; guard++) {
          if (guard > 50) throw new Error(`${name}: in_ready never rose`);
          tick();
        }
        annotations.push({ cycle: sim.cycle, signal: 'in_index', text: marker ? 'step marker' : `input ${index}` });
        tick();
        sim.poke('in_valid', 0);
      };
      for (const s of steps) {
        for (const i of s) send(false, i);
        send(true, 0);
      }
      for (let guard = 0; stream.filter((x) => x.step).length < steps.length; guard++) {
        if (guard > 50) throw new Error(`${name}: the output stream did not finish`);
        tick();
      }
      tick();
      expectEqual(name, sim.cycle, 'steps completed', steps.length, observed.length);
      golden.forEach((g, k) => {
        const vec = g.spikes.reduce((x, s, j) => (s ? x | (1n << BigInt(j)) : x), 0n);
        expectEqual(name, sim.cycle, `spike vector of step ${k + 1}`, vec, observed[k]!.spikes);
        expectEqual(name, sim.cycle, `membranes after step ${k + 1}`, g.v, observed[k]!.v);
      });
      const want = golden.flatMap((g) => [...g.spikes.flatMap((s, j) => (s ? [{ step: false, index: j }] : [])), { step: true, index: 0 }]);
      expectEqual(name, sim.cycle, 'output stream', want, stream);
      const fired = golden.flatMap((g) => g.spikes).filter(Boolean).length;
      if (fired < 2) throw new Error(`${name}: the stimulus should fire at least 2 neurons, fired ${fired}`);
      return {
        trace: traceOf(sim),
        options: {
          from,
          signals: SIGNALS,
          radix: { spikes: 'bin' },
          title: 'DenseLayer: 4 inputs, 3 LIF neurons (threshold 100), two time steps',
          annotations,
        },
        checked: `${steps.length} steps: spikes, membranes and output stream equal to DenseLayerModel (${fired} spikes)`,
      };
    } finally {
      sim.close();
    }
  },
};
