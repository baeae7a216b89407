// The whole board top in simulation: wrapper (reset synchroniser, power-on
// counter, LEDs) + UART spike bridge + the neurosynaptic core (ip/core), on
// the built-in simulator and on Verilator. The testbench is the host: it
// sends spike packets bit by bit on the UART RX pin, decodes the TX pin bit by
// bit, and compares the packets that come back with the golden model of the
// bridge around the core's golden model (CoreModel). The PLL is a vendor
// black box no simulator runs, so the top is built with pll: 'none' and the
// system runs on the board oscillator (12 MHz on the iCEBreaker); a baud rate
// of 1.5 Mbaud makes the bit time 8 clocks.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { icebreaker } from '../../../boards/defs/index.ts';
import { buildBoardTop, type BoardTop } from '../../../boards/wrapper/index.ts';
import { CoreModel, coreGeometry, NeurosynapticCore, type CoreParams } from '../../../ip/core/index.ts';
import { defaultNeuronSpec, tinyOdinLif, type NeuronSpec } from '../../../ip/neuron/index.ts';
import { bridgeResponse, DevicePacketDecoder, encodeHostPackets, serializeUart, type DevicePacket, type HostPacket } from '../../../ip/uart/index.ts';
import { createSimulator, type BackendName } from '../../../testbenches/backends.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { makeRng, randomInt, UartBench } from '../../ip/uart/harness.ts';

const BAUD = 1_500_000; // 12 MHz / 1.5 Mbaud = 8 clocks per bit
const RESET_CYCLES = 24;

function coreParams(name: 'event' | 'step', seed: number): CoreParams {
  const rng = makeRng(seed);
  if (name === 'event') {
    // tinyODIN neurons (event mode: a synaptic event can fire at once), 16 x 16, mostly excitatory.
    const weights = Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => randomInt(rng, -3, 7)));
    return { neurons: 16, axons: 16, lanes: 1, weightWidth: 4, signMode: 'signed', wordWidth: 32, weights, inhibitory: [], neuron: tinyOdinLif({ threshold: 12, leakStrength: 2 }), outputFifoDepth: 4 };
  }
  // A LIF with subtract reset (step mode: spikes only on ticks), 32 neurons in 2 lanes, 12 axons.
  const lif: NeuronSpec = { ...defaultNeuronSpec, width: 12, inputWidth: 8, leak: { kind: 'shift', shift: 3, rounding: 'floor' }, threshold: 40, reset: { kind: 'subtract', overflow: 'saturate' } };
  const weights = Array.from({ length: 12 }, () => Array.from({ length: 32 }, () => randomInt(rng, -20, 60)));
  return { neurons: 32, axons: 12, lanes: 2, weightWidth: 8, signMode: 'signed', wordWidth: 32, weights, inhibitory: [], neuron: lif, outputFifoDepth: 4 };
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
    const bytes = encodeHostPackets(packets);
    this.sent.push(...bytes);
    this.bench.drive(serializeUart([...bytes], this.bench.opts.clocksPerBit, { leadIn: gap }));
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

function runSystem(backend: BackendName, which: 'event' | 'step', seed: number, steps: number): { host: Host; golden: DevicePacket[] } {
  const params = coreParams(which, seed);
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
    const rng = makeRng(seed * 7 + 1);
    for (let s = 0; s < steps; s++) {
      // A well-behaved host sends one step and waits for its tick-done.
      host.send(randomStep(rng, params.axons), randomInt(rng, 0, 12));
      host.waitFor('tick-done', s + 1, `tick-done of step ${s}`);
    }
    host.bench.step(50 * 8);
    const golden = bridgeResponse(host.sent, coreGeometry(params).axonWidth, new CoreModel(params));
    expect(golden.flags).toBe(0);
    return { host, golden: golden.packets };
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

describe.skipIf(!haveTool('verilator'))('board top system (Verilator)', () => {
  it('event-mode core (tinyODIN, 16 x 16): the same packets as the golden model', () => {
    const { host, golden } = runSystem('verilator', 'event', 3, 14);
    checkRun(host, golden, 20);
  });
});
