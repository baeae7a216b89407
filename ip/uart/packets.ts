// The spike-bridge packet format (docs/ip/uart.md), as plain functions that
// host software and the testbenches share. Every packet starts with an
// opcode byte; 16-bit fields are little-endian (low byte first).
//
//   host -> device                      device -> host
//   0x00            no-op               0x81 n_lo n_hi   output spike of neuron n
//   0x01 a_lo a_hi  input spike, axon a 0x82 s_lo s_hi   tick done: step s finished
//   0x02            tick (end of step)  0x83 v_lo v_hi   pong (answer to ping v)
//   0x03 v_lo v_hi  ping                0x8E f    0x00   error flags f (ERROR_FLAGS)
//   0x04 a_lo a_hi d0 .. d(k-1)
//                   write weight word a = d (k = ceil(wordWidth / 8) bytes, d0 lowest)
import { addrWidth } from '../../hdl/index.ts';
import { assertValidCoreParams, coreGeometry, weightLoadWords, type CoreParams } from '../core/params.ts';

export const HOST_OP = { nop: 0x00, spike: 0x01, tick: 0x02, ping: 0x03, weight: 0x04 } as const;
export const DEVICE_OP = { spike: 0x81, tickDone: 0x82, pong: 0x83, error: 0x8e } as const;

/** Bits of the error packet's flag byte. */
export const ERROR_FLAGS = {
  /** A UART frame with a stop bit of 0 was received; its byte was dropped. */
  frame: 0x01,
  /** A byte arrived while the receive buffer was full; it was dropped. */
  overrun: 0x02,
  /** A byte that is not an opcode arrived where an opcode was expected; it was ignored. */
  unknownOp: 0x04,
  /** An input spike named an axon past the core's axon address width; it was dropped. */
  axonRange: 0x08,
  /** A weight write named a word past the core's weight memory; it was dropped. */
  weightRange: 0x10,
  /** A weight write set data bits above the weight word width; it was dropped. */
  weightData: 0x20,
} as const;

export type HostPacket =
  | { kind: 'nop' }
  | { kind: 'spike'; axon: number }
  | { kind: 'tick' }
  | { kind: 'ping'; value: number }
  /** Write weight word `address` of the core's weight memory (ip/core `weightLoad: 'runtime'`). */
  | { kind: 'weight'; address: number; data: bigint };

/** Bytes of a weight packet's data field: ceil(wordWidth / 8). */
export function weightDataBytes(wordWidth: number): number {
  return Math.ceil(wordWidth / 8);
}

/** Bytes of a whole weight packet: opcode, 16-bit address, data. */
export function weightPacketBytes(wordWidth: number): number {
  return 3 + weightDataBytes(wordWidth);
}

/** Largest weight word width the packets carry (ip/synapse's limit). */
export const MAX_WEIGHT_WORD_WIDTH = 1024;

function checkWordWidth(wordWidth: number | undefined): number {
  if (wordWidth === undefined) throw new RangeError('a weight packet needs the weight word width: encodeHostPackets(packets, { weightWordWidth })');
  if (!Number.isInteger(wordWidth) || wordWidth < 1 || wordWidth > MAX_WEIGHT_WORD_WIDTH) {
    throw new RangeError(`weight word width ${wordWidth} is not an integer between 1 and ${MAX_WEIGHT_WORD_WIDTH}`);
  }
  return wordWidth;
}

export type DevicePacket =
  | { kind: 'spike'; neuron: number }
  | { kind: 'tick-done'; step: number }
  | { kind: 'pong'; value: number }
  | { kind: 'error'; flags: number };

function u16(x: number, what: string): [number, number] {
  if (!Number.isInteger(x) || x < 0 || x > 0xffff) throw new RangeError(`${what} ${x} does not fit the 16-bit packet field (0..65535)`);
  return [x & 0xff, x >> 8];
}

export interface HostEncodeOptions {
  /** Bits of a weight word (the core's wordWidth): sets the data bytes of weight packets. */
  weightWordWidth?: number;
}

