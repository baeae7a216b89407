// A feed-forward network of dense layers: each layer's output stream (fired
// indices, then the step marker) is the next layer's input stream, so layer
// k+1 integrates layer k's spikes of the same time step while layer k may
// already take the next step's inputs. The last layer's spikes are counted
// per neuron (one counter per class) and the class with the most spikes is
// shown on `winner`.
import { addrWidth, Bool, design, UInt, type InputPort, type OutputPort, type Signal } from '../../hdl/index.ts';
import { reportParamErrors } from '../param-errors.ts';
import { DenseLayer } from './layer.ts';
import { defaultDenseNetworkParams, networkLayer, validateDenseNetworkParams } from './params.ts';

export interface DenseNetworkPorts {
  in_valid: InputPort;
  in_step: InputPort;
  in_index: InputPort;
  in_time_ref: InputPort;
  in_ready: OutputPort;
  /** The last layer's spike vector of its latest step. */
  spikes: OutputPort;
  /** High for one cycle when a time step has gone through every layer. */
  spikes_valid: OutputPort;
  /** Spike count per neuron of the last layer (count_0 ...), saturating. */
  counts: OutputPort[];
  /** Index of the largest count (lowest index among equals). */
  winner: OutputPort;
}

export const DenseNetwork = design(
  'DenseNetwork',
  defaultDenseNetworkParams,
  (m, p): DenseNetworkPorts => {
    const bad = reportParamErrors(m, 'dense-param', 'DenseNetwork', validateDenseNetworkParams(p));
    const N = bad ? 1 : p.inputs;
    const C = bad ? 1 : p.layers[p.layers.length - 1]!.neurons;
    const cw = bad ? 1 : p.countWidth;
    const ports: DenseNetworkPorts = {
      in_valid: m.input('in_valid', Bool()),
      in_step: m.input('in_step', Bool()),
      in_index: m.input('in_index', UInt(addrWidth(N))),
      in_time_ref: m.input('in_time_ref', Bool()),
      in_ready: m.output('in_ready', Bool()),
      spikes: m.output('spikes', UInt(C)),
      spikes_valid: m.output('spikes_valid', Bool()),
      counts: Array.from({ length: C }, (_, j) => m.output(`count_${j}`, UInt(cw))),
      winner: m.output('winner', UInt(addrWidth(C))),
    };
    if (bad) {
      for (const o of [ports.in_ready, ports.spikes, ports.spikes_valid, ports.winner, ...ports.counts]) o.set(0);
      return ports;
    }

    const layers = p.layers.map((_, k) => m.instance(`layer${k}`, DenseLayer, networkLayer(p, k)));
    layers.forEach((l, k) => {
      if (k === 0) {
        l.in_valid.set(ports.in_valid);
        l.in_step.set(ports.in_step);
        l.in_index.set(ports.in_index);
        l.in_time_ref.set(ports.in_time_ref);
      } else {
        const prev = layers[k - 1]!;
        l.in_valid.set(prev.out_valid);
        l.in_step.set(prev.out_step);
        l.in_index.set(prev.out_index);
        l.in_time_ref.set(prev.out_time_ref);
        prev.out_ready.set(l.in_ready);
      }
    });
    const last = layers[layers.length - 1]!;
    // Nothing follows the last layer: its stream drains at once.
    last.out_ready.set(1);

    const max = 2 ** cw - 1;
    const counts: Signal[] = [];
    for (let j = 0; j < C; j++) {
      const c = m.reg(`count_reg_${j}`, UInt(cw), { reset: 0 });
      const fired = C === 1 ? last.spikes : last.spikes.bit(j);
      m.when(last.spikes_valid.and(fired).and(c.ne(max)), () => c.set(c.addWrap(1)));
      ports.counts[j]!.set(c);
      counts.push(c);
    }
    // Arg-max as a tree of compares; the lower index wins ties.
    let level = counts.map((c, j) => ({ c, i: c.lit(j, UInt(addrWidth(C))) }));
    while (level.length > 1) {
      const next: typeof level = [];
      for (let i = 0; i < level.length; i += 2) {
        const a = level[i]!;
        const b = level[i + 1];
        if (!b) {
          next.push(a);
          continue;
        }
        const takeB = b.c.gt(a.c);
        next.push({ c: takeB.select(b.c, a.c), i: takeB.select(b.i, a.i) });
      }
      level = next;
    }

    ports.in_ready.set(layers[0]!.in_ready);
    ports.spikes.set(last.spikes);
    ports.spikes_valid.set(last.spikes_valid);
    ports.winner.set(level[0]!.i);
    return ports;
  },
  { doc: 'Feed-forward network of dense spiking layers chained by their spike streams, with per-class output spike counters and an arg-max.' },
);
