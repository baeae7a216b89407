// The packed weight memory in hardware: `selectWeightField` and
// `effectiveWeight` (reused by the neurosynaptic core's lane banks) and the
// standalone design `WeightMemory`: one synchronous weight read per cycle and
// a word write port for programming.
import { addrWidth, Bool, design, SInt, UInt, type ModuleBuilder, type Signal } from '../../hdl/index.ts';
import { layoutOf, packWeightWords, type WeightLayout } from './layout.ts';
import { paramLoc } from '../param-errors.ts';
import { effectiveWeightWidth, validateWeightParams, zeroMatrix, type SignMode, type WeightParams } from './spec.ts';

/** The weightWidth-bit field in slot `slot` of a packed word (`slot` null when a word holds one weight). */
export function selectWeightField(word: Signal, slot: Signal | null, layout: WeightLayout): Signal {
  const w = layout.weightWidth;
  const fields: Signal[] = [];
  for (let s = 0; s < layout.weightsPerWord; s++) fields.push(word.slice(s * w + w - 1, s * w));
  if (fields.length === 1 || slot === null) return fields[0]!;
  return slot.index(fields);
}

/**
 * The signed effective weight (effectiveWeightWidth bits) of a stored field:
 * the field read as two's complement ('signed'), or the magnitude, negated
 * when `inhibitory` is high ('magnitude').
 */
export function effectiveWeight(field: Signal, inhibitory: Signal | null, signMode: SignMode): Signal {
  if (signMode === 'signed') return field.asSInt();
  const w = field.width;
  const mag = field.zext(w + 1).asSInt();
  if (!inhibitory) return mag;
  return inhibitory.select(mag.neg().truncate(w + 1), mag);
}

/** The memory words of a weight array (the packed image the golden model decodes). */
export function weightWords(p: WeightParams): bigint[] {
  return packWeightWords(layoutOf(p), (a, n) => p.weights[a]![n]!);
}

export const defaultWeightParams: WeightParams = {
  axons: 256,
  neurons: 256,
  weightWidth: 4,
  signMode: 'signed',
  wordWidth: 32,
  weights: zeroMatrix(256, 256),
  inhibitory: [],
};

export interface WeightMemoryPorts {
  rd_en: Signal;
  rd_axon: Signal;
  rd_neuron: Signal;
  rd_weight: Signal;
  wr_en: Signal;
  wr_addr: Signal;
  wr_data: Signal;
}

/**
 * Packed weight memory: with `rd_en` high, `rd_weight` shows the effective
 * weight of (rd_axon, rd_neuron) one cycle later and holds it until the next
 * read. An address past the array reads 0. `wr_en` writes the packed word
 * `wr_data` at `wr_addr` (a read of the same word on that edge sees the old word).
 */
export const WeightMemory = design(
  'WeightMemory',
  defaultWeightParams,
  (m: ModuleBuilder, p: WeightParams): WeightMemoryPorts => {
    const errs = validateWeightParams(p);
    for (const e of errs) m.report('synapse-params', e, paramLoc());
    const ok = errs.length === 0;
    const axons = ok ? p.axons : 1;
    const neurons = ok ? p.neurons : 1;
    const layout = ok ? layoutOf(p) : { weightWidth: 1, wordWidth: 1, weightsPerWord: 1, slotBits: 0, rows: 1, columns: 1, wordsPerRow: 1, depth: 1, addressWidth: 1 };
    const ew = ok ? effectiveWeightWidth(p.weightWidth, p.signMode) : 1;

    const rdEn = m.input('rd_en', Bool());
    const rdAxon = m.input('rd_axon', UInt(addrWidth(axons)));
    const rdNeuron = m.input('rd_neuron', UInt(addrWidth(neurons)));
    const rdWeight = m.output('rd_weight', SInt(ew));
    const wrEn = m.input('wr_en', Bool());
    const wrAddr = m.input('wr_addr', UInt(layout.addressWidth));
    const wrData = m.input('wr_data', UInt(layout.wordWidth));
    const ports = { rd_en: rdEn, rd_axon: rdAxon, rd_neuron: rdNeuron, rd_weight: rdWeight, wr_en: wrEn, wr_addr: wrAddr, wr_data: wrData };
    if (!ok) {
      rdWeight.set(0);
      return ports;
    }

    const mem = m.memory('weights', { type: UInt(layout.wordWidth), depth: layout.depth, init: weightWords(p) });
    // word = axon * wordsPerRow + neuron / weightsPerWord (weightsPerWord is a power of two).
    const rowBase = rdAxon.mul(layout.wordsPerRow);
    const inRow = layout.slotBits > 0 ? rdNeuron.shrLogical(layout.slotBits) : rdNeuron;
    const wide = rowBase.add(inRow);
    const addr = m.let('rd_word', wide.width >= layout.addressWidth ? wide.truncate(layout.addressWidth) : wide.zext(layout.addressWidth));
    const word = mem.read(addr, { sync: true, enable: rdEn, name: 'rd_word_data' });
    mem.write(wrAddr, wrData, wrEn);

    // An address past the array must read 0 even where the word arithmetic lands inside the memory.
    let inRange: Signal | null = null;
    if (1 << rdAxon.width !== axons) inRange = rdAxon.lt(axons);
    if (1 << rdNeuron.width !== neurons) inRange = inRange ? inRange.and(rdNeuron.lt(neurons)) : rdNeuron.lt(neurons);
    const valid = inRange ? m.reg('rd_in_range', Bool(), { reset: 0, enable: rdEn }) : null;
    if (valid && inRange) valid.set(inRange);
    const slot = layout.slotBits > 0 ? m.reg('rd_slot', UInt(layout.slotBits), { reset: 0, enable: rdEn }) : null;
    if (slot) slot.set(rdNeuron.truncate(layout.slotBits));

    let inhibitory: Signal | null = null;
    if (p.signMode === 'magnitude') {
      const signs = m.memory('axon_sign', { type: Bool(), depth: axons, init: p.inhibitory });
      inhibitory = signs.read(rdAxon, { sync: true, enable: rdEn, name: 'rd_inhibitory' });
    }
    const field = selectWeightField(word, slot, layout);
    const weight = effectiveWeight(field, inhibitory, p.signMode);
    rdWeight.set(valid ? valid.select(weight, weight.lit(0, weight.type)) : weight);
    return ports;
  },
  { doc: 'Packed low-precision weight memory (1- to 8-bit weights, several per word) with a sign rule; one synchronous read per cycle.' },
);
