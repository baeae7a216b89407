// The spike bridge alone on the built-in simulator, with the core emulated by
// the testbench: the emulated core takes transactions at random times, spikes
// from a seeded golden model, and offers its spikes with random delays. The
// host sends packets bit by bit on the rx pin; the tx pin is decoded bit by
// bit; the device packets must be exactly what bridgeResponse predicts, and
// errors (framing, overrun, unknown opcodes, axons out of range) must be
// reported with their flags.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import {
  bridgeResponse,
  defaultSpikeBridgeParams,
  DevicePacketDecoder,
  encodeHostPackets,
  ERROR_FLAGS,
  serializeUart,
  SpikeBridge,
  type BridgeTransaction,
  type DevicePacket,
  type HostPacket,
  type SpikeBridgeParams,
  type SpikingCoreModel,
  type UartFrame,
} from '../../../ip/uart/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import type { Simulator } from '../../../testbenches/simulator.ts';
import { floatStream, randomInt, UartBench } from './harness.ts';

const CPB = 8;
const PARAMS: SpikeBridgeParams = { ...defaultSpikeBridgeParams, clockHz: 8_000_000, baud: 1_000_000, axonWidth: 6, neuronWidth: 10, rxFifoDepth: 64 };

/** A stand-in for a core's golden model: 0..3 random neurons per transaction, reproducible from its seed. */
class RandomCoreModel implements SpikingCoreModel {
  private readonly rng: () => number;
  constructor(seed: number) {
    this.rng = floatStream(seed);
  }
  apply(_t: BridgeTransaction): number[] {
    return Array.from({ length: randomInt(this.rng, 0, 3) }, () => randomInt(this.rng, 0, 2 ** PARAMS.neuronWidth - 1));
  }
}

/**
 * The core as the testbench plays it: takes a transaction when ready (random),
 * then after a random delay offers its spikes one by one; busy from the cycle
 * after the accept until the last spike is taken (the bridge's contract).
 */
class EmulatedCore {
  readonly transactions: BridgeTransaction[] = [];
  /** Transactions and weight writes in the order the core saw them. */
  readonly log: string[] = [];
  /** Weight writes that came while the core was busy (must stay 0). */
  writesWhileBusy = 0;
  weightPort = false;
  private spikes: number[] = [];
  private delay = 0;
  private pending = false;
  stallAll = false;

  constructor(
    private readonly sim: Simulator,
    private readonly model: SpikingCoreModel,
    private readonly rng: () => number,
  ) {}

  beforeEdge(): void {
    const sim = this.sim;
    const busy = this.pending || this.spikes.length > 0;
    const ready = !busy && !this.stallAll && this.rng() < 0.5;
    const offer = !busy ? false : this.delay === 0 && this.spikes.length > 0;
    sim.poke('core_in_ready', ready ? 1 : 0);
    sim.poke('core_busy', busy ? 1 : 0);
    sim.poke('core_out_valid', offer ? 1 : 0);
    sim.poke('core_out_addr', offer ? this.spikes[0]! : 0);
    // What happens on this edge.
    if (offer && sim.peek('core_out_ready') === 1n) this.spikes.shift();
    if (this.delay > 0) this.delay--;
    if (this.pending && this.delay === 0) this.pending = false;
    if (this.weightPort && sim.peek('core_wload_valid') === 1n) {
      if (busy) this.writesWhileBusy++;
      this.log.push(`write ${sim.peek('core_wload_addr')} ${sim.peek('core_wload_data')}`);
    }
    if (ready && sim.peek('core_in_valid') === 1n) {
      const t: BridgeTransaction = sim.peek('core_in_tick') === 1n ? { kind: 'tick' } : { kind: 'event', axon: Number(sim.peek('core_in_axon')) };
      this.transactions.push(t);
      this.log.push(t.kind === 'tick' ? 'tick' : `event ${t.axon}`);
      this.spikes = this.model.apply(t);
      this.delay = randomInt(this.rng, 1, 6);
      this.pending = true;
    }
  }
}

