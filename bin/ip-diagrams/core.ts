// The neurosynaptic core (ip/core): 8 tinyODIN neurons in 2 lanes (a pass is
// 4 cycles), 4 axons. Three synaptic events and a tick stream in back to back;
// the spikes leave as AER addresses, lowest neuron first, with one cycle of
// back-pressure. The output stream is checked transaction by transaction
// against CoreModel, and the neuron states at the end against its states.
import { elaborate } from '../../hdl/index.ts';
import { CoreModel, coreGeometry, neuronHome, NeurosynapticCore, stateMemoryName, unpackState, type CoreParams, type CoreTransaction } from '../../ip/core/index.ts';
import { tinyOdinLif } from '../../ip/neuron/index.ts';
import type { WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { bit, expectEqual, traceOf, type IpDiagram } from './diagram.ts';

const params: CoreParams = {
  neurons: 8,
  axons: 4,
  lanes: 2,
  weightWidth: 4,
  signMode: 'signed',
  wordWidth: 32,
  weights: [
    [3, 3, 3, 3, 3, 3, 3, 3],
    [4, 4, 0, -2, 4, 0, 1, 0],
    [0, 1, 5, 0, 0, 2, 5, 3],
    [-8, -8, -8, -8, -8, -8, -8, -8],
  ],
  inhibitory: [],
  neuron: tinyOdinLif({ threshold: 6, leakStrength: 1 }),
  outputFifoDepth: 4,
};

const transactions: CoreTransaction[] = [{ kind: 'event', axon: 0 }, { kind: 'event', axon: 1 }, { kind: 'event', axon: 2 }, { kind: 'tick' }];

const SIGNALS = ['in_valid', 'in_ready', 'in_tick', 'in_axon', 'out_valid', 'out_ready', 'out_addr', 'busy'];

export const coreDiagram: IpDiagram = {
  name: 'core',
  doc: 'core.md',
  record() {
    const name = 'core';
    const sim = createBuiltinSimulator(elaborate(NeurosynapticCore, params), { trace: { signals: SIGNALS } });
    const model = new CoreModel(params);
    const golden = transactions.map((t) => model.apply(t));
    const annotations: WaveAnnotation[] = [];
    try {
      sim.reset(1);
      const from = sim.cycle;
      sim.poke('out_ready', 1);
      sim.step(1); // one idle cycle, so the first transaction is not at the diagram's edge
      const spikes: number[] = [];
      let next = 0;
      let stalled = false;
      for (let guard = 0; next < transactions.length || sim.peek('busy') === 1n; guard++) {
        if (guard > 200) throw new Error(`${name}: the core did not finish within 200 cycles`);
        const c = sim.cycle;
        const t = transactions[next];
        sim.poke('in_valid', bit(t !== undefined));
        sim.poke('in_tick', bit(t?.kind === 'tick'));
        sim.poke('in_axon', t?.kind === 'event' ? t.axon : 0);
        // One cycle of back-pressure once the second spike is offered.
        const ready = !(spikes.length === 1 && !stalled && sim.peek('out_valid') === 1n);
        if (!ready) {
          stalled = true;
          annotations.push({ cycle: c, signal: 'out_ready', text: 'not ready: the spike waits' });
        }
        sim.poke('out_ready', bit(ready));
        if (t !== undefined && sim.peek('in_ready') === 1n) {
          annotations.push({ cycle: c, signal: 'in_valid', text: t.kind === 'tick' ? 'tick' : `event, axon ${t.axon}` });
          next++;
        }
        if (ready && sim.peek('out_valid') === 1n) {
          const n = Number(sim.peek('out_addr'));
          annotations.push({ cycle: c, signal: 'out_addr', text: `spike ${n}` });
          spikes.push(n);
        }
        sim.step(1);
      }
      sim.poke('in_valid', 0);
      sim.poke('out_ready', 1);
      sim.step(2);
      // The output stream, cut into the golden model's per-transaction spike lists.
      let at = 0;
      golden.forEach((want, k) => {
        expectEqual(name, sim.cycle, `spikes of transaction ${k}`, want, spikes.slice(at, at + want.length));
        at += want.length;
      });
      expectEqual(name, sim.cycle, 'spike count', golden.flat().length, spikes.length);
      const g = coreGeometry(params);
      for (let n = 0; n < params.neurons; n++) {
        const h = neuronHome(params, n);
        expectEqual(name, sim.cycle, `state of neuron ${n}`, model.state(n), unpackState(g.state, sim.readMemory(stateMemoryName(h.lane), h.address)));
      }
      if (spikes.length < 4) throw new Error(`${name}: the stimulus should make at least 4 spikes, made ${spikes.length}`);
      return {
        trace: traceOf(sim),
        options: {
          from,
          signals: SIGNALS,
          title: 'NeurosynapticCore: N = 8 tinyODIN neurons, L = 2 lanes (4 cycles per pass), A = 4 axons',
          annotations,
        },
        checked: `${transactions.length} transactions, ${spikes.length} spikes and ${params.neurons} neuron states equal to CoreModel`,
      };
    } finally {
      sim.close();
    }
  },
};
