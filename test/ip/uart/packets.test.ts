// The packet codec: the byte layout of docs/ip/uart.md (opcode, then 16-bit
// fields low byte first), round trips, streaming decode and resynchronisation,
// and the parser's golden model (unknown opcodes, axons out of range).
import { describe, expect, it } from 'vitest';
import {
  bridgeResponse,
  decodeDevicePackets,
  DevicePacketDecoder,
  encodeDevicePackets,
  encodeHostPackets,
  ERROR_FLAGS,
  parseHostBytes,
  type DevicePacket,
  type HostPacket,
} from '../../../ip/uart/index.ts';

describe('spike bridge packets', () => {
  it('lays host packets out as documented', () => {
    const bytes = encodeHostPackets([{ kind: 'spike', axon: 0x1234 }, { kind: 'tick' }, { kind: 'ping', value: 0xbeef }, { kind: 'nop' }, { kind: 'spike', axon: 5 }]);
    expect([...bytes]).toEqual([0x01, 0x34, 0x12, 0x02, 0x03, 0xef, 0xbe, 0x00, 0x01, 0x05, 0x00]);
    expect(() => encodeHostPackets([{ kind: 'spike', axon: 65536 }])).toThrow(/axon 65536/);
    expect(() => encodeHostPackets([{ kind: 'spike', axon: -1 }])).toThrow(/axon -1/);
  });

  it('lays device packets out as documented and decodes them back', () => {
    const packets: DevicePacket[] = [
      { kind: 'spike', neuron: 0x0203 },
      { kind: 'tick-done', step: 0x1001 },
      { kind: 'pong', value: 0xbeef },
      { kind: 'error', flags: ERROR_FLAGS.frame | ERROR_FLAGS.axonRange },
    ];
    const bytes = encodeDevicePackets(packets);
    expect([...bytes]).toEqual([0x81, 0x03, 0x02, 0x82, 0x01, 0x10, 0x83, 0xef, 0xbe, 0x8e, 0x09, 0x00]);
    expect(decodeDevicePackets(bytes)).toEqual(packets);
  });

  it('decodes a stream split at any point, and skips junk to resynchronise', () => {
    const packets: DevicePacket[] = Array.from({ length: 20 }, (_, i): DevicePacket => (i % 5 === 4 ? { kind: 'tick-done', step: i } : { kind: 'spike', neuron: i * 37 }));
    const bytes = encodeDevicePackets(packets);
    for (const cut of [1, 2, 4, 7]) {
      const d = new DevicePacketDecoder();
      const got: DevicePacket[] = [];
      for (let i = 0; i < bytes.length; i += cut) got.push(...d.push(bytes.subarray(i, i + cut)));
      expect(got).toEqual(packets);
      expect(d.pending).toBe(0);
    }
    const d = new DevicePacketDecoder();
    expect(d.push([0x00, 0x42, ...encodeDevicePackets([{ kind: 'spike', neuron: 9 }])])).toEqual([{ kind: 'spike', neuron: 9 }]);
    expect(d.skipped).toBe(2);
    expect(() => decodeDevicePackets([0x81, 0x01])).toThrow(/ends inside a packet/);
    expect(() => decodeDevicePackets([0x55])).toThrow(/not packet opcodes/);
  });

  it('parses host bytes as the bridge does', () => {
    const host: HostPacket[] = [{ kind: 'spike', axon: 3 }, { kind: 'nop' }, { kind: 'tick' }, { kind: 'spike', axon: 300 }, { kind: 'ping', value: 7 }];
    const bytes = [...encodeHostPackets(host), 0x7f, ...encodeHostPackets([{ kind: 'spike', axon: 255 }]), 0x01, 0x02];
    const parsed = parseHostBytes(bytes, 8);
    expect(parsed.packets).toEqual([{ kind: 'spike', axon: 3 }, { kind: 'tick' }, { kind: 'ping', value: 7 }, { kind: 'spike', axon: 255 }]);
    expect(parsed.flags).toBe(ERROR_FLAGS.axonRange | ERROR_FLAGS.unknownOp);
    expect(parsed.pending).toBe(2);
  });

  it('models the bridge: spikes in core order, tick-done after the step, pong in place', () => {
    const calls: string[] = [];
    const core = {
      apply(t: { kind: 'event'; axon: number } | { kind: 'tick' }): number[] {
        calls.push(t.kind === 'tick' ? 'tick' : `event ${t.axon}`);
        return t.kind === 'tick' ? [1, 4] : [t.axon + 10];
      },
    };
    const r = bridgeResponse(encodeHostPackets([{ kind: 'spike', axon: 2 }, { kind: 'tick' }, { kind: 'ping', value: 9 }, { kind: 'tick' }]), 4, core);
    expect(calls).toEqual(['event 2', 'tick', 'tick']);
    expect(r.packets).toEqual([
      { kind: 'spike', neuron: 12 },
      { kind: 'spike', neuron: 1 },
      { kind: 'spike', neuron: 4 },
      { kind: 'tick-done', step: 0 },
      { kind: 'pong', value: 9 },
      { kind: 'spike', neuron: 1 },
      { kind: 'spike', neuron: 4 },
      { kind: 'tick-done', step: 1 },
    ]);
    expect(r.flags).toBe(0);
  });
});
