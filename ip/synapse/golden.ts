// Golden models of the synapse blocks, plain TypeScript from the spec
// (docs/ip/core.md): the packed weight memory, the delay ring buffer, and a
// delayed synapse array that combines them.
import { fitTo } from '../neuron/golden.ts';
import { fieldValue, layoutOf, packWeightWords, unpackField, weightPosition, type WeightLayout } from './layout.ts';
import {
  assertValidDelayParams,
  assertValidSynapseParams,
  assertValidWeightParams,
  effectiveWeightWidth,
  type DelayParams,
  type SynapseParams,
  type WeightParams,
} from './spec.ts';

/** The packed weight memory: its word image and the weights read back out of it. */
export class WeightMemoryModel {
  readonly layout: WeightLayout;
  /** The memory contents, word by word (what the hardware memory is initialised with). */
  readonly words: bigint[];
  private readonly inhibitory: boolean[];

  constructor(readonly params: WeightParams) {
    assertValidWeightParams(params);
    this.layout = layoutOf(params);
    this.words = packWeightWords(this.layout, (a, n) => params.weights[a]![n]!);
    this.inhibitory = Array.from({ length: params.axons }, (_, a) => params.inhibitory[a] === 1);
  }

  /** The stored value of a synapse (signed weight, or magnitude), decoded from the packed words. */
  stored(axon: number, neuron: number): number {
    if (axon < 0 || axon >= this.params.axons || neuron < 0 || neuron >= this.params.neurons) return 0;
    const { word, slot } = weightPosition(this.layout, axon, neuron);
    return fieldValue(unpackField(this.layout, this.words[word]!, slot), this.layout.weightWidth, this.params.signMode);
  }

  /** Whether an axon is inhibitory ('magnitude' mode; an axon past the end reads excitatory, as the memory gives 0). */
  isInhibitory(axon: number): boolean {
    return this.inhibitory[axon] === true;
  }

  /** The signed effective weight: the stored value, negated for an inhibitory axon in 'magnitude' mode. */
  weight(axon: number, neuron: number): number {
    const s = this.stored(axon, neuron);
    return this.params.signMode === 'magnitude' && this.isInhibitory(axon) && s !== 0 ? -s : s;
  }

  /** Overwrites one memory word (what the hardware write port does). */
  writeWord(address: number, value: bigint): void {
    if (address < 0 || address >= this.layout.depth) return;
    this.words[address] = BigInt.asUintN(this.layout.wordWidth, value);
  }
}

/**
 * The delay ring buffer: D + 1 slots per target. `add(t, d, x)` accumulates
 * x into the slot due d steps after the current one; `tick()` hands out the
 * current step's slot for every target, clears it and moves to the next step.
 * A delay of 0 is delivered by the next `tick()`.
 */
export class DelayBufferModel {
  private readonly slots: bigint[][];
  private head = 0;

  constructor(readonly params: DelayParams) {
    assertValidDelayParams(params);
    this.slots = Array.from({ length: params.maxDelay + 1 }, () => new Array<bigint>(params.targets).fill(0n));
  }

  /** The slot index the current step reads at its tick. */
  get current(): number {
    return this.head;
  }

  add(target: number, delay: number, value: bigint | number): void {
    const p = this.params;
    if (!Number.isSafeInteger(target) || target < 0 || target >= p.targets) throw new RangeError(`target ${target} is outside 0..${p.targets - 1}`);
    if (!Number.isSafeInteger(delay) || delay < 0 || delay > p.maxDelay) throw new RangeError(`delay ${delay} is beyond the buffer (maxDelay ${p.maxDelay})`);
    const x = BigInt(value);
    const lim = 1n << BigInt(p.valueWidth - 1);
    if (x < -lim || x >= lim) throw new RangeError(`value ${x} does not fit ${p.valueWidth} signed bits`);
    const s = (this.head + delay) % (p.maxDelay + 1);
    this.slots[s]![target] = fitTo(this.slots[s]![target]! + x, p.accWidth, true, p.overflow);
  }

  /** What is waiting `delay` steps ahead for a target (0 = due at the next tick). */
  pending(target: number, delay: number): bigint {
    return this.slots[(this.head + delay) % (this.params.maxDelay + 1)]![target]!;
  }

  tick(): bigint[] {
    const due = this.slots[this.head]!;
    this.slots[this.head] = new Array<bigint>(this.params.targets).fill(0n);
    this.head = (this.head + 1) % (this.params.maxDelay + 1);
    return due;
  }
}

/**
 * A delayed synapse array: an event on an axon puts each of its weights into
 * the ring buffer at that synapse's delay; `tick()` returns the input due for
 * each neuron in the step that ends.
 */
export class SynapseModel {
  readonly weights: WeightMemoryModel;
  readonly buffer: DelayBufferModel;

  constructor(readonly params: SynapseParams) {
    assertValidSynapseParams(params);
    this.weights = new WeightMemoryModel(params);
    this.buffer = new DelayBufferModel({
      targets: params.neurons,
      maxDelay: params.maxDelay,
      valueWidth: Math.max(2, effectiveWeightWidth(params.weightWidth, params.signMode)),
      accWidth: params.accWidth,
      overflow: params.overflow,
    });
  }

  delay(axon: number, neuron: number): number {
    return this.params.delays.length === 0 ? 0 : this.params.delays[axon]![neuron]!;
  }

  event(axon: number): void {
    if (!Number.isSafeInteger(axon) || axon < 0 || axon >= this.params.axons) throw new RangeError(`axon ${axon} is outside 0..${this.params.axons - 1}`);
    for (let n = 0; n < this.params.neurons; n++) this.buffer.add(n, this.delay(axon, n), this.weights.weight(axon, n));
  }

  tick(): bigint[] {
    return this.buffer.tick();
  }
}
