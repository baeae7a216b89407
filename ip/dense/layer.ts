// A layer-parallel dense spiking layer (the Spiker+ organisation): input
// spikes arrive serialised, one input index per cycle; each adds its weight
// row (read from block RAM) to all M accumulators at once; a step marker
// ends the time step and all M neurons update in parallel in one cycle,
// reusing the neuron datapath of ip/neuron. The spikes then leave as the
// same kind of stream (indices, then a step marker), so layers chain.
// Timing and the stream rules: docs/ip/dense.md.
import { addrWidth, Bool, design, SInt, UInt, type InputPort, type OutputPort, type Reg, type Signal } from '../../hdl/index.ts';
import { neuronInitialState, neuronStateTypes, neuronUpdate, type NeuronSignals } from '../neuron/index.ts';
import { reportParamErrors } from '../param-errors.ts';
import { lowestSet, packBits } from '../aer/priority-encoder.ts';
import { accumulatorWidth, defaultDenseLayerParams, validateDenseLayerParams, wordNeurons, type DenseLayerParams } from './params.ts';

export interface DenseLayerPorts {
  /** Input stream: an item per cycle when valid && ready. */
  in_valid: InputPort;
  /** The item is the step marker (ends the time step) rather than an input index. */
  in_step: InputPort;
  in_index: InputPort;
  /** With the step marker: this step is a time-reference step (specs with leakOn 'timeRef'). */
  in_time_ref: InputPort;
  /** Always high for input indices; low for a step marker while the previous step is still updating or emitting. */
  in_ready: OutputPort;
  /** Output stream: the indices of the neurons that fired (ascending), then a step marker (index 0). */
  out_valid: OutputPort;
  out_step: OutputPort;
  out_index: OutputPort;
  out_time_ref: OutputPort;
  out_ready: InputPort;
  /** The spike vector of the latest update (bit j: neuron j), held until the next update. */
  spikes: OutputPort;
  /** High for the one cycle after an update, when `spikes` shows its result. */
  spikes_valid: OutputPort;
}

function bankInit(p: DenseLayerParams, first: number, count: number): bigint[] {
  const W = BigInt(p.weightWidth);
  const mask = (1n << W) - 1n;
  return p.weights.map((row) => {
    let word = 0n;
    for (let g = count - 1; g >= 0; g--) word = (word << W) | (BigInt(row[first + g]!) & mask);
    return word;
  });
}

