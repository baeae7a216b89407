// The golden model of the UART spike bridge at the packet level: host bytes
// in, device packets out, given a golden model of the core behind it. The
// bridge hands events and ticks to the core in host order, sends every output
// spike as it leaves the core, and answers a tick (and a ping) only after all
// the spikes of everything before it have been sent, so the device stream is
// fully determined by the host stream, except for error packets, whose place
// depends on timing (they are returned apart as the OR of their flags).
import { parseHostBytes, type BridgeShape, type DevicePacket } from './packets.ts';

/** One input transaction of a spiking core, as ip/core's CoreTransaction. */
export type BridgeTransaction = { kind: 'event'; axon: number } | { kind: 'tick' };

/** What the bridge needs of a core's golden model (ip/core's CoreModel fits). */
export interface SpikingCoreModel {
  /** The neuron addresses that spike, in the order the core sends them. */
  apply(t: BridgeTransaction): number[];
  /** Writes one packed weight word (ip/core's CoreModel with weightLoad 'runtime'); needed for weight packets. */
  writeWeightWord?(address: number, data: bigint): void;
}

export interface BridgeResponse {
  /** Device packets in order, error packets left out. */
  packets: DevicePacket[];
  /** Error flags the parser raises (unknown opcode, axon out of range, bad weight writes); UART-level errors are not modelled. */
  flags: number;
}

/**
 * The device packets the bridge sends back for `hostBytes` with `core` behind
 * it. `shape` is the core's axon width, or the axon width and the weight
 * memory (parseHostBytes). A weight write reaches the core after every
 * transaction before it and before every one after it (the bridge writes
 * only while the core is idle), so it is applied in stream order.
 */
export function bridgeResponse(hostBytes: ArrayLike<number>, shape: number | BridgeShape, core: SpikingCoreModel, firstStep = 0): BridgeResponse {
  const parsed = parseHostBytes(hostBytes, shape);
  const packets: DevicePacket[] = [];
  let step = firstStep;
  for (const p of parsed.packets) {
    if (p.kind === 'spike') {
      for (const n of core.apply({ kind: 'event', axon: p.axon })) packets.push({ kind: 'spike', neuron: n });
    } else if (p.kind === 'tick') {
      for (const n of core.apply({ kind: 'tick' })) packets.push({ kind: 'spike', neuron: n });
      packets.push({ kind: 'tick-done', step });
      step = (step + 1) & 0xffff;
    } else if (p.kind === 'weight') {
      if (!core.writeWeightWord) throw new Error('bridgeResponse: the host stream writes weights, but the core model has no writeWeightWord');
      core.writeWeightWord(p.address, p.data);
    } else {
      packets.push({ kind: 'pong', value: p.value });
    }
  }
  return { packets, flags: parsed.flags };
}
