// The converted network as a file: JSON with the weights of each layer as
// base64 little-endian integers (int8 for weights of up to 8 bits, int16 up
// to 16, int32 beyond), row-major inputs x neurons, so a 784 x 128 layer of
// 8-bit weights takes ~134 KB instead of ~400 KB of decimal text. Everything
// else (neuron specs, coding, steps, how it was made) is plain JSON. The same
// network always serialises to the same bytes.
import { Buffer } from 'node:buffer';
import type { DenseLayerSpec } from '../dense/index.ts';
import { validateDenseNetworkParams } from '../dense/index.ts';
import type { NeuronSpec } from '../neuron/index.ts';
import { validateInputCoding, type InputCoding } from './coding.ts';
import type { ConversionInfo, SpikingNetwork } from './convert.ts';

export const SPIKING_NETWORK_FORMAT = 'spikeforge-spiking-network';
export const SPIKING_NETWORK_VERSION = 1;

/** How the network was made (free-form but typed for the MNIST flow). */
export interface SpikingNetworkProvenance {
  /** E.g. { name: 'mnist', downsample: 1, trainFraction: 0.8 }: how to load matching inputs. */
  dataset?: { name: string; downsample: number; trainFraction: number };
  training?: Record<string, unknown>;
  results?: Record<string, unknown>;
}

interface LayerFile {
  neurons: number;
  inputs: number;
  weightWidth: number;
  neuronsPerWord: number;
  neuron: NeuronSpec;
  /** 'int8' | 'int16' | 'int32', little-endian, base64. */
  weightEncoding: string;
  weights: string;
}

interface NetworkFile {
  format: string;
  version: number;
  steps: number;
  coding: InputCoding;
  inputs: number;
  countWidth: number;
  layers: LayerFile[];
  conversion: ConversionInfo;
  provenance: SpikingNetworkProvenance;
}

function encodingFor(width: number): { name: string; bytes: number } {
  return width <= 8 ? { name: 'int8', bytes: 1 } : width <= 16 ? { name: 'int16', bytes: 2 } : { name: 'int32', bytes: 4 };
}

/** Neuron spec with its keys in a fixed order and no undefined members (stable output). */
function tidyNeuron(s: NeuronSpec): NeuronSpec {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(s).sort()) {
    const v = (s as unknown as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as unknown as NeuronSpec;
}

export function serializeSpikingNetwork(snn: SpikingNetwork, provenance: SpikingNetworkProvenance = {}): string {
  let inputs = snn.network.inputs;
  const layers = snn.network.layers.map((l): LayerFile => {
    const enc = encodingFor(l.weightWidth);
    const buf = Buffer.alloc(inputs * l.neurons * enc.bytes);
    l.weights.forEach((row, i) =>
      row.forEach((w, j) => {
        const off = (i * l.neurons + j) * enc.bytes;
        if (enc.bytes === 1) buf.writeInt8(w, off);
        else if (enc.bytes === 2) buf.writeInt16LE(w, off);
        else buf.writeInt32LE(w, off);
      }),
    );
    const f: LayerFile = {
      neurons: l.neurons,
      inputs,
      weightWidth: l.weightWidth,
      neuronsPerWord: l.neuronsPerWord,
      neuron: tidyNeuron(l.neuron),
      weightEncoding: enc.name,
      weights: buf.toString('base64'),
    };
    inputs = l.neurons;
    return f;
  });
  const file: NetworkFile = {
    format: SPIKING_NETWORK_FORMAT,
    version: SPIKING_NETWORK_VERSION,
    steps: snn.steps,
    coding: snn.coding,
    inputs: snn.network.inputs,
    countWidth: snn.network.countWidth,
    layers,
    conversion: snn.conversion,
    provenance,
  };
  return JSON.stringify(file, null, 1) + '\n';
}

export function parseSpikingNetwork(text: string, what = 'spiking network'): { snn: SpikingNetwork; provenance: SpikingNetworkProvenance } {
  const f = JSON.parse(text) as NetworkFile;
  if (f.format !== SPIKING_NETWORK_FORMAT) throw new Error(`${what}: not a ${SPIKING_NETWORK_FORMAT} file (format ${JSON.stringify(f.format)})`);
  if (f.version !== SPIKING_NETWORK_VERSION) throw new Error(`${what}: version ${f.version}, this reader knows ${SPIKING_NETWORK_VERSION}`);
  let inputs = f.inputs;
  const layers = f.layers.map((l, k): DenseLayerSpec => {
    const enc = encodingFor(l.weightWidth);
    if (l.weightEncoding !== enc.name) throw new Error(`${what}: layers[${k}] weightEncoding ${l.weightEncoding}, expected ${enc.name} for ${l.weightWidth}-bit weights`);
    if (l.inputs !== inputs) throw new Error(`${what}: layers[${k}] has ${l.inputs} inputs, the previous layer has ${inputs} outputs`);
    const buf = Buffer.from(l.weights, 'base64');
    if (buf.length !== inputs * l.neurons * enc.bytes) throw new Error(`${what}: layers[${k}] weights hold ${buf.length} bytes, expected ${inputs} x ${l.neurons} x ${enc.bytes}`);
    const weights: number[][] = [];
    for (let i = 0; i < inputs; i++) {
      const row = new Array<number>(l.neurons);
      for (let j = 0; j < l.neurons; j++) {
        const off = (i * l.neurons + j) * enc.bytes;
        row[j] = enc.bytes === 1 ? buf.readInt8(off) : enc.bytes === 2 ? buf.readInt16LE(off) : buf.readInt32LE(off);
      }
      weights.push(row);
    }
    inputs = l.neurons;
    return { neurons: l.neurons, weightWidth: l.weightWidth, weights, neuron: l.neuron, neuronsPerWord: l.neuronsPerWord };
  });
  const snn: SpikingNetwork = { network: { inputs: f.inputs, layers, countWidth: f.countWidth }, steps: f.steps, coding: f.coding, conversion: f.conversion };
  const errs = [...validateDenseNetworkParams(snn.network), ...validateInputCoding(snn.coding)];
  if (!Number.isInteger(snn.steps) || snn.steps < 1) errs.push(`steps: must be a positive integer, got ${snn.steps}`);
  if (errs.length) throw new Error(`${what}: invalid network:\n  ${errs.join('\n  ')}`);
  return { snn, provenance: f.provenance ?? {} };
}
