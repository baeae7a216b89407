// The UART blocks (ip/uart) at 4 clocks per bit (4 MHz, 1 Mbaud: the fewest
// the receiver allows, so a frame is 40 cycles).
// Receiver: one byte on the line; the byte and the cycle it appears are
// checked against the golden line decoder (out_valid 3 clocks after the
// mid-stop-bit sample). Transmitter: one byte; the line is checked as an
// exact 8N1 frame. Bridge: the host sends a spike on axon 1 and a tick; the
// testbench plays a small ip/core CoreModel behind it; the device packets on
// tx are checked against bridgeResponse. The diagram shows the cycles around
// the hand-over of the event to the core and of its spikes back.
import { elaborate } from '../../hdl/index.ts';
import { CoreModel, type CoreParams, type CoreTransaction } from '../../ip/core/index.ts';
import { tinyOdinLif } from '../../ip/neuron/index.ts';
import {
  bridgeResponse,
  checkUartFrames,
  defaultSpikeBridgeParams,
  DevicePacketDecoder,
  encodeHostPackets,
  serializeUart,
  SpikeBridge,
  UartLineDecoder,
  UartRx,
  UartTx,
  type DevicePacket,
  type SpikeBridgeParams,
  type UartParams,
} from '../../ip/uart/index.ts';
import type { WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { bit, expectEqual, traceOf, type IpDiagram } from './diagram.ts';

const CPB = 4;
const uart: UartParams = { clockHz: 4_000_000, baud: 1_000_000 };

/** Callouts naming the bits of a frame that starts at `start`, each at the middle of its bit. */
function bitLabels(signal: string, start: number, byte: number): WaveAnnotation[] {
  const names = ['start', ...Array.from({ length: 8 }, (_, i) => `d${i}=${(byte >> i) & 1}`), 'stop'];
  return names.map((text, k) => ({ cycle: start + k * CPB + CPB / 2, signal, text }));
}

export const uartRxDiagram: IpDiagram = {
  name: 'uart-rx',
  doc: 'uart.md',
  record() {
    const name = 'uart-rx';
    const byte = 0xa5;
    const line = serializeUart([byte], CPB, { leadIn: 2, tail: 6 });
    const sim = createBuiltinSimulator(elaborate(UartRx, uart), { trace: { signals: ['rx', 'out_valid', 'out_ready', 'out_data', 'frame_error', 'overrun'] } });
    const golden = new UartLineDecoder(CPB);
    const annotations: WaveAnnotation[] = [];
    const expected: { byte: number; cycle: number }[] = [];
    const got: { byte: number; cycle: number }[] = [];
    try {
      sim.poke('rx', 1);
      sim.reset(1);
      const from = sim.cycle;
      sim.poke('out_ready', 1);
      for (let k = 0; k < line.length; k++) {
        const c = sim.cycle;
        sim.poke('rx', line[k]!);
        const e = golden.push(line[k]!);
        if (e?.kind === 'byte') expected.push({ byte: e.byte, cycle: from + e.cycle + 3 });
        if (sim.peek('out_valid') === 1n) {
          got.push({ byte: Number(sim.peek('out_data')), cycle: c });
          annotations.push({ cycle: c, signal: 'out_data', text: `byte 0x${Number(sim.peek('out_data')).toString(16)} received` });
        }
        expectEqual(name, c, 'frame_error', false, sim.peek('frame_error') === 1n);
        sim.step(1);
      }
      expectEqual(name, sim.cycle, 'received bytes (value, cycle of out_valid)', expected, got);
      annotations.push(...bitLabels('rx', from + line.indexOf(0), byte));
      return {
        trace: traceOf(sim),
        options: { from, radix: { out_data: 'hex' }, title: 'UartRx: 8N1 at 4 clocks per bit; each bit sampled in its middle, byte out 3 clocks after the stop-bit sample', annotations },
        checked: `byte 0x${byte.toString(16)} and its cycle equal to the golden line decoder`,
      };
    } finally {
      sim.close();
    }
  },
};

export const uartTxDiagram: IpDiagram = {
  name: 'uart-tx',
  doc: 'uart.md',
  record() {
    const name = 'uart-tx';
    const byte = 0x5a;
    const sim = createBuiltinSimulator(elaborate(UartTx, uart), { trace: { signals: ['in_valid', 'in_ready', 'in_data', 'tx', 'busy'] } });
    const annotations: WaveAnnotation[] = [];
    const line: number[] = [];
    try {
      sim.reset(1);
      const from = sim.cycle;
      sim.poke('in_data', byte); // held all along: a one-cycle label would widen the whole diagram
      sim.step(1);
      let sent = false;
      let frameStart = -1;
      for (let k = 0; k < 11 * CPB; k++) {
        const c = sim.cycle;
        sim.poke('in_valid', bit(!sent));
        if (!sent && sim.peek('in_ready') === 1n) {
          annotations.push({ cycle: c, signal: 'in_valid', text: `byte 0x${byte.toString(16)} taken` });
          sent = true;
        }
        const level = Number(sim.peek('tx'));
        if (frameStart < 0 && level === 0) frameStart = c;
        line.push(level);
        sim.step(1);
      }
      const frames = checkUartFrames(line, CPB);
      expectEqual(name, sim.cycle, 'bytes on the line', [byte], frames.bytes);
      annotations.push(...bitLabels('tx', frameStart, byte));
      return {
        trace: traceOf(sim),
        options: { from, radix: { in_data: 'hex' }, title: 'UartTx: 8N1 at 4 clocks per bit; the frame starts on the clock after the byte is taken', annotations },
        checked: `the tx line is one exact 8N1 frame of 0x${byte.toString(16)}`,
      };
    } finally {
      sim.close();
    }
  },
};

/** A small core behind the bridge: an event on axon 1 fires neurons 2 and 5. */
const core: CoreParams = {
  neurons: 8,
  axons: 4,
  lanes: 1,
  weightWidth: 4,
  signMode: 'signed',
  wordWidth: 32,
  weights: [new Array<number>(8).fill(1), [0, 0, 5, 0, 0, 6, 1, 0], new Array<number>(8).fill(0), new Array<number>(8).fill(-1)],
  inhibitory: [],
  neuron: tinyOdinLif({ threshold: 4, leakStrength: 1 }),
  outputFifoDepth: 4,
};

const BRIDGE_SIGNALS = ['rx', 'spike_in', 'core_in_valid', 'core_in_ready', 'core_in_tick', 'core_in_axon', 'core_busy', 'core_out_valid', 'core_out_ready', 'core_out_addr', 'spike_out', 'tx'];

export const uartBridgeDiagram: IpDiagram = {
  name: 'uart-bridge',
  doc: 'uart.md',
  record() {
    const name = 'uart-bridge';
    const params: SpikeBridgeParams = { ...defaultSpikeBridgeParams, ...uart, axonWidth: 2, neuronWidth: 3, rxFifoDepth: 8 };
    const host = encodeHostPackets([{ kind: 'spike', axon: 1 }, { kind: 'tick' }]);
    const line = serializeUart(Array.from(host), CPB, { leadIn: 2, tail: 0 });
    const expected = bridgeResponse(host, params.axonWidth, new CoreModel(core)).packets;
    const sim = createBuiltinSimulator(elaborate(SpikeBridge, params), { trace: { signals: BRIDGE_SIGNALS } });
    const model = new CoreModel(core);
    const txDecoder = new UartLineDecoder(CPB);
    const packets = new DevicePacketDecoder();
    const device: DevicePacket[] = [];
    const annotations: WaveAnnotation[] = [];
    // The core as the testbench plays it: takes a transaction when idle, offers its spikes two cycles later.
    let queue: number[] = [];
    let wait = 0;
    let busy = false;
    let eventAt = -1;
    let firstSpikeAt = -1;
    try {
      sim.poke('rx', 1);
      sim.reset(1);
      for (let k = 0; device.length < expected.length; k++) {
        if (k > line.length + 40 * CPB * (expected.length * 3 + 2)) throw new Error(`${name}: only ${device.length} of ${expected.length} device packets came back`);
        const c = sim.cycle;
        sim.poke('rx', k < line.length ? line[k]! : 1);
        const offer = busy && wait === 0 && queue.length > 0;
        const ready = !busy;
        sim.poke('core_in_ready', bit(ready));
        sim.poke('core_busy', bit(busy));
        sim.poke('core_out_valid', bit(offer));
        sim.poke('core_out_addr', offer ? queue[0]! : 0);
        if (offer && sim.peek('core_out_ready') === 1n) {
          annotations.push({ cycle: c, signal: 'core_out_addr', text: `spike ${queue[0]} to the encoder` });
          if (firstSpikeAt < 0) firstSpikeAt = c;
          queue.shift();
          if (queue.length === 0) busy = false;
        } else if (busy && wait > 0) wait--;
        else if (busy && queue.length === 0) busy = false;
        if (ready && sim.peek('core_in_valid') === 1n) {
          const t: CoreTransaction = sim.peek('core_in_tick') === 1n ? { kind: 'tick' } : { kind: 'event', axon: Number(sim.peek('core_in_axon')) };
          queue = model.apply(t);
          wait = 2;
          busy = true;
          annotations.push({ cycle: c, signal: 'core_in_valid', text: t.kind === 'tick' ? 'tick to the core' : `event on axon ${t.axon} to the core` });
          if (t.kind === 'event' && eventAt < 0) eventAt = c;
        }
        sim.step(1);
        const e = txDecoder.push(Number(sim.peek('tx')));
        if (e?.kind === 'byte') device.push(...packets.push(Uint8Array.of(e.byte)));
        if (e?.kind === 'frame-error') throw new Error(`${name}: framing error on tx at cycle ${c}`);
      }
      expectEqual(name, sim.cycle, 'device packets', expected, device);
      if (eventAt < 0 || firstSpikeAt < 0) throw new Error(`${name}: the event or its spikes never crossed the core interface`);
      const from = eventAt - 8;
      const to = firstSpikeAt + 3 * CPB + 8;
      const trace = traceOf(sim);
      const txStart = trace.values[trace.signals.findIndex((s) => s.name === 'tx')]!.findIndex((v, i) => i + trace.startCycle > firstSpikeAt && v === 0n) + trace.startCycle;
      annotations.push({ cycle: txStart, signal: 'tx', text: 'start bit of 0x81 (spike packet)' });
      return {
        trace,
        options: {
          from,
          to,
          signals: BRIDGE_SIGNALS,
          spikes: ['spike_in', 'spike_out'],
          title: `SpikeBridge, cycles ${from}..${to - 1}: host packet 01 01 00 (spike on axon 1) reaches the core; its spikes go back as packets 81 ..`,
          annotations: annotations.filter((a) => a.cycle >= from && a.cycle < to),
        },
        checked: `${device.length} device packets equal to bridgeResponse over a CoreModel (${sim.cycle} cycles)`,
      };
    } finally {
      sim.close();
    }
  },
};
