// The neurosynaptic core in hardware (docs/ip/core.md). A sequencer turns
// each accepted input transaction into a pass over the neuron addresses of a
// lane (0..M-1); every lane handles one neuron per cycle, so a lane sustains
// one synaptic operation per clock. Per lane, a three-stage pipeline does the
// read-modify-write of the neuron state memory:
//   stage 0 (issue): the state word and the weight word are read (synchronous
//                    RAM reads);
//   stage 1:         the neuron update (ip/neuron `neuronUpdate`) runs on the
//                    read word; the new word, the spike and "pushes" are
//                    registered;
//   stage 2:         the registered word is written back and the lane spike
//                    mask pushed into the spike FIFO.
// Registering the update result keeps the update, the write-back and the
// FIFO/stall logic in separate cycles (the stall reads only registers). A
// state word is written two cycles after its read; two reads of one address
// are >= M cycles apart, so only M <= 2 needs forwarding (from stage 2 and
// from the word written on the read's edge: the RAM is read-first).
// Spikes leave through a FIFO of lane masks and a serializer that sends them
// as AER addresses, lowest lane first. The issue stage stalls when the FIFO
// could not take what is in flight: no spike is lost. With `weightLoad:
// 'runtime'` the weight banks have no initial contents and one shared-address
// port (read, or the `wload` write): a single-port RAM (iCE40 SPRAM).
import { Bool, design, flip, priority, UInt, type ModuleBuilder, type Reg, type Signal } from '../../hdl/index.ts';
import { neuronInitialState, neuronUpdate, type NeuronSignals } from '../neuron/index.ts';
import { effectiveWeight, packWeightWords, selectWeightField } from '../synapse/index.ts';
import { paramLoc } from '../param-errors.ts';
import { coreGeometry, defaultCoreParams, packState, stateMemoryName, validateCoreParams, weightMemoryName, type CoreParams, type StateLayout } from './params.ts';

export interface CorePorts {
  in_valid: Signal;
  in_ready: Signal;
  in_tick: Signal;
  in_axon: Signal;
  out_valid: Signal;
  out_ready: Signal;
  out_addr: Signal;
  busy: Signal;
  /** `weightLoad: 'runtime'` only: write word `wload_data` at `wload_addr` on this edge. */
  wload_valid?: Signal;
  /** Lane (high bits, none with one lane) and word address in the lane's weight bank (low bits). */
  wload_addr?: Signal;
  /** The packed word (docs/ip/core.md, "Memory layout"; `weightLoadWords`). */
  wload_data?: Signal;
}

/** Width to `w` bits: truncation of a value known to fit, or zero extension. */
function toWidth(x: Signal, w: number): Signal {
  return x.width >= w ? x.truncate(w) : x.zext(w);
}

/** The state fields of a word as signals of their types. */
function unpackFields(word: Signal, l: StateLayout): Record<string, Signal> {
  const out: Record<string, Signal> = {};
  for (const f of l.fields) {
    const bits = word.slice(f.lsb + f.width - 1, f.lsb);
    out[f.name] = f.signed ? bits.asSInt() : bits;
  }
  return out;
}

/** A state word from its fields (every field of the layout must be given). */
function packFields(fields: Record<string, Signal>, l: StateLayout): Signal {
  const parts = l.fields.map((f) => fields[f.name]!.asUInt()).reverse();
  return parts.length === 1 ? parts[0]! : parts[0]!.cat(...parts.slice(1));
}

/**
 * Input: one transaction per `in_valid && in_ready` — a synaptic event on
 * `in_axon` (`in_tick` low) or a time step (`in_tick` high). Output: one
 * spiking neuron address per `out_valid && out_ready`, in the order the
 * golden model `CoreModel` gives. `busy` is high until every accepted
 * transaction is processed and every spike delivered.
 */