function makeBench(seed: number, params: SpikeBridgeParams = PARAMS): { sim: Simulator; bench: UartBench; core: EmulatedCore; device: DevicePacket[] } {
  const sim = createBuiltinSimulator(elaborate(SpikeBridge, params));
  const rng = floatStream(seed);
  const decoder = new DevicePacketDecoder();
  const device: DevicePacket[] = [];
  const core = new EmulatedCore(sim, new RandomCoreModel(seed), rng);
  core.weightPort = params.weightWords > 0;
  let seen = 0;
  const bench = new UartBench(sim, {
    rx: 'rx',
    tx: 'tx',
    clocksPerBit: CPB,
    beforeEdge: () => {
      core.beforeEdge();
      const bytes = bench.txBytes;
      if (bytes.length > seen) {
        device.push(...decoder.push(bytes.slice(seen)));
        seen = bytes.length;
      }
    },
  });
  sim.poke('rx', 1);
  sim.reset(2);
  return { sim, bench, core, device };
}

/** One time step of host traffic: random spikes (some past the axon width), no-ops, junk, pings, then a tick. */
function randomStep(rng: () => number): { packets: HostPacket[]; junk: number[] } {
  const packets: HostPacket[] = [];
  for (let k = randomInt(rng, 0, 8); k > 0; k--) {
    const r = rng();
    if (r < 0.75) packets.push({ kind: 'spike', axon: rng() < 0.1 ? randomInt(rng, 64, 65535) : randomInt(rng, 0, 63) });
    else if (r < 0.85) packets.push({ kind: 'nop' });
    else packets.push({ kind: 'ping', value: randomInt(rng, 0, 65535) });
  }
  packets.push({ kind: 'tick' });
  return { packets, junk: rng() < 0.2 ? [0x7f] : [] };
}

