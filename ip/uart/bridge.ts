// The UART spike bridge: host bytes from the receiver go through a byte FIFO
// into a packet parser that drives a core's AER input (events and ticks on
// one valid/ready stream); the core's output spikes, tick-done markers, pongs
// and error reports are packed into 3-byte device packets for the
// transmitter. Packet format: packets.ts and docs/ip/uart.md.
//
// Ordering: a tick (and a ping) is a barrier. After the core takes a tick the
// parser waits until the core is idle (`core_busy` low: every spike of the
// step has been taken by the packet encoder), then queues the tick-done packet
// behind those spikes and only then reads the next host byte.
//
// Weight loading (weightWords > 0): a write-weight packet is collected whole,
// checked (an address inside the banks, no data bits above the word width;
// a bad packet is dropped and flagged, never truncated), and written on the
// core's wload port, one word in one cycle, once the core is idle; so a write
// lands between the transactions before and after it.
import { Bool, design, flip, UInt, type InputPort, type OutputPort, type Signal } from '../../hdl/index.ts';
import { AddressFifo } from '../aer/fifo.ts';
import { isPositiveInt, reportParamErrors } from '../param-errors.ts';
import { DEVICE_OP, HOST_OP, MAX_WEIGHT_WORD_WIDTH, weightAddressMap, weightDataBytes } from './packets.ts';
import { counterWidth, defaultUartParams, validateUartParams, type UartParams } from './params.ts';
import { UartRx } from './rx.ts';
import { UartTx } from './tx.ts';

export interface SpikeBridgeParams extends UartParams {
  /** Width of the core's axon address (`in_axon`), 1..16. */
  axonWidth: number;
  /** Width of the core's output neuron address (`out_addr`), 1..16. */
  neuronWidth: number;
  /** Bytes buffered between the receiver and the parser (the host may send this much ahead of a tick-done). */
  rxFifoDepth: number;
  /**
   * Words of each of the core's weight banks (ip/core `weightLoad: 'runtime'`:
   * one bank per lane); 0 (default): the core loads no weights, the bridge has
   * no wload port and the write-weight opcode 0x04 is an unknown opcode.
   */
  weightWords: number;
  /** Weight banks (ip/core: lanes), default 1. The wload address is `bank << addrWidth(weightWords) | word`. */
  weightBanks: number;
  /** Bits of a weight word, 1..1024 (the core's wordWidth); ignored when weightWords is 0. */
  weightWordWidth: number;
}

export const defaultSpikeBridgeParams: SpikeBridgeParams = {
  ...defaultUartParams,
  axonWidth: 8,
  neuronWidth: 8,
  rxFifoDepth: 64,
  weightWords: 0,
  weightBanks: 1,
  weightWordWidth: 0,
};

export function validateSpikeBridgeParams(p: SpikeBridgeParams): string[] {
  const errs = validateUartParams(p);
  if (!isPositiveInt(p.axonWidth, 16)) errs.push(`axonWidth: must be an integer between 1 and 16 (the packet's axon field), got ${String(p.axonWidth)}`);
  if (!isPositiveInt(p.neuronWidth, 16)) errs.push(`neuronWidth: must be an integer between 1 and 16 (the packet's neuron field), got ${String(p.neuronWidth)}`);
  if (!isPositiveInt(p.rxFifoDepth, 1 << 16)) errs.push(`rxFifoDepth: must be an integer between 1 and 65536, got ${String(p.rxFifoDepth)}`);
  if (p.weightWords !== 0) {
    const wordsOk = isPositiveInt(p.weightWords, 1 << 16);
    const banksOk = isPositiveInt(p.weightBanks, 1 << 16);
    if (!wordsOk) errs.push(`weightWords: must be 0 (no weight loading) or an integer between 1 and 65536, got ${String(p.weightWords)}`);
    if (!banksOk) errs.push(`weightBanks: must be an integer between 1 and 65536, got ${String(p.weightBanks)}`);
    if (!isPositiveInt(p.weightWordWidth, MAX_WEIGHT_WORD_WIDTH)) errs.push(`weightWordWidth: must be an integer between 1 and ${MAX_WEIGHT_WORD_WIDTH}, got ${String(p.weightWordWidth)}`);
    const width = wordsOk && banksOk ? weightAddressMap(p.weightWords, p.weightBanks).width : 0;
    if (width > 16) errs.push(`weightWords: ${p.weightBanks} bank(s) of ${p.weightWords} words need a ${width}-bit word address; the write-weight packet carries 16 bits`);
  }
  return errs;
}