export const NeurosynapticCore = design(
  'NeurosynapticCore',
  defaultCoreParams,
  (m: ModuleBuilder, p: CoreParams): CorePorts => {
    const errs = validateCoreParams(p);
    for (const e of errs) m.report('core-params', e, paramLoc());
    const ok = errs.length === 0;
    const g = ok ? coreGeometry(p) : null;

    const inp = m.input('in', { valid: Bool(), ready: flip(Bool()), tick: Bool(), axon: UInt(g ? g.axonWidth : 1) });
    const out = m.output('out', { valid: Bool(), ready: flip(Bool()), addr: UInt(g ? g.neuronWidth : 1) });
    const busy = m.output('busy', Bool());
    const ports: CorePorts = { in_valid: inp.valid, in_ready: inp.ready, in_tick: inp.tick, in_axon: inp.axon, out_valid: out.valid, out_ready: out.ready, out_addr: out.addr, busy };
    if (!g) {
      for (const o of [inp.ready, out.valid, out.addr, busy]) o.set(0);
      return ports;
    }

    const L = p.lanes;
    const M = g.perLane;
    const iw = g.indexWidth;
    const spec = p.neuron;
    const wl = g.weights;
    const D = p.outputFifoDepth;
    const pw = Math.log2(D);

    // ---- runtime weight load: one word per cycle into the lane bank the high address bits pick.
    let wload: { valid: Signal; addr: Signal; data: Signal } | null = null;
    if (p.weightLoad === 'runtime') {
      const w = m.input('wload', { valid: Bool(), addr: UInt(g.loadAddressWidth), data: UInt(wl.wordWidth) });
      wload = { valid: w.valid, addr: w.addr, data: w.data };
      ports.wload_valid = w.valid;
      ports.wload_addr = w.addr;
      ports.wload_data = w.data;
    }

    // ---- output FIFO bookkeeping, needed by the issue stage's back-pressure.
    const fifoCount = m.reg('fifo_count', UInt(pw + 1), { reset: 0 });
    const s1Valid = m.reg('s1_valid', Bool(), { reset: 0 });
    // Stage 2 holds a spike mask that is pushed at the end of this cycle (registered, so the
    // issue stage never waits for the neuron update).
    const s2Push = m.reg('s2_push', Bool(), { reset: 0 });
    // Issue only when the FIFO has room for the pushing stage-2 item, the stage-1 item (which may
    // spike) and the one being issued.
    const room = m.let('fifo_room', fifoCount.add(s1Valid).add(s2Push).lt(D));

    // ---- sequencer: a pass over the lane addresses 0..M-1 per accepted transaction.
    const active = m.reg('active', Bool(), { reset: 0 });
    const opTick = m.reg('op_tick', Bool(), { reset: 0 });
    const opAxon = m.reg('op_axon', UInt(g.axonWidth), { reset: 0 });
    const idx = m.reg('idx', UInt(iw), { reset: 0 });
    // A weight write owns the single weight port for its cycle: the pass waits.
    const issue = m.let('issue', wload ? active.and(room).and(wload.valid.not()) : active.and(room));
    const lastIdx = idx.eq(M - 1);
    const last = m.let('last_issue', issue.and(lastIdx));
    // The next transaction is taken in the cycle the current pass issues its last address: passes run back to back.
    const ready = active.not().or(last);
    inp.ready.set(ready);
    const accept = inp.valid.and(ready);
    m.when(issue, () => idx.set(lastIdx.select(idx.lit(0, idx.type), idx.addWrap(1))));
    m.when(last, () => active.set(0));
    m.when(accept, () => {
      active.set(1);
      opTick.set(inp.tick);
      opAxon.set(inp.axon);
    });

    // Weight word of (axon, idx): axon * wordsPerRow + idx / weightsPerWord; a bit concatenation when
    // wordsPerRow is a power of two (idx / weightsPerWord < wordsPerRow always).
    const sb = wl.slotBits;
    const rowBits = Math.log2(wl.wordsPerRow);
    let wordAddr: Signal;
    if (wl.wordsPerRow === 1) wordAddr = opAxon;
    else if (Number.isInteger(rowBits)) wordAddr = opAxon.cat(idx.slice(sb + rowBits - 1, sb));
    else wordAddr = opAxon.mul(wl.wordsPerRow).add(sb > 0 ? idx.shrLogical(sb) : idx);
    const waddr = m.let('weight_addr', toWidth(wordAddr, wl.addressWidth));
    // One address for the read and the write, so the bank is a single-port RAM (iCE40 SPRAM).
    const portAddr = wload ? m.let('weight_port_addr', wload.valid.select(wload.addr.slice(wl.addressWidth - 1, 0), waddr)) : waddr;
    const readWeights = m.let('weight_read', issue.and(opTick.not()));

    // ---- stage 1 registers.
    const s1Tick = m.reg('s1_tick', Bool(), { reset: 0 });
    const s1Idx = m.reg('s1_idx', UInt(iw), { reset: 0 });
    s1Valid.set(issue);
    s1Tick.set(opTick);
    s1Idx.set(idx);
    let s1Slot: Reg | null = null;
    if (wl.slotBits > 0) {
      s1Slot = m.reg('s1_slot', UInt(wl.slotBits), { reset: 0 });
      s1Slot.set(toWidth(idx, wl.slotBits));
    }
    // An axon address past the array (axons not a power of two) carries weight 0.
    let s1AxonOk: Reg | null = null;
    if (1 << g.axonWidth !== p.axons) {
      s1AxonOk = m.reg('s1_axon_ok', Bool(), { reset: 0 });
      s1AxonOk.set(opAxon.lt(p.axons));
    }
    let inhibitory: Signal | null = null;
    if (p.signMode === 'magnitude') {
      const signs = m.memory('axon_sign', { type: Bool(), depth: p.axons, init: p.inhibitory });
      inhibitory = signs.read(opAxon, { sync: true, enable: readWeights, name: 's1_inhibitory' });
    }

    // ---- stage 2 registers: the update result, written back and pushed from here.
    const s2Valid = m.reg('s2_valid', Bool(), { reset: 0 });
    const s2Idx = m.reg('s2_idx', UInt(iw), { reset: 0 });
    const s2Mask = m.reg('s2_mask', UInt(L), { reset: 0 });
    s2Valid.set(s1Valid);
    s2Idx.set(s1Idx);

    // Forwarding. Two issues of one address are at least M cycles apart; the state word is written
    // back two cycles after its read was issued, on the edge of the third. So only M <= 2 needs it:
    // a stage-1 item whose address is in stage 2 takes stage 2's word; one whose read was issued on
    // the edge that wrote the address (read-first: it saw the old word) takes that word from fwd_data.
    // Both hits are decided at issue time, so stage 1 only has a mux on registered selects.
    let hitS2: Reg | null = null;
    let hitFwd: Reg | null = null;
    if (M <= 2) {
      hitS2 = m.reg('s1_fwd_s2', Bool(), { reset: 0 });
      hitFwd = m.reg('s1_fwd_written', Bool(), { reset: 0 });
      hitS2.set(s1Valid.and(s1Idx.eq(idx)));
      hitFwd.set(s2Valid.and(s2Idx.eq(idx)));
    }

    const initState = neuronInitialState(spec);
    const initWord = packState(g.state, { ...initState, acc: 0n });
    const spikes: Signal[] = [];
    for (let l = 0; l < L; l++) {
      const pre = `lane${l}`;
      const stateMem = m.memory(stateMemoryName(l), { type: UInt(g.state.width), depth: M, ...(initWord !== 0n ? { init: new Array<bigint>(M).fill(initWord) } : {}) });
      const init = wload ? { uninitialised: true } : { init: packWeightWords(wl, (a, j) => p.weights[a]![j * L + l]!) };
      const weightMem = m.memory(weightMemoryName(l), { type: UInt(wl.wordWidth), depth: wl.depth, ...init });
      const stateRd = stateMem.read(idx, { sync: true, enable: issue, name: `${pre}_state_rd` });
      const weightRd = weightMem.read(portAddr, { sync: true, enable: readWeights, name: `${pre}_weight_rd` });
      if (wload) {
        const mine = L === 1 ? wload.valid : wload.valid.and(wload.addr.slice(g.loadAddressWidth - 1, wl.addressWidth).eq(l));
        weightMem.write(portAddr, wload.data, mine);
      }
      const s2Next = m.reg(`${pre}_s2_state`, UInt(g.state.width), { reset: 0 });

      let cur: Signal = stateRd;
      if (hitS2 && hitFwd) {
        const fwdData = m.reg(`${pre}_fwd_data`, UInt(g.state.width), { reset: 0 });
        fwdData.set(s2Next);
        cur = hitS2.select(s2Next, hitFwd.select(fwdData, stateRd));
      }
      cur = m.let(`${pre}_state`, cur);
      const fields = unpackFields(cur, g.state);
      let w = effectiveWeight(selectWeightField(weightRd, s1Slot, wl), inhibitory, p.signMode);
      if (s1AxonOk) w = s1AxonOk.select(w, w.lit(0, w.type));
      const weight = m.let(`${pre}_weight`, w.sext(spec.inputWidth));

      const neuronState: NeuronSignals = { v: fields.v! };
      for (const k of ['u', 'thr', 'refr', 'pending'] as const) if (fields[k]) neuronState[k] = fields[k];
      let next: Signal;
      let spike: Signal;
      if (g.mode === 'event') {
        // A synaptic event is an update with the weight; a tick is an update with the time reference.
        // Both are built with a constant time reference and selected after: the event's path then has
        // no leak in front of its add, and the tick's no add behind its leak.
        const onEvent = neuronUpdate(m, spec, neuronState, weight, s1Tick.lit(0, Bool()), { name: `${pre}_ev` });
        const onTick = neuronUpdate(m, spec, neuronState, weight.lit(0, weight.type), s1Tick.lit(1, Bool()), { name: `${pre}_tk` });
        next = s1Tick.select(packFields({ ...onTick.next }, g.state), packFields({ ...onEvent.next }, g.state));
        spike = s1Tick.select(onTick.spike, onEvent.spike);
      } else {
        // A synaptic event adds into the accumulator; a tick steps the neuron with it and clears it.
        const acc = fields.acc!;
        const accumulated = m.let(`${pre}_acc_next`, acc.addSat(weight));
        const upd = neuronUpdate(m, spec, neuronState, acc, undefined, { name: pre });
        const onTick = packFields({ ...upd.next, acc: acc.lit(0, acc.type) }, g.state);
        const onEvent = packFields({ ...fields, acc: accumulated }, g.state);
        next = s1Tick.select(onTick, onEvent);
        spike = s1Tick.and(upd.spike);
      }
      s2Next.set(m.let(`${pre}_state_next`, next));
      stateMem.write(s2Idx, s2Next, s2Valid);
      spikes.push(spike);
    }

    const mask = m.let('spike_mask', spikes.length === 1 ? spikes[0]! : spikes[spikes.length - 1]!.cat(...spikes.slice(0, -1).reverse()));
    s2Mask.set(mask);
    s2Push.set(s1Valid.and(mask.orR()));

    // ---- output: a FIFO of lane masks, and a serializer that sends the lowest lane first.
    const push = m.let('fifo_push', s2Push);
    const fifo = m.memory('spike_fifo', { type: UInt(L + iw), depth: D });
    const wp = m.reg('fifo_wp', UInt(pw), { reset: 0 });
    const rp = m.reg('fifo_rp', UInt(pw), { reset: 0 });
    fifo.write(wp, s2Mask.cat(s2Idx), push);
    const headEntry = fifo.read(rp, { sync: false, name: 'fifo_head' });

    const curMask = m.reg('out_mask', UInt(L), { reset: 0 });
    const curIdx = m.reg('out_idx', UInt(iw), { reset: 0 });
    const outValid = m.let('out_has_spike', curMask.orR());
    const lw = Math.max(1, Math.ceil(Math.log2(L)));
    const laneOf = L === 1 ? null : priority(Array.from({ length: L - 1 }, (_, i): [Signal, Signal] => [curMask.bit(i), curMask.lit(i, UInt(lw))]), curMask.lit(L - 1, UInt(lw)));
    const addr = laneOf ? curIdx.mul(L).add(laneOf) : curIdx;
    out.valid.set(outValid);
    out.addr.set(toWidth(addr, g.neuronWidth));

    const fire = outValid.and(out.ready);
    const rest = fire.select(curMask.and(curMask.subWrap(1)), curMask);
    const fifoEmpty = fifoCount.eq(0);
    const pop = m.let('fifo_pop', rest.orR().not().and(fifoEmpty.not()));
    m.when(pop, () => {
      curMask.set(headEntry.slice(L + iw - 1, iw));
      curIdx.set(headEntry.slice(iw - 1, 0));
      rp.set(rp.addWrap(1));
    }).otherwise(() => curMask.set(rest));
    m.when(push, () => wp.set(wp.addWrap(1)));
    m.when(push.and(pop.not()), () => fifoCount.set(fifoCount.addWrap(1))).elseWhen(pop.and(push.not()), () => fifoCount.set(fifoCount.subWrap(1)));

    busy.set(active.or(s1Valid).or(s2Valid).or(fifoEmpty.not()).or(outValid));
    return ports;
  },
  { doc: 'Time-multiplexed neurosynaptic core (tinyODIN/ODIN class): packed weights and neuron states in block RAM, L update lanes of one synaptic operation per clock each, AER in and out.' },
);
