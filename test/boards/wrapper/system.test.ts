// The whole board top in simulation: wrapper (reset synchroniser, power-on
// counter, LEDs) + UART spike bridge + the neurosynaptic core (ip/core), on
// the built-in simulator and on Verilator. The testbench is the host: it
// sends spike packets bit by bit on the UART RX pin, decodes the TX pin bit by
// bit, and compares the packets that come back with the golden model of the
// bridge around the core's golden model (CoreModel). The PLL is a vendor
// black box no simulator runs, so the top is built with pll: 'none' and the
// system runs on the board oscillator (12 MHz on the iCEBreaker); a baud rate
// of 1.5 Mbaud makes the bit time 8 clocks.
//
// Cores built with `weightLoad: 'runtime'` power up with empty weight
// memories: the host first sends the whole weight matrix as write-weight
// packets (encodeCoreWeightLoad) and waits for the pong that ends the load;
// that run goes on the built-in simulator, Verilator and Icarus Verilog.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { icebreaker } from '../../../boards/defs/index.ts';
import { buildBoardTop, type BoardTop } from '../../../boards/wrapper/index.ts';
import { CoreModel, NeurosynapticCore, type CoreParams } from '../../../ip/core/index.ts';
import { defaultNeuronSpec, tinyOdinLif, type NeuronSpec } from '../../../ip/neuron/index.ts';
import {
  bridgeResponse,
  coreBridgeShape,
  DevicePacketDecoder,
  encodeCoreWeightLoad,
  encodeHostPackets,
  ERROR_FLAGS,
  serializeUart,
  WEIGHT_LOAD_PING,
  type DevicePacket,
  type HostPacket,
} from '../../../ip/uart/index.ts';
import { createSimulator, type BackendName } from '../../../testbenches/backends.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { floatStream, randomInt, UartBench } from '../../ip/uart/harness.ts';

const BAUD = 1_500_000; // 12 MHz / 1.5 Mbaud = 8 clocks per bit
const RESET_CYCLES = 24;

/** A seeded core; weightLoad 'runtime' leaves its weight memories empty until the host loads `weights`. */
function coreParams(name: 'event' | 'step', seed: number, weightLoad: 'init' | 'runtime' = 'init'): CoreParams {
  const rng = floatStream(seed);
  if (name === 'event') {
    // tinyODIN neurons (event mode: a synaptic event can fire at once), 16 x 16, mostly excitatory.
    const weights = Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => randomInt(rng, -3, 7)));
    return { neurons: 16, axons: 16, lanes: 1, weightWidth: 4, signMode: 'signed', wordWidth: 32, weights, inhibitory: [], neuron: tinyOdinLif({ threshold: 12, leakStrength: 2 }), outputFifoDepth: 4, weightLoad };
  }
  // A LIF with subtract reset (step mode: spikes only on ticks), 32 neurons in 2 lanes, 12 axons.
  const lif: NeuronSpec = { ...defaultNeuronSpec, width: 12, inputWidth: 8, leak: { kind: 'shift', shift: 3, rounding: 'floor' }, threshold: 40, reset: { kind: 'subtract', overflow: 'saturate' } };
  const weights = Array.from({ length: 12 }, () => Array.from({ length: 32 }, () => randomInt(rng, -20, 60)));
  return { neurons: 32, axons: 12, lanes: 2, weightWidth: 8, signMode: 'signed', wordWidth: 32, weights, inhibitory: [], neuron: lif, outputFifoDepth: 4, weightLoad };
}

function boardTop(params: CoreParams): BoardTop {
  return buildBoardTop(icebreaker, { design: NeurosynapticCore, params }, { pll: 'none', baud: BAUD, resetCycles: RESET_CYCLES, ledPulseMs: 0.01, heartbeatHz: 6000, rxFifoDepth: 32 });
}

/** The host side of the link: a UART bench on the top's pins and a decoder of the device packets. */
class Host {
  readonly bench: UartBench;
  readonly device: DevicePacket[] = [];
  readonly sent: number[] = [];
  private readonly decoder = new DevicePacketDecoder();
  private seen = 0;
  /** LED levels seen (OR over the run), and the heartbeat's toggles. */
  readonly ledsLit = new Set<string>();
  heartbeatToggles = 0;
  private lastBeat = 0n;