/** The bytes the host sends for `packets`. Weight packets need `weightWordWidth`. */
export function encodeHostPackets(packets: readonly HostPacket[], opts: HostEncodeOptions = {}): Uint8Array {
  const out: number[] = [];
  for (const p of packets) {
    switch (p.kind) {
      case 'nop':
        out.push(HOST_OP.nop);
        break;
      case 'spike':
        out.push(HOST_OP.spike, ...u16(p.axon, 'axon'));
        break;
      case 'tick':
        out.push(HOST_OP.tick);
        break;
      case 'ping':
        out.push(HOST_OP.ping, ...u16(p.value, 'ping value'));
        break;
      case 'weight': {
        const ww = checkWordWidth(opts.weightWordWidth);
        if (typeof p.data !== 'bigint' || p.data < 0n || p.data >= 1n << BigInt(ww)) {
          throw new RangeError(`weight word ${String(p.data)} at address ${p.address} does not fit ${ww} bits (0..2^${ww}-1)`);
        }
        out.push(HOST_OP.weight, ...u16(p.address, 'weight word address'));
        for (let k = 0; k < weightDataBytes(ww); k++) out.push(Number((p.data >> BigInt(8 * k)) & 0xffn));
        break;
      }
    }
  }
  return Uint8Array.from(out);
}

export interface WeightLoadOptions {
  /**
   * A ping sent after the last word (default WEIGHT_LOAD_PING): its pong
   * comes back once every word is written (a ping is a barrier, and a write
   * takes effect before the bridge reads the byte after it). null: no ping.
   */
  ping?: number | null;
}

/** The default ping value that ends a weight load ("WL"). */
export const WEIGHT_LOAD_PING = 0x574c;

/** One word write: the core's wload address and the packed word. */
export interface WeightWrite {
  addr: number;
  data: bigint;
}

/** The host packets for `writes` (in order), then (by default) a ping. */
export function weightLoadPackets(writes: readonly WeightWrite[], opts: WeightLoadOptions = {}): HostPacket[] {
  const packets: HostPacket[] = writes.map((w) => ({ kind: 'weight', address: w.addr, data: w.data }));
  const ping = opts.ping === undefined ? WEIGHT_LOAD_PING : opts.ping;
  if (ping !== null) packets.push({ kind: 'ping', value: ping });
  return packets;
}

/** The bytes of `writes` with `wordWidth`-bit words, then (by default) the ping whose pong says the load is done. */
export function encodeWeightLoad(writes: readonly WeightWrite[], wordWidth: number, opts: WeightLoadOptions = {}): Uint8Array {
  return encodeHostPackets(weightLoadPackets(writes, opts), { weightWordWidth: wordWidth });
}

/**
 * The bytes that load a core's weight matrix: every word of ip/core's
 * `weightLoadWords(p)` (the packed layout of p.weights, lane by lane) as a
 * write-weight packet, then a ping. The core must be built with
 * `weightLoad: 'runtime'`; send the bytes, wait for the pong
 * (`{ kind: 'pong', value: WEIGHT_LOAD_PING }`), then run.
 */
export function encodeCoreWeightLoad(p: CoreParams, opts: WeightLoadOptions = {}): Uint8Array {
  if ((p.weightLoad ?? 'init') !== 'runtime') throw new RangeError("encodeCoreWeightLoad: the core loads its weights at configuration (weightLoad is not 'runtime'); there is nothing to send");
  assertValidCoreParams(p);
  return encodeWeightLoad(weightLoadWords(p), p.wordWidth, opts);
}

/** What the bridge must know of a core (parseHostBytes, bridgeResponse, SpikeBridgeParams). */
export function coreBridgeShape(p: CoreParams): BridgeShape {
  const g = coreGeometry(p);
  if ((p.weightLoad ?? 'init') !== 'runtime') return { axonWidth: g.axonWidth };
  return { axonWidth: g.axonWidth, weightWords: g.weights.depth, weightBanks: p.lanes, weightWordWidth: p.wordWidth };
}