export const DenseLayer = design(
  'DenseLayer',
  defaultDenseLayerParams,
  (m, p): DenseLayerPorts => {
    const bad = reportParamErrors(m, 'dense-param', 'DenseLayer', validateDenseLayerParams(p));
    const N = bad ? 1 : p.inputs;
    const M = bad ? 1 : p.neurons;
    const ports: DenseLayerPorts = {
      in_valid: m.input('in_valid', Bool()),
      in_step: m.input('in_step', Bool()),
      in_index: m.input('in_index', UInt(addrWidth(N))),
      in_time_ref: m.input('in_time_ref', Bool()),
      in_ready: m.output('in_ready', Bool()),
      out_valid: m.output('out_valid', Bool()),
      out_step: m.output('out_step', Bool()),
      out_index: m.output('out_index', UInt(addrWidth(M))),
      out_time_ref: m.output('out_time_ref', Bool()),
      out_ready: m.input('out_ready', Bool()),
      spikes: m.output('spikes', UInt(M)),
      spikes_valid: m.output('spikes_valid', Bool()),
    };
    if (bad) {
      for (const o of [ports.in_ready, ports.out_valid, ports.out_step, ports.out_index, ports.out_time_ref, ports.spikes, ports.spikes_valid]) o.set(0);
      return ports;
    }
    const spec = p.neuron;
    const W = p.weightWidth;
    const A = accumulatorWidth(p);

    // ---- control -------------------------------------------------------------
    const update = m.reg('update', Bool(), { reset: 0 }); // the step's neuron update happens this cycle
    const emitting = m.reg('emitting', Bool(), { reset: 0 }); // the step's spikes are leaving
    const timeRef = m.reg('time_ref', Bool(), { reset: 0 });
    const rdValid = m.reg('rd_valid', Bool(), { reset: 0 }); // a weight row arrives this cycle
    const stepBusy = m.let('step_busy', update.or(emitting));
    const takeIndex = m.let('take_index', ports.in_valid.and(ports.in_step.not()));
    const takeStep = m.let('take_step', ports.in_valid.and(ports.in_step).and(stepBusy.not()));
    rdValid.set(takeIndex);
    update.set(takeStep);
    m.when(takeStep, () => timeRef.set(ports.in_time_ref));
    ports.in_ready.set(ports.in_step.not().or(stepBusy.not()));

    // ---- weights: ceil(M / k) memories, word i = input i's weights to k neurons ----
    const k = wordNeurons(p);
    const weight: Signal[] = [];
    for (let first = 0, b = 0; first < M; first += k, b++) {
      const count = Math.min(k, M - first);
      const mem = m.memory(`weights_${b}`, { type: UInt(count * W), depth: N, init: bankInit(p, first, count) });
      const word = mem.read(ports.in_index, { enable: takeIndex, name: `row_${b}` });
      for (let g = 0; g < count; g++) weight.push(count === 1 ? word.asSInt() : word.slice(g * W + W - 1, g * W).asSInt());
    }

    // ---- accumulators and neurons -------------------------------------------------
    const types = neuronStateTypes(spec);
    const init = neuronInitialState(spec);
    const fire: Signal[] = [];
    const spikeRegs: Reg[] = [];
    const emit: Reg[] = [];
    for (let j = 0; j < M; j++) {
      const acc = m.reg(`acc_${j}`, SInt(A), { reset: 0 });
      m.when(update, () => acc.set(0)).elseWhen(rdValid, () => acc.set(acc.addSat(weight[j]!.sext(A))));
      const input = m.let(`n${j}_input`, acc.saturate(spec.inputWidth));
      const regs: { [K in keyof NeuronSignals]: Reg } = { v: m.reg(`n${j}_v`, types.v, { reset: init.v }) };
      for (const key of ['u', 'thr', 'refr', 'pending'] as const) {
        const t = types[key];
        if (t) regs[key] = m.reg(`n${j}_${key}`, t, { reset: init[key]! });
      }
      const { next, spike } = neuronUpdate(m, spec, { ...regs }, input, spec.leakOn === 'timeRef' ? timeRef : undefined, { name: `n${j}` });
      m.when(update, () => {
        for (const key of ['v', 'u', 'thr', 'refr', 'pending'] as const) regs[key]?.set(next[key]!);
      });
      fire.push(spike);
      const s = m.reg(`spike_${j}`, Bool(), { reset: 0 });
      m.when(update, () => s.set(spike));
      spikeRegs.push(s);
      emit.push(m.reg(`emit_${j}`, Bool(), { reset: 0 }));
    }

    // ---- output stream: fired neurons, lowest index first, then the marker ----
    const pick = lowestSet(emit);
    const outFire = m.let('out_fire', emitting.and(ports.out_ready));
    for (let j = 0; j < M; j++) {
      m.when(update, () => emit[j]!.set(fire[j]!)).elseWhen(outFire.and(pick.index.eq(j)), () => emit[j]!.set(0));
    }
    m.when(update, () => emitting.set(1)).elseWhen(outFire.and(pick.any.not()), () => emitting.set(0));
    const shown = m.reg('spikes_valid_reg', Bool(), { reset: 0 });
    shown.set(update);

    ports.out_valid.set(emitting);
    ports.out_step.set(emitting.and(pick.any.not()));
    ports.out_index.set(pick.any.select(pick.index, pick.index.lit(0, pick.index.type)));
    ports.out_time_ref.set(timeRef);
    ports.spikes.set(packBits(spikeRegs));
    ports.spikes_valid.set(shown);
    return ports;
  },
  { doc: 'Layer-parallel dense spiking layer: serialised input indices add weight rows from block RAM to M accumulators; a step marker updates all M neurons at once; spikes leave as an index stream.' },
);
