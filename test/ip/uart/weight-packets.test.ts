// The write-weight packet (opcode 0x04): its byte layout (16-bit address, then
// ceil(wordWidth / 8) data bytes, both low byte first), the encoder's checks,
// the parser's golden model for good and bad writes (address past the
// memory, data wider than a word, a bridge without a weight port), and the
// host helper that turns a core's weight matrix into packet bytes.
import { describe, expect, it } from 'vitest';
import { CoreModel, defaultCoreParams, type CoreParams } from '../../../ip/core/index.ts';
import { tinyOdinLif } from '../../../ip/neuron/index.ts';
import {
  bridgeResponse,
  coreBridgeShape,
  encodeCoreWeightLoad,
  encodeHostPackets,
  encodeWeightLoad,
  ERROR_FLAGS,
  HOST_OP,
  parseHostBytes,
  WEIGHT_LOAD_PING,
  weightAddressOk,
  type HostPacket,
} from '../../../ip/uart/index.ts';
import { floatStream, randomInt } from './harness.ts';

describe('write-weight packets', () => {
  it('lays the packet out as documented: 04, address low/high, data bytes low first', () => {
    expect(HOST_OP.weight).toBe(0x04);
    const w16 = encodeHostPackets([{ kind: 'weight', address: 0x1234, data: 0xbeefn }], { weightWordWidth: 16 });
    expect([...w16]).toEqual([0x04, 0x34, 0x12, 0xef, 0xbe]);
    // 12-bit words take two bytes, 32-bit four, 4-bit one.
    expect([...encodeHostPackets([{ kind: 'weight', address: 3, data: 0xabcn }], { weightWordWidth: 12 })]).toEqual([0x04, 0x03, 0x00, 0xbc, 0x0a]);
    expect([...encodeHostPackets([{ kind: 'weight', address: 0x0100, data: 0x01020304n }], { weightWordWidth: 32 })]).toEqual([0x04, 0x00, 0x01, 0x04, 0x03, 0x02, 0x01]);
    expect([...encodeHostPackets([{ kind: 'weight', address: 0, data: 9n }, { kind: 'tick' }], { weightWordWidth: 4 })]).toEqual([0x04, 0x00, 0x00, 0x09, 0x02]);
  });

  it('refuses what cannot be encoded, naming it', () => {
    expect(() => encodeHostPackets([{ kind: 'weight', address: 0, data: 1n }])).toThrow(/weight word width/);
    expect(() => encodeHostPackets([{ kind: 'weight', address: 0, data: 16n }], { weightWordWidth: 4 })).toThrow(/weight word 16 at address 0 does not fit 4 bits/);
    expect(() => encodeHostPackets([{ kind: 'weight', address: 0, data: -1n }], { weightWordWidth: 4 })).toThrow(/does not fit 4 bits/);
    expect(() => encodeHostPackets([{ kind: 'weight', address: 70000, data: 0n }], { weightWordWidth: 8 })).toThrow(/weight word address 70000/);
  });

  it('round-trips random writes of every word width through the parser', () => {
    const rng = floatStream(21);
    for (const ww of [1, 4, 7, 8, 9, 16, 24, 32, 33, 64]) {
      const words = 300;
      const packets: HostPacket[] = [];
      for (let i = 0; i < 40; i++) {
        const r = rng();
        if (r < 0.6) {
          let data = 0n;
          for (let b = 0; b < ww; b++) if (rng() < 0.5) data |= 1n << BigInt(b);
          packets.push({ kind: 'weight', address: randomInt(rng, 0, words - 1), data });
        } else if (r < 0.8) packets.push({ kind: 'spike', axon: randomInt(rng, 0, 255) });
        else if (r < 0.9) packets.push({ kind: 'tick' });
        else packets.push({ kind: 'ping', value: randomInt(rng, 0, 65535) });
      }
      const bytes = encodeHostPackets(packets, { weightWordWidth: ww });
      const parsed = parseHostBytes(bytes, { axonWidth: 8, weightWords: words, weightWordWidth: ww });
      expect(parsed).toEqual({ packets, flags: 0, pending: 0 });
      // A stream cut inside a weight packet leaves its bytes pending.
      const cut = parseHostBytes([...bytes, 0x04, 0x01], { axonWidth: 8, weightWords: words, weightWordWidth: ww });
      expect(cut.pending).toBe(2);
    }
  });

  it('drops a write past the memory (weightRange) or with bits above the word (weightData), and goes on', () => {
    const shape = { axonWidth: 4, weightWords: 12, weightWordWidth: 12 };
    const bytes = [
      0x04, 12, 0, 0x11, 0x01, // word 12 of 12: past the memory
      0x04, 0, 0x80, 0x11, 0x01, // address 0x8000
      0x04, 5, 0, 0xff, 0x1f, // 0x1fff has bit 12 set: wider than 12 bits
      0x04, 11, 0, 0xff, 0x0f, // the last word, all ones: fine
      0x01, 3, 0, // a spike after them is read as one
    ];
    const parsed = parseHostBytes(bytes, shape);
    expect(parsed.packets).toEqual([{ kind: 'weight', address: 11, data: 0xfffn }, { kind: 'spike', axon: 3 }]);
    expect(parsed.flags).toBe(ERROR_FLAGS.weightRange | ERROR_FLAGS.weightData);
    expect(parseHostBytes([0x04, 12, 0, 0xff, 0xff], shape).flags).toBe(ERROR_FLAGS.weightRange | ERROR_FLAGS.weightData);
    expect(ERROR_FLAGS.weightRange).toBe(0x10);
    expect(ERROR_FLAGS.weightData).toBe(0x20);
  });

  it('checks banked addresses: bank << addrWidth(words) | word', () => {
    // 3 banks of 12 words: 4 word bits, 2 bank bits.
    expect(weightAddressOk(0, 12, 3)).toBe(true);
    expect(weightAddressOk(11, 12, 3)).toBe(true);
    expect(weightAddressOk(12, 12, 3)).toBe(false);
    expect(weightAddressOk(16 + 11, 12, 3)).toBe(true);
    expect(weightAddressOk(32 + 5, 12, 3)).toBe(true);
    expect(weightAddressOk(48, 12, 3)).toBe(false);
    expect(weightAddressOk(64, 12, 3)).toBe(false);
    expect(weightAddressOk(16, 16, 1)).toBe(false);
    expect(weightAddressOk(65535, 65536, 1)).toBe(true);
    const flags = parseHostBytes([0x04, 48, 0, 1, 0x04, 16 + 3, 0, 2], { axonWidth: 2, weightWords: 12, weightBanks: 3, weightWordWidth: 8 });
    expect(flags.packets).toEqual([{ kind: 'weight', address: 19, data: 2n }]);
    expect(flags.flags).toBe(ERROR_FLAGS.weightRange);
  });

  it('without a weight port, 0x04 is an unknown opcode and the bytes after it are opcodes', () => {
    const parsed = parseHostBytes([0x04, 0x02, 0x01, 0x05, 0x00], 8);
    expect(parsed.packets).toEqual([{ kind: 'tick' }, { kind: 'spike', axon: 5 }]);
    expect(parsed.flags).toBe(ERROR_FLAGS.unknownOp);
  });
});