/** The bytes the device sends for `packets` (what the bridge hardware must produce). */
export function encodeDevicePackets(packets: readonly DevicePacket[]): Uint8Array {
  const out: number[] = [];
  for (const p of packets) {
    switch (p.kind) {
      case 'spike':
        out.push(DEVICE_OP.spike, ...u16(p.neuron, 'neuron'));
        break;
      case 'tick-done':
        out.push(DEVICE_OP.tickDone, ...u16(p.step, 'step'));
        break;
      case 'pong':
        out.push(DEVICE_OP.pong, ...u16(p.value, 'ping value'));
        break;
      case 'error':
        if (!Number.isInteger(p.flags) || p.flags < 0 || p.flags > 0xff) throw new RangeError(`error flags ${p.flags} are not a byte`);
        out.push(DEVICE_OP.error, p.flags, 0);
        break;
    }
  }
  return Uint8Array.from(out);
}

/**
 * Incremental decoder of the device's byte stream for host software: `push`
 * takes whatever bytes arrived and returns the packets they complete; a
 * packet split across reads is kept until its last byte comes. A byte that is
 * not a device opcode where one is expected is skipped and counted in
 * `skipped` (the host resynchronises on the next opcode).
 */
export class DevicePacketDecoder {
  private buf: number[] = [];
  skipped = 0;

  push(bytes: ArrayLike<number>): DevicePacket[] {
    const out: DevicePacket[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.buf.length === 0 && !isDeviceOp(b)) {
        this.skipped++;
        continue;
      }
      this.buf.push(b);
      if (this.buf.length < 3) continue;
      const [op, lo, hi] = this.buf as [number, number, number];
      this.buf = [];
      const v = lo | (hi << 8);
      if (op === DEVICE_OP.spike) out.push({ kind: 'spike', neuron: v });
      else if (op === DEVICE_OP.tickDone) out.push({ kind: 'tick-done', step: v });
      else if (op === DEVICE_OP.pong) out.push({ kind: 'pong', value: v });
      else out.push({ kind: 'error', flags: lo });
    }
    return out;
  }

  /** Bytes of an unfinished packet. */
  get pending(): number {
    return this.buf.length;
  }
}

function isDeviceOp(b: number): boolean {
  return b === DEVICE_OP.spike || b === DEVICE_OP.tickDone || b === DEVICE_OP.pong || b === DEVICE_OP.error;
}

/**
 * Decodes a complete device byte stream. Throws on a byte that is not a
 * device opcode where one is expected, and on a packet cut off at the end.
 */
export function decodeDevicePackets(bytes: ArrayLike<number>): DevicePacket[] {
  const d = new DevicePacketDecoder();
  const packets = d.push(bytes);
  if (d.skipped > 0) throw new Error(`device stream holds ${d.skipped} byte(s) that are not packet opcodes`);
  if (d.pending > 0) throw new Error(`device stream ends inside a packet (${d.pending} of 3 bytes)`);
  return packets;
}

/** What the bridge's parser makes of host bytes: the packets it acts on and the error flags it raises. */
export interface ParsedHostBytes {
  /** Packets in order; no-ops, unknown bytes, out-of-range spikes and bad weight writes are left out. */
  packets: Exclude<HostPacket, { kind: 'nop' }>[];
  /** OR of the parser's ERROR_FLAGS (unknownOp, axonRange, weightRange, weightData) as raised. */
  flags: number;
  /** Bytes of a packet that the stream ends inside. */
  pending: number;
}

/** What the parser knows of the core behind the bridge. */
export interface BridgeShape {
  /** Bits of the core's axon address. */
  axonWidth: number;
  /** Words of each weight bank; 0 (default): the core loads no weights and 0x04 is an unknown opcode. */
  weightWords?: number;
  /** Weight banks (ip/core: one per lane; default 1). */
  weightBanks?: number;
  /** Bits of a weight word (needed when weightWords > 0). */
  weightWordWidth?: number;
}

