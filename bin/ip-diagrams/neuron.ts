// The standalone Neuron (ip/neuron): a LIF neuron (leak v - v/8, threshold
// 100, reset to zero) driven by a few steps of input until it fires twice,
// with a cycle without `step` (the state holds) and a step of zero input
// (only the leak). Every cycle is checked against NeuronModel.
import { elaborate } from '../../hdl/index.ts';
import { defaultNeuronSpec, Neuron, NeuronModel, type NeuronSpec } from '../../ip/neuron/index.ts';
import type { WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { expectEqual, traceOf, type IpDiagram } from './diagram.ts';

const spec: NeuronSpec = { ...defaultNeuronSpec, width: 10, inputWidth: 8, leak: { kind: 'shift', shift: 3, rounding: 'floor' }, threshold: 100 };

/** Input per cycle; null: no step in that cycle. */
const inputs: (number | null)[] = [30, 30, 30, 30, 0, 45, null, 45, 0, 20, 60, 0, 0];

export const neuronDiagram: IpDiagram = {
  name: 'neuron',
  doc: 'neuron.md',
  record() {
    const name = 'neuron';
    const sim = createBuiltinSimulator(elaborate(Neuron, spec), { trace: { signals: ['step', 'input', 'v', 'spike'] } });
    const model = new NeuronModel(spec);
    const annotations: WaveAnnotation[] = [];
    try {
      sim.reset(1);
      const from = sim.cycle;
      let spikes = 0;
      for (const x of inputs) {
        const c = sim.cycle;
        sim.poke('step', x === null ? 0 : 1);
        sim.poke('input', x ?? 0);
        const spike = sim.peek('spike') === 1n;
        const before = sim.peek('v');
        const want = x === null ? null : model.step(BigInt(x));
        expectEqual(name, c, 'spike', want?.spike ?? false, spike);
        if (spike) {
          spikes++;
          annotations.push({ cycle: c, signal: 'spike', text: 'threshold crossed: spike' });
          annotations.push({ cycle: c + 1, signal: 'v', text: 'reset to 0' });
        }
        if (x === null) annotations.push({ cycle: c, signal: 'step', text: 'no step: v holds' });
        else if (x === 0 && !spike && before > 0n) annotations.push({ cycle: c + 1, signal: 'v', text: 'leak only' });
        sim.step(1);
        expectEqual(name, c, 'v after the edge', want?.v ?? before, sim.peek('v'));
      }
      sim.poke('step', 0);
      sim.poke('input', 0);
      sim.step(1);
      if (spikes < 2) throw new Error(`${name}: the stimulus should fire the neuron at least twice, fired ${spikes} times`);
      return {
        trace: traceOf(sim),
        options: {
          from,
          title: `Neuron: LIF, v' = v - (v >> 3) + input, spike when v' >= ${spec.threshold}, reset to 0`,
          spikes: ['spike'],
          annotations,
        },
        checked: `${inputs.length} cycles, spike and v equal to NeuronModel, ${spikes} spikes`,
      };
    } finally {
      sim.close();
    }
  },
};