  constructor(
    readonly sim: Simulator,
    readonly top: BoardTop,
    clocksPerBit: number,
  ) {
    this.bench = new UartBench(sim, {
      rx: 'uart_rx',
      tx: 'uart_tx',
      clocksPerBit,
      beforeEdge: () => {
        const bytes = this.bench.txEvents;
        for (; this.seen < bytes.length; this.seen++) {
          const e = bytes[this.seen]!;
          if (e.kind !== 'byte') throw new Error(`framing error on the TX line at cycle ${e.cycle}`);
          this.device.push(...this.decoder.push([e.byte]));
        }
        for (const l of top.leds) if (sim.peek(l.port) === 1n) this.ledsLit.add(l.port);
        const beat = sim.peek('led_heartbeat');
        if (beat !== this.lastBeat) this.heartbeatToggles++;
        this.lastBeat = beat;
      },
    });
  }

  send(packets: HostPacket[], gap = 0): void {
    this.sendBytes(encodeHostPackets(packets), gap);
  }

  sendBytes(bytes: ArrayLike<number>, gap = 0): void {
    const list = Array.from(bytes);
    this.sent.push(...list);
    this.bench.drive(serializeUart(list, this.bench.opts.clocksPerBit, { leadIn: gap }));
  }

  count(kind: DevicePacket['kind']): number {
    return this.device.filter((p) => p.kind === kind).length;
  }

  waitFor(kind: DevicePacket['kind'], n: number, what: string): void {
    this.bench.runUntil(() => this.count(kind) >= n, 400_000, what);
  }
}

/** One time step of host traffic: a few input spikes (a repeated axon now and then), then a tick. */
function randomStep(rng: () => number, axons: number): HostPacket[] {
  const packets: HostPacket[] = [];
  for (let k = randomInt(rng, 0, 6); k > 0; k--) packets.push({ kind: 'spike', axon: randomInt(rng, 0, axons - 1) });
  packets.push({ kind: 'tick' });
  return packets;
}

interface SystemRun {
  host: Host;
  golden: DevicePacket[];
  /** Bytes of the weight load (0 for a core with initial weights). */
  loadBytes: number;
}

/**
 * The host's session: ping until out of reset; for a runtime-loaded core the
 * whole weight matrix then a ping (one stream, at line rate); then `steps`
 * random time steps, each sent after the previous tick-done.
 */
function runSystem(backend: BackendName, which: 'event' | 'step', seed: number, steps: number, weightLoad: 'init' | 'runtime' = 'init'): SystemRun {
  const params = coreParams(which, seed, weightLoad);
  const top = boardTop(params);
  expect(top.uart.clocksPerBit).toBe(8);
  const sim = createSimulator(elaborate(top.design), backend);
  try {
    const host = new Host(sim, top, top.uart.clocksPerBit);
    sim.poke('uart_rx', 1); // the line idles high
    sim.reset(3); // the button
    // The power-on counter holds the core in reset; a ping is answered once it is out.
    host.bench.step(RESET_CYCLES + 8);
    host.send([{ kind: 'ping', value: 0xa55a }]);
    host.waitFor('pong', 1, 'pong');
    let loadBytes = 0;
    if (weightLoad === 'runtime') {
      const load = encodeCoreWeightLoad(params);
      loadBytes = load.length;
      host.sendBytes(load);
      host.waitFor('pong', 2, 'pong after the weight load');
    }
    const rng = floatStream(seed * 7 + 1);
    for (let s = 0; s < steps; s++) {
      // A well-behaved host sends one step and waits for its tick-done.
      host.send(randomStep(rng, params.axons), randomInt(rng, 0, 12));
      host.waitFor('tick-done', s + 1, `tick-done of step ${s}`);
    }
    host.bench.step(50 * 8);
    // The golden model is built with the weights; for a runtime core the load rewrites the same words.
    const golden = bridgeResponse(host.sent, coreBridgeShape(params), new CoreModel(params));
    expect(golden.flags).toBe(0);
    return { host, golden: golden.packets, loadBytes };
  } finally {
    sim.close();
  }
}