export interface SpikeBridgePorts {
  rx: InputPort;
  tx: OutputPort;
  /** To the core's input stream: an event on `core_in_axon`, or a tick. */
  core_in_valid: OutputPort;
  core_in_ready: InputPort;
  core_in_tick: OutputPort;
  core_in_axon: OutputPort;
  /** From the core's output stream: spiking neuron addresses. */
  core_out_valid: InputPort;
  core_out_ready: OutputPort;
  core_out_addr: InputPort;
  /** High while the core still processes a transaction or holds a spike. */
  core_busy: InputPort;
  /** One-cycle pulses for activity LEDs: an input spike went to the core; an output spike was taken. */
  spike_in: OutputPort;
  spike_out: OutputPort;
  /** One-cycle pulse: any error flag was raised. */
  error: OutputPort;
  /** To the core's weight port (weightWords > 0 only): write word `core_wload_addr` = `core_wload_data` while valid. */
  core_wload_valid?: OutputPort;
  core_wload_addr?: OutputPort;
  core_wload_data?: OutputPort;
}

// Parser states.
const OP = 0;
const ARG_LO = 1;
const ARG_HI = 2;
const SEND_EVENT = 3;
const SEND_TICK = 4;
const BARRIER = 5;
const EMIT = 6;
const DATA = 7;
const WAIT_IDLE = 8;
const WRITE = 9;

