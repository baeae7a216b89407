// The spike-bridge packet format (docs/ip/uart.md), as plain functions that
// host software and the testbenches share. Every packet starts with an
// opcode byte; 16-bit fields are little-endian (low byte first).
//
//   host -> device                      device -> host
//   0x00            no-op               0x81 n_lo n_hi   output spike of neuron n
//   0x01 a_lo a_hi  input spike, axon a 0x82 s_lo s_hi   tick done: step s finished
//   0x02            tick (end of step)  0x83 v_lo v_hi   pong (answer to ping v)
//   0x03 v_lo v_hi  ping                0x8E f    0x00   error flags f (ERROR_FLAGS)

export const HOST_OP = { nop: 0x00, spike: 0x01, tick: 0x02, ping: 0x03 } as const;
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
} as const;

export type HostPacket = { kind: 'nop' } | { kind: 'spike'; axon: number } | { kind: 'tick' } | { kind: 'ping'; value: number };

export type DevicePacket =
  | { kind: 'spike'; neuron: number }
  | { kind: 'tick-done'; step: number }
  | { kind: 'pong'; value: number }
  | { kind: 'error'; flags: number };

function u16(x: number, what: string): [number, number] {
  if (!Number.isInteger(x) || x < 0 || x > 0xffff) throw new RangeError(`${what} ${x} does not fit the 16-bit packet field (0..65535)`);
  return [x & 0xff, x >> 8];
}

/** The bytes the host sends for `packets`. */
export function encodeHostPackets(packets: readonly HostPacket[]): Uint8Array {
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
    }
  }
  return Uint8Array.from(out);
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
  /** Packets in order; no-ops, unknown bytes and out-of-range spikes are left out. */
  packets: Exclude<HostPacket, { kind: 'nop' }>[];
  /** OR of ERROR_FLAGS.unknownOp and ERROR_FLAGS.axonRange as raised. */
  flags: number;
  /** Bytes of a packet that the stream ends inside. */
  pending: number;
}

/**
 * The bridge's parser as a golden model: host bytes in, the packets it
 * executes out. An input spike whose axon does not fit `axonWidth` bits is
 * dropped (flag axonRange); a byte that is not an opcode is ignored (flag
 * unknownOp).
 */
export function parseHostBytes(bytes: ArrayLike<number>, axonWidth: number): ParsedHostBytes {
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