function checkRun(host: Host, golden: DevicePacket[], minSpikes: number): void {
  // No error packets: the host never overran the bridge and every frame was good.
  expect(host.device).toEqual(golden);
  const spikes = golden.filter((p) => p.kind === 'spike').length;
  expect(spikes).toBeGreaterThanOrEqual(minSpikes);
  expect([...host.ledsLit].sort()).toEqual(['led_heartbeat', 'led_spike_in', 'led_spike_out'].sort());
  expect(host.heartbeatToggles).toBeGreaterThan(5);
}

describe('board top system (built-in simulator)', () => {
  it('event-mode core (tinyODIN, 16 x 16): spikes back as the golden model says', () => {
    const { host, golden } = runSystem('builtin', 'event', 3, 14);
    checkRun(host, golden, 20);
  });

  it('step-mode core (LIF, 32 neurons in 2 lanes): spikes back as the golden model says', () => {
    const { host, golden } = runSystem('builtin', 'step', 4, 10);
    checkRun(host, golden, 20);
  });

  it('restarts on the reset button: step numbers start again at 0', () => {
    const params = coreParams('event', 5);
    const top = boardTop(params);
    const sim = createSimulator(elaborate(top.design), 'builtin');
    const host = new Host(sim, top, 8);
    sim.poke('uart_rx', 1);
    sim.reset(2);
    host.bench.step(RESET_CYCLES + 8);
    host.send([{ kind: 'tick' }, { kind: 'tick' }]);
    host.waitFor('tick-done', 2, 'two ticks');
    // Press the button (rst is active high in the top; the pin shim inverts the board's active-low button).
    sim.poke('rst', 1);
    host.bench.step(5);
    sim.poke('rst', 0);
    host.bench.step(RESET_CYCLES + 8);
    host.send([{ kind: 'tick' }]);
    host.waitFor('tick-done', 3, 'tick after reset');
    expect(host.device.filter((p) => p.kind === 'tick-done')).toEqual([
      { kind: 'tick-done', step: 0 },
      { kind: 'tick-done', step: 1 },
      { kind: 'tick-done', step: 0 },
    ]);
    sim.close();
  });
});

/** The spikes a core with all-zero weights would send for the same host bytes (a load that did nothing). */
function unloadedResponse(params: CoreParams, host: Host): DevicePacket[] {
  const zero = { ...params, weights: params.weights.map((r) => r.map(() => 0)) };
  const afterLoad = host.sent.slice(0, 3); // the first ping only: the load is left out
  const rest = host.sent.slice(3 + encodeCoreWeightLoad(params).length);
  return bridgeResponse([...afterLoad, ...rest], coreBridgeShape(params).axonWidth, new CoreModel(zero)).packets;
}

function checkLoadedRun(run: SystemRun, params: CoreParams, minSpikes: number): void {
  checkRun(run.host, run.golden, minSpikes);
  const w = params.weights;
  expect(run.loadBytes).toBeGreaterThan(0);
  // Both pongs: the reset ping, and the one that ends the load.
  expect(run.host.device.filter((p) => p.kind === 'pong')).toEqual([
    { kind: 'pong', value: 0xa55a },
    { kind: 'pong', value: WEIGHT_LOAD_PING },
  ]);
  // The weights matter: without the load the same traffic gives other spikes.
  expect(w.some((r) => r.some((x) => x !== 0))).toBe(true);
  expect(unloadedResponse(params, run.host)).not.toEqual(run.golden.filter((p) => !(p.kind === 'pong' && p.value === WEIGHT_LOAD_PING)));
}

