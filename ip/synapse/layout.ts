// Where each weight sits in a packed weight memory. One layout serves the
// standalone weight memory and every lane bank of the neurosynaptic core, so
// the words the hardware is initialised with and the words the golden model
// decodes come from the same arithmetic.
import { addrWidth } from '../../hdl/index.ts';
import type { SignMode, WeightParams } from './spec.ts';

export interface WeightLayout {
  weightWidth: number;
  wordWidth: number;
  /** Weights per word: the largest power of two that fits wordWidth / weightWidth. */
  weightsPerWord: number;
  /** log2(weightsPerWord): the low bits of a column index pick the slot in a word. */
  slotBits: number;
  rows: number;
  columns: number;
  /** ceil(columns / weightsPerWord): each row starts on a word boundary. */
  wordsPerRow: number;
  /** rows * wordsPerRow. */
  depth: number;
  /** Address width of a memory of `depth` words. */
  addressWidth: number;
}

export function weightLayout(weightWidth: number, wordWidth: number, rows: number, columns: number): WeightLayout {
  let slotBits = 0;
  while (weightWidth << (slotBits + 1) <= wordWidth) slotBits++;
  const weightsPerWord = 1 << slotBits;
  const wordsPerRow = Math.ceil(columns / weightsPerWord);
  const depth = rows * wordsPerRow;
  return { weightWidth, wordWidth, weightsPerWord, slotBits, rows, columns, wordsPerRow, depth, addressWidth: addrWidth(depth) };
}

/** The layout of a whole weight array (one memory, columns = neurons). */
export function layoutOf(p: WeightParams): WeightLayout {
  return weightLayout(p.weightWidth, p.wordWidth, p.axons, p.neurons);
}

/** Word address and slot of weight (row, column): word = row * wordsPerRow + column / weightsPerWord. */
export function weightPosition(l: WeightLayout, row: number, column: number): { word: number; slot: number } {
  return { word: row * l.wordsPerRow + Math.floor(column / l.weightsPerWord), slot: column % l.weightsPerWord };
}

/** The stored bit pattern of a weight: two's complement ('signed') or the magnitude itself. */
export function weightField(value: number, weightWidth: number): bigint {
  return BigInt.asUintN(weightWidth, BigInt(value));
}

/** The value a stored field holds, as the sign mode reads it (before any per-axon sign). */
export function fieldValue(field: bigint, weightWidth: number, signMode: SignMode): number {
  return Number(signMode === 'signed' ? BigInt.asIntN(weightWidth, field) : BigInt.asUintN(weightWidth, field));
}

/**
 * Packs weights into words: slot s of a word holds bits [s*w + w - 1 : s*w].
 * `value(row, column)` gives the stored value; unused slots are 0.
 */
export function packWeightWords(l: WeightLayout, value: (row: number, column: number) => number): bigint[] {
  const words = new Array<bigint>(l.depth).fill(0n);
  const w = BigInt(l.weightWidth);
  for (let r = 0; r < l.rows; r++) {
    for (let c = 0; c < l.columns; c++) {
      const { word, slot } = weightPosition(l, r, c);
      words[word] = words[word]! | (weightField(value(r, c), l.weightWidth) << (BigInt(slot) * w));
    }
  }
  return words;
}

/** The field in slot `slot` of a word. */
export function unpackField(l: WeightLayout, word: bigint, slot: number): bigint {
  return (word >> BigInt(slot * l.weightWidth)) & ((1n << BigInt(l.weightWidth)) - 1n);
}