function runtimeCore(neurons: number, axons: number, lanes: number, wordWidth: number, seed: number): CoreParams {
  const rng = floatStream(seed);
  const weights = Array.from({ length: axons }, () => Array.from({ length: neurons }, () => randomInt(rng, -8, 7)));
  return { ...defaultCoreParams, neurons, axons, lanes, wordWidth, weights, neuron: tinyOdinLif({ threshold: 10, leakStrength: 1 }), outputFifoDepth: 4, weightLoad: 'runtime' };
}

describe('loading a weight matrix (host helper)', () => {
  it('writes every weight: a model loaded through the packets behaves as one built with the matrix', () => {
    for (const [neurons, axons, lanes, wordWidth] of [
      [16, 16, 1, 32],
      [12, 10, 2, 16],
      [24, 5, 3, 12],
    ] as const) {
      const p = runtimeCore(neurons, axons, lanes, wordWidth, neurons + axons);
      const load = encodeCoreWeightLoad(p);
      // Every packet is 3 + ceil(wordWidth / 8) bytes; the load ends with a ping of WEIGHT_LOAD_PING.
      expect([...load.slice(-3)]).toEqual([HOST_OP.ping, WEIGHT_LOAD_PING & 0xff, WEIGHT_LOAD_PING >> 8]);
      expect((load.length - 3) % (3 + Math.ceil(wordWidth / 8))).toBe(0);
      // The same spikes from a model that starts with zero weights and gets the load...
      const blank = { ...p, weights: p.weights.map((r) => r.map(() => 0)) };
      const rng = floatStream(7);
      const traffic: HostPacket[] = [];
      for (let i = 0; i < 60; i++) traffic.push(rng() < 0.8 ? { kind: 'spike', axon: randomInt(rng, 0, axons - 1) } : { kind: 'tick' });
      const stream = [...load, ...encodeHostPackets(traffic)];
      const loaded = bridgeResponse(stream, coreBridgeShape(p), new CoreModel(blank));
      // ...as from a model built with the matrix that gets only the traffic.
      const direct = bridgeResponse(encodeHostPackets(traffic), coreBridgeShape(p), new CoreModel(p));
      expect(loaded.flags).toBe(0);
      expect(loaded.packets[0]).toEqual({ kind: 'pong', value: WEIGHT_LOAD_PING });
      expect(loaded.packets.slice(1)).toEqual(direct.packets);
      expect(direct.packets.filter((x) => x.kind === 'spike').length).toBeGreaterThan(5);
    }
  });

  it('refuses a core that loads its weights at configuration', () => {
    const p = { ...runtimeCore(4, 4, 1, 16, 1), weightLoad: 'init' as const };
    expect(() => encodeCoreWeightLoad(p)).toThrow(/weightLoad is not 'runtime'/);
  });

  it('encodes explicit writes, with or without the closing ping', () => {
    const bytes = encodeWeightLoad([{ addr: 2, data: 0x35n }, { addr: 3, data: 0x7n }], 8, { ping: null });
    expect([...bytes]).toEqual([0x04, 2, 0, 0x35, 0x04, 3, 0, 0x07]);
    expect([...encodeWeightLoad([], 8, { ping: 0x0102 })]).toEqual([0x03, 0x02, 0x01]);
  });
});