describe('board top system, weights loaded over the UART (built-in simulator)', () => {
  it('event-mode core (tinyODIN, 16 x 16, weightLoad runtime): the whole matrix, then spikes as the golden model says', () => {
    const run = runSystem('builtin', 'event', 3, 14, 'runtime');
    checkLoadedRun(run, coreParams('event', 3, 'runtime'), 20);
  });

  it('step-mode core (32 neurons in 2 lanes: two weight banks, 8-bit weights): the same', () => {
    const run = runSystem('builtin', 'step', 4, 10, 'runtime');
    checkLoadedRun(run, coreParams('step', 4, 'runtime'), 20);
  });

  it('flags a write past the memory and one with bits above the word, and writes neither', () => {
    // 12-bit words (two 4-bit weights each, two bytes in a packet, 4 bits to spare): 16 x 8 = 128 words.
    const params: CoreParams = { ...coreParams('event', 10, 'runtime'), wordWidth: 12 };
    const shape = coreBridgeShape(params);
    expect(shape.weightWords).toBe(128);
    const top = boardTop(params);
    const sim = createSimulator(elaborate(top.design), 'builtin');
    try {
      const host = new Host(sim, top, 8);
      sim.poke('uart_rx', 1);
      sim.reset(2);
      host.bench.step(RESET_CYCLES + 8);
      host.sendBytes(encodeCoreWeightLoad(params));
      host.waitFor('pong', 1, 'pong after the load');
      // Word 128 is past the memory; data 0xf000 sets bits above 12. Both would zero their word.
      host.sendBytes([0x04, 128, 0, 0, 0, 0x04, 0, 0, 0x00, 0xf0]);
      host.send([{ kind: 'ping', value: 2 }]);
      host.waitFor('pong', 2, 'pong after the bad writes');
      host.bench.step(60 * 8);
      const errors = host.device.filter((p) => p.kind === 'error');
      expect(errors.reduce((f, p) => f | (p.kind === 'error' ? p.flags : 0), 0)).toBe(ERROR_FLAGS.weightRange | ERROR_FLAGS.weightData);
      // Both bad writes would have hit word 0 (axon 0, neurons 0 and 1) had they gone through (128 wraps to 0
      // in the 7-bit wload_addr). Word 0 still holds its weights: traffic on axon 0 spikes as the loaded matrix says.
      const rng = floatStream(99);
      for (let s = 0; s < 6; s++) {
        host.send([{ kind: 'spike', axon: 0 }, { kind: 'spike', axon: 0 }, ...randomStep(rng, params.axons)]);
        host.waitFor('tick-done', s + 1, `tick-done of step ${s}`);
      }
      host.bench.step(50 * 8);
      const golden = bridgeResponse(host.sent, shape, new CoreModel(params));
      expect(golden.flags).toBe(ERROR_FLAGS.weightRange | ERROR_FLAGS.weightData);
      expect(host.device.filter((p) => p.kind !== 'error')).toEqual(golden.packets);
      expect(golden.packets.filter((p) => p.kind === 'spike').length).toBeGreaterThan(3);
      // A core whose word 0 had been zeroed would have answered otherwise: the same stream with the second
      // write made valid (data 0x0000) gives other spikes.
      const zeroing = [...host.sent];
      const at = encodeCoreWeightLoad(params).length + 5;
      expect(zeroing.slice(at, at + 5)).toEqual([0x04, 0, 0, 0x00, 0xf0]);
      zeroing[at + 4] = 0x00;
      expect(bridgeResponse(zeroing, shape, new CoreModel(params)).packets).not.toEqual(golden.packets);
    } finally {
      sim.close();
    }
  });
});

describe.skipIf(!haveTool('verilator'))('board top system (Verilator)', () => {
  it('event-mode core, weights loaded over the UART: the same packets as the golden model', () => {
    const run = runSystem('verilator', 'event', 3, 14, 'runtime');
    checkLoadedRun(run, coreParams('event', 3, 'runtime'), 20);
  });

  it('event-mode core (tinyODIN, 16 x 16): the same packets as the golden model', () => {
    const { host, golden } = runSystem('verilator', 'event', 3, 14);
    checkRun(host, golden, 20);
  });
});

describe.skipIf(!haveTool('iverilog'))('board top system (Icarus Verilog)', () => {
  it('event-mode core, weights loaded over the UART: the same packets as the golden model', () => {
    const run = runSystem('iverilog', 'event', 3, 14, 'runtime');
    checkLoadedRun(run, coreParams('event', 3, 'runtime'), 20);
  });
});