describe('SpikeBridge', () => {
  it('answers host packets exactly as the golden bridge model, under random core timing', () => {
    const seed = 11;
    const { sim, bench, core, device } = makeBench(seed);
    const rng = floatStream(seed * 3);
    const hostBytes: number[] = [];
    const steps = 25;
    for (let s = 0; s < steps; s++) {
      // A well-behaved host: one step at a time, waiting for its tick-done (the FIFO holds the whole step).
      const { packets, junk } = randomStep(rng);
      const bytes = [...junk, ...encodeHostPackets(packets)];
      hostBytes.push(...bytes);
      bench.drive(serializeUart(bytes, CPB, { leadIn: randomInt(rng, 0, 20) }));
      bench.runUntil(() => device.filter((p) => p.kind === 'tick-done').length === s + 1, 200_000, `step ${s}`);
    }
    bench.step(40 * CPB);
    const golden = bridgeResponse(hostBytes, PARAMS.axonWidth, new RandomCoreModel(seed));
    const errors = device.filter((p) => p.kind === 'error');
    expect(device.filter((p) => p.kind !== 'error')).toEqual(golden.packets);
    // The run exercised what it claims to.
    expect(golden.packets.filter((p) => p.kind === 'spike').length).toBeGreaterThan(60);
    expect(golden.packets.filter((p) => p.kind === 'pong').length).toBeGreaterThan(3);
    expect(golden.flags).toBe(ERROR_FLAGS.unknownOp | ERROR_FLAGS.axonRange);
    expect(errors.reduce((f, p) => f | (p.kind === 'error' ? p.flags : 0), 0)).toBe(golden.flags);
    expect(core.transactions.filter((t) => t.kind === 'tick')).toHaveLength(steps);
    sim.close();
  });

  it('reports a framing error and drops the byte', () => {
    const { sim, bench, device } = makeBench(5);
    // The bad frame would be a tick; it must not reach the core.
    const frames: UartFrame[] = [{ byte: 0x02, stopBit: 0 }, ...[...encodeHostPackets([{ kind: 'ping', value: 0x1234 }])].map((byte, i) => ({ byte, idleBefore: i === 0 ? 1 : 0 }))];
    bench.drive(serializeUart(frames, CPB));
    bench.runUntil(() => device.some((p) => p.kind === 'pong'), 20_000, 'pong');
    bench.step(40 * CPB);
    expect(device).toEqual([
      { kind: 'error', flags: ERROR_FLAGS.frame },
      { kind: 'pong', value: 0x1234 },
    ]);
    sim.close();
  });

  it('reports an overrun when the host sends more than the FIFO holds while the core stalls', () => {
    const { sim, bench, core, device } = makeBench(6);
    core.stallAll = true;
    // A tick the core does not take blocks the parser; then more bytes than the FIFO (64) and the receiver (1) hold.
    const bytes = encodeHostPackets([{ kind: 'tick' }, ...Array.from({ length: 30 }, (_, i): HostPacket => ({ kind: 'spike', axon: i }))]);
    expect(bytes.length).toBe(91);
    bench.drive(serializeUart([...bytes], CPB));
    bench.runUntil(() => bench.driving === 0, 100_000, 'host bytes');
    bench.step(10 * CPB);
    expect(device.length).toBeGreaterThan(0);
    expect(device.every((p) => p.kind === 'error' && p.flags === ERROR_FLAGS.overrun)).toBe(true);
    core.stallAll = false;
    bench.runUntil(() => device.some((p) => p.kind === 'tick-done'), 100_000, 'tick done');
    bench.step(2000 * CPB);
    // The FIFO took the 64 bytes after the tick and the receiver held one more: events 0..20 (63 bytes), then the
    // opcode and low byte of event 21, which waits for a high byte that was lost. Bytes 66..91 were overruns.
    expect(core.transactions).toEqual([{ kind: 'tick' }, ...Array.from({ length: 21 }, (_, i): BridgeTransaction => ({ kind: 'event', axon: i }))]);
    expect(device.filter((p) => p.kind === 'error').every((p) => p.kind === 'error' && p.flags === ERROR_FLAGS.overrun)).toBe(true);
    sim.close();
  });

  describe('weight port (weightWords > 0)', () => {
    // 3 banks of 12 words of 12 bits: addresses bank << 4 | word, 6 bits; data in 2 bytes.
    const WP: SpikeBridgeParams = { ...PARAMS, weightWords: 12, weightBanks: 3, weightWordWidth: 12 };
    const shape = { axonWidth: WP.axonWidth, weightWords: 12, weightBanks: 3, weightWordWidth: 12 };

    /** A model that logs what the core is asked to do, in order. */
    class LoggingModel extends RandomCoreModel {
      readonly log: string[] = [];
      override apply(t: BridgeTransaction): number[] {
        this.log.push(t.kind === 'tick' ? 'tick' : `event ${t.axon}`);
        return super.apply(t);
      }
      writeWeightWord(address: number, data: bigint): void {
        this.log.push(`write ${address} ${data}`);
      }
    }

    it('writes weight words between transactions, only while the core is idle, as the golden model orders them', () => {
      const seed = 13;
      const { sim, bench, core, device } = makeBench(seed, WP);
      const rng = floatStream(seed * 5);
      const hostBytes: number[] = [];
      const steps = 16;
      for (let s = 0; s < steps; s++) {
        const packets: HostPacket[] = [];
        for (let k = randomInt(rng, 2, 7); k > 0; k--) {
          const r = rng();
          if (r < 0.45) packets.push({ kind: 'spike', axon: randomInt(rng, 0, 63) });
          else if (r < 0.85) {
            // Mostly good addresses; now and then a missing bank (3), a word past 12, or data past 12 bits.
            const bank = rng() < 0.1 ? 3 : randomInt(rng, 0, 2);
            const word = rng() < 0.1 ? randomInt(rng, 12, 15) : randomInt(rng, 0, 11);
            const data = BigInt(rng() < 0.1 ? randomInt(rng, 4096, 65535) : randomInt(rng, 0, 4095));
            packets.push({ kind: 'weight', address: (bank << 4) | word, data });
          } else packets.push({ kind: 'ping', value: randomInt(rng, 0, 65535) });
        }
        packets.push({ kind: 'tick' });
        // The encoder refuses data past 12 bits; the bad ones go in by hand.
        const bytes = packets.flatMap((p) => (p.kind === 'weight' ? [0x04, p.address & 0xff, p.address >> 8, Number(p.data & 0xffn), Number(p.data >> 8n)] : [...encodeHostPackets([p])]));
        hostBytes.push(...bytes);
        bench.drive(serializeUart(bytes, CPB, { leadIn: randomInt(rng, 0, 20) }));
        bench.runUntil(() => device.filter((p) => p.kind === 'tick-done').length === s + 1, 200_000, `step ${s}`);
      }
      bench.step(40 * CPB);
      const model = new LoggingModel(seed);
      const golden = bridgeResponse(hostBytes, shape, model);
      expect(device.filter((p) => p.kind !== 'error')).toEqual(golden.packets);
      expect(core.log).toEqual(model.log);
      expect(core.writesWhileBusy).toBe(0);
      const writes = model.log.filter((l) => l.startsWith('write')).length;
      expect(writes).toBeGreaterThan(15);
      expect(golden.flags).toBe(ERROR_FLAGS.weightRange | ERROR_FLAGS.weightData);
      const raised = device.reduce((f, p) => f | (p.kind === 'error' ? p.flags : 0), 0);
      expect(raised).toBe(golden.flags);
      sim.close();
    });

    it('a ping after the writes is answered after the last write', () => {
      const { sim, bench, core, device } = makeBench(3, WP);
      core.stallAll = false;
      const bytes = encodeHostPackets([{ kind: 'weight', address: 0x20 | 11, data: 0xabcn }, { kind: 'weight', address: 0, data: 1n }, { kind: 'ping', value: 0x5744 }], { weightWordWidth: 12 });
      bench.drive(serializeUart([...bytes], CPB));
      let writesAtPong = -1;
      bench.runUntil(
        () => {
          if (writesAtPong < 0 && bench.txBytes.length > 0) writesAtPong = core.log.length;
          return device.some((p) => p.kind === 'pong');
        },
        20_000,
        'pong',
      );
      // The pong's first byte was on the line only after both writes.
      expect(writesAtPong).toBe(2);
      expect(core.log).toEqual([`write ${0x20 | 11} ${0xabc}`, 'write 0 1']);
      expect(device).toEqual([{ kind: 'pong', value: 0x5744 }]);
      sim.close();
    });

    it('without a weight port, 0x04 is flagged unknownOp and the bridge has no wload ports', () => {
      const ir = elaborate(SpikeBridge, PARAMS);
      const top = ir.modules.find((m) => m.name === ir.top)!;
      expect(top.ports.some((p) => p.name.startsWith('core_wload'))).toBe(false);
      const { sim, bench, device } = makeBench(4);
      bench.drive(serializeUart([0x04, ...encodeHostPackets([{ kind: 'ping', value: 1 }])], CPB));
      bench.runUntil(() => device.some((p) => p.kind === 'pong'), 20_000, 'pong');
      bench.step(40 * CPB);
      expect(device).toEqual([
        { kind: 'error', flags: ERROR_FLAGS.unknownOp },
        { kind: 'pong', value: 1 },
      ]);
      sim.close();
    });

    it('rejects weight parameters it cannot serve, naming them', () => {
      expect(() => elaborate(SpikeBridge, { ...WP, weightWords: 4096, weightBanks: 32 })).toThrow(/weightWords: 32 bank\(s\) of 4096 words need a 17-bit word address; the write-weight packet carries 16 bits/);
      expect(() => elaborate(SpikeBridge, { ...WP, weightWordWidth: 0 })).toThrow(/weightWordWidth: must be an integer between 1 and 1024, got 0/);
      expect(() => elaborate(SpikeBridge, { ...WP, weightWords: -3 })).toThrow(/weightWords: must be 0 \(no weight loading\)/);
    });
  });
});