/**
 * The weight address map (ip/core): `bank << bankBits | word`, bankBits =
 * addrWidth(weightWords), bank bits = 0 for one bank else addrWidth(banks).
 */
export function weightAddressMap(weightWords: number, weightBanks = 1): { bankBits: number; bankSelectBits: number; width: number } {
  const bankBits = addrWidth(weightWords);
  const bankSelectBits = weightBanks > 1 ? addrWidth(weightBanks) : 0;
  return { bankBits, bankSelectBits, width: bankBits + bankSelectBits };
}

/** Whether a write-weight address names a word of the memory: a bank that exists, a word inside it. */
export function weightAddressOk(address: number, weightWords: number, weightBanks = 1): boolean {
  const { bankBits, width } = weightAddressMap(weightWords, weightBanks);
  if (!Number.isInteger(address) || address < 0 || address >= 2 ** width) return false;
  return address % 2 ** bankBits < weightWords && Math.floor(address / 2 ** bankBits) < weightBanks;
}

/**
 * The bridge's parser as a golden model: host bytes in, the packets it
 * executes out. An input spike whose axon does not fit `axonWidth` bits is
 * dropped (flag axonRange); a byte that is not an opcode is ignored (flag
 * unknownOp). With a weight port, a weight write whose address names no word
 * (weightAddressOk) is dropped (flag weightRange), and one whose data has bits
 * set above `weightWordWidth` is dropped (flag weightData); without one, 0x04
 * is an unknown opcode like any other, and the bytes after it are read as
 * opcodes. A number is the axon width of a bridge without a weight port.
 */
export function parseHostBytes(bytes: ArrayLike<number>, shape: number | BridgeShape): ParsedHostBytes {
  const { axonWidth, weightWords = 0, weightBanks = 1, weightWordWidth } = typeof shape === 'number' ? { axonWidth: shape } : shape;
  const dataBytes = weightWords > 0 ? weightDataBytes(checkWordWidth(weightWordWidth)) : 0;
  const packets: ParsedHostBytes['packets'] = [];
  let flags = 0;
  let i = 0;
  while (i < bytes.length) {
    const op = bytes[i]!;
    if (op === HOST_OP.nop) {
      i++;
    } else if (op === HOST_OP.tick) {
      packets.push({ kind: 'tick' });
      i++;
    } else if (op === HOST_OP.weight && weightWords > 0) {
      if (i + 3 + dataBytes > bytes.length) return { packets, flags, pending: bytes.length - i };
      const address = bytes[i + 1]! | (bytes[i + 2]! << 8);
      let data = 0n;
      for (let k = 0; k < dataBytes; k++) data |= BigInt(bytes[i + 3 + k]!) << BigInt(8 * k);
      // Both checks apply: a packet that breaks both raises both flags.
      const badAddress = !weightAddressOk(address, weightWords, weightBanks);
      const badData = data >> BigInt(weightWordWidth!) !== 0n;
      if (badAddress) flags |= ERROR_FLAGS.weightRange;
      if (badData) flags |= ERROR_FLAGS.weightData;
      if (!badAddress && !badData) packets.push({ kind: 'weight', address, data });
      i += 3 + dataBytes;
    } else if (op === HOST_OP.spike || op === HOST_OP.ping) {
      if (i + 3 > bytes.length) return { packets, flags, pending: bytes.length - i };
      const v = bytes[i + 1]! | (bytes[i + 2]! << 8);
      if (op === HOST_OP.ping) packets.push({ kind: 'ping', value: v });
      else if (v < 2 ** axonWidth) packets.push({ kind: 'spike', axon: v });
      else flags |= ERROR_FLAGS.axonRange;
      i += 3;
    } else {
      flags |= ERROR_FLAGS.unknownOp;
      i++;
    }
  }
  return { packets, flags, pending: 0 };
}