export const SpikeBridge = design(
  'SpikeBridge',
  defaultSpikeBridgeParams as SpikeBridgeParams,
  (m, p): SpikeBridgePorts => {
    const bad = reportParamErrors(m, 'bridge-params', 'SpikeBridge', validateSpikeBridgeParams(p));
    const aw = bad ? 1 : p.axonWidth;
    const nw = bad ? 1 : p.neuronWidth;
    const uart: UartParams = bad ? defaultUartParams : { clockHz: p.clockHz, baud: p.baud };
    const weights = !bad && p.weightWords > 0;
    const wmap = weights ? weightAddressMap(p.weightWords, p.weightBanks) : null;

    const rx = m.input('rx', Bool());
    const tx = m.output('tx', Bool());
    const coreIn = m.output('core_in', { valid: Bool(), ready: flip(Bool()), tick: Bool(), axon: UInt(aw) });
    const coreOut = m.input('core_out', { valid: Bool(), ready: flip(Bool()), addr: UInt(nw) });
    const coreBusy = m.input('core_busy', Bool());
    const spikeIn = m.output('spike_in', Bool());
    const spikeOut = m.output('spike_out', Bool());
    const error = m.output('error', Bool());
    const wload = weights ? m.output('core_wload', { valid: Bool(), addr: UInt(wmap!.width), data: UInt(p.weightWordWidth) }) : null;

    // ---- receive: pin -> bytes -> FIFO.
    const urx = m.instance('uart_rx', UartRx, uart);
    urx.rx.set(rx);
    const fifo = m.instance('rx_fifo', AddressFifo, { width: 8, depth: bad ? 1 : p.rxFifoDepth });
    fifo.enq_valid.set(urx.out_valid);
    fifo.enq_data.set(urx.out_data);
    urx.out_ready.set(fifo.enq_ready);

    // ---- parser.
    const state = m.reg('parse_state', UInt(4), { reset: OP });
    const op = m.reg('op', UInt(8), { reset: 0 });
    const arg = m.reg('arg', UInt(16), { reset: 0 });
    const step = m.reg('step', UInt(16), { reset: 0 });
    const byte = fifo.deq_data;
    const readingArgs = state.eq(OP).or(state.eq(ARG_LO)).or(state.eq(ARG_HI));
    const reading = m.let('reading', weights ? readingArgs.or(state.eq(DATA)) : readingArgs);
    const got = m.let('got_byte', reading.and(fifo.deq_valid));
    fifo.deq_ready.set(reading);

    const unknownOp = m.wire('unknown_op', Bool());
    const axonRange = m.wire('axon_range', Bool());
    unknownOp.set(0);
    axonRange.set(0);
    const hiFits = aw >= 16 ? null : aw <= 8 ? byte.eq(0) : byte.lt(2 ** (aw - 8));
    const loFits = aw >= 8 ? null : arg.slice(7, 0).lt(2 ** aw);
    const axonFits = hiFits && loFits ? hiFits.and(loFits) : (hiFits ?? loFits);

    // ---- weight packets: the data bytes shift in from the top (little-endian), a counter of bytes still to come.
    const weightRange = m.wire('weight_range', Bool());
    const weightData = m.wire('weight_data', Bool());
    weightRange.set(0);
    weightData.set(0);
    const nData = weights ? weightDataBytes(p.weightWordWidth) : 1;
    const wdata = weights ? m.reg('weight_word', UInt(8 * nData), { reset: 0 }) : null;
    const wleft = weights ? m.reg('weight_bytes_left', UInt(counterWidth(nData + 1)), { reset: 0 }) : null;
    // The word as it stands once this cycle's byte is in (the last data byte is the top one).
    const shifted = wdata ? (nData === 1 ? byte : byte.cat(wdata.slice(8 * nData - 1, 8))) : null;
    // Checks, evaluated on the last data byte: the address (arg is complete) and the bits above the word width.
    // The address is bank << bankBits | word: no bits above the map, a bank that exists, a word inside it.
    let addrOk: Signal | null = null;
    if (wmap) {
      const and = (c: Signal): void => {
        addrOk = addrOk ? addrOk.and(c) : c;
      };
      if (wmap.width < 16) and(arg.slice(15, wmap.width).eq(0));
      if (p.weightWords !== 1 << wmap.bankBits) and(arg.slice(wmap.bankBits - 1, 0).lt(p.weightWords));
      if (wmap.bankSelectBits > 0 && p.weightBanks !== 1 << wmap.bankSelectBits) and(arg.slice(wmap.width - 1, wmap.bankBits).lt(p.weightBanks));
    }
    const spare = weights ? 8 * nData - p.weightWordWidth : 0;
    const dataOk = spare > 0 ? byte.slice(7, 8 - spare).eq(0) : null;

    m.switch(state)
      .is(OP, () => {
        m.when(got, () => {
          op.set(byte);
          m.switch(byte)
            .is(weights ? [HOST_OP.spike, HOST_OP.ping, HOST_OP.weight] : [HOST_OP.spike, HOST_OP.ping], () => state.set(ARG_LO))
            .is(HOST_OP.tick, () => state.set(SEND_TICK))
            .is(HOST_OP.nop, () => {})
            .default(() => unknownOp.set(1));
        });
      })
      .is(ARG_LO, () => {
        m.when(got, () => {
          arg.set(arg.slice(15, 8).cat(byte));
          state.set(ARG_HI);
        });
      })
      .is(ARG_HI, () => {
        m.when(got, () => {
          arg.set(byte.cat(arg.slice(7, 0)));
          const spikeArgs = (): void => {
            if (axonFits) {
              m.when(axonFits, () => state.set(SEND_EVENT)).otherwise(() => {
                axonRange.set(1);
                state.set(OP);
              });
            } else state.set(SEND_EVENT);
          };
          const pingOrSpike = (): void => {
            m.when(op.eq(HOST_OP.ping), () => state.set(BARRIER)).otherwise(spikeArgs);
          };
          if (wleft) {
            m.when(op.eq(HOST_OP.weight), () => {
              wleft.set(nData);
              state.set(DATA);
            }).otherwise(pingOrSpike);
          } else pingOrSpike();
        });
      })
      .is(DATA, () => {
        if (!wdata || !wleft || !shifted) return;
        m.when(got, () => {
          wdata.set(shifted);
          wleft.set(wleft.subWrap(1));
          m.when(wleft.eq(1), () => {
            const aOk: Signal | null = addrOk;
            const ok = aOk && dataOk ? aOk.and(dataOk) : (aOk ?? dataOk);
            if (aOk) m.when(aOk.not(), () => weightRange.set(1));
            if (dataOk) m.when(dataOk.not(), () => weightData.set(1));
            if (ok) m.when(ok, () => state.set(WAIT_IDLE)).otherwise(() => state.set(OP));
            else state.set(WAIT_IDLE);
          });
        });
      })
      .is(WAIT_IDLE, () => {
        // The core takes weight writes only while it is idle.
        m.when(coreBusy.not(), () => state.set(WRITE));
      })
      .is(WRITE, () => state.set(OP))
      .is(SEND_EVENT, () => {
        m.when(coreIn.ready, () => state.set(OP));
      })
      .is(SEND_TICK, () => {
        m.when(coreIn.ready, () => state.set(BARRIER));
      })
      .is(BARRIER, () => {
        m.when(coreBusy.not(), () => state.set(EMIT));
      })
      .default(() => {});

    const sendEvent = state.eq(SEND_EVENT);
    const sendTick = state.eq(SEND_TICK);
    coreIn.valid.set(sendEvent.or(sendTick));
    coreIn.tick.set(sendTick);
    coreIn.axon.set(aw === 16 ? arg : arg.slice(aw - 1, 0));
    if (wload && wdata && wmap) {
      wload.valid.set(state.eq(WRITE));
      wload.addr.set(wmap.width === 16 ? arg : arg.slice(wmap.width - 1, 0));
      wload.data.set(8 * nData === p.weightWordWidth ? wdata : wdata.slice(p.weightWordWidth - 1, 0));
    }

    // ---- packet encoder: one 3-byte packet at a time, low byte first.
    const pkt = m.reg('packet', UInt(24), { reset: 0 });
    const left = m.reg('bytes_left', UInt(2), { reset: 0 });
    const flags = m.reg('error_flags', UInt(6), { reset: 0 });
    const utx = m.instance('uart_tx', UartTx, uart);
    const empty = m.let('encoder_empty', left.eq(0));
    utx.in_valid.set(empty.not());
    utx.in_data.set(pkt.slice(7, 0));
    m.when(utx.in_valid.and(utx.in_ready), () => {
      pkt.set(pkt.lit(0, UInt(8)).cat(pkt.slice(23, 8)));
      left.set(left.subWrap(1));
    });

    const emitting = state.eq(EMIT);
    const takeSpike = m.let('take_spike', empty.and(coreOut.valid));
    const takeBarrier = m.let('take_barrier', empty.and(coreOut.valid.not()).and(emitting));
    const takeError = m.let('take_error', empty.and(coreOut.valid.not()).and(emitting.not()).and(flags.ne(0)));
    coreOut.ready.set(empty);
    const addr16 = nw === 16 ? coreOut.addr : coreOut.addr.zext(16);
    const isTick = op.eq(HOST_OP.tick);
    m.when(takeSpike, () => {
      pkt.set(addr16.cat(pkt.lit(DEVICE_OP.spike, UInt(8))));
      left.set(3);
    });
    m.when(takeBarrier, () => {
      const payload = isTick.select(step, arg);
      const code = isTick.select(pkt.lit(DEVICE_OP.tickDone, UInt(8)), pkt.lit(DEVICE_OP.pong, UInt(8)));
      pkt.set(payload.cat(code));
      left.set(3);
      state.set(OP);
      m.when(isTick, () => step.set(step.addWrap(1)));
    });
    m.when(takeError, () => {
      pkt.set(pkt.lit(0, UInt(10)).cat(flags, pkt.lit(DEVICE_OP.error, UInt(8))));
      left.set(3);
    });

    // ---- error flags: sticky until reported; flags raised while one is reported wait for the next.
    // Bit order as ERROR_FLAGS: frame 0, overrun 1, unknownOp 2, axonRange 3, weightRange 4, weightData 5.
    const raised = m.let('errors_raised', weightData.cat(weightRange, axonRange, unknownOp, urx.overrun, urx.frame_error));
    flags.set(takeError.select(raised, flags.or(raised)));

    tx.set(utx.tx);
    spikeIn.set(sendEvent.and(coreIn.ready));
    spikeOut.set(takeSpike);
    error.set(raised.ne(0));
    return {
      rx,
      tx,
      core_in_valid: coreIn.valid,
      core_in_ready: coreIn.ready,
      core_in_tick: coreIn.tick,
      core_in_axon: coreIn.axon,
      core_out_valid: coreOut.valid,
      core_out_ready: coreOut.ready,
      core_out_addr: coreOut.addr,
      core_busy: coreBusy,
      spike_in: spikeIn,
      spike_out: spikeOut,
      error,
      ...(wload ? { core_wload_valid: wload.valid, core_wload_addr: wload.addr, core_wload_data: wload.data } : {}),
    };
  },
  { doc: 'UART spike bridge: host packets to AER events and ticks (and weight words) for a core, output spikes and tick-done markers back as packets.' },
);
