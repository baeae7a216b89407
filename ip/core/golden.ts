// The golden model of the neurosynaptic core, event-level: per input
// transaction it gives the neuron states and the ordered output spike
// addresses the hardware must produce. It uses the neuron golden model
// (ip/neuron) per neuron and reads the weights straight from the parameter
// array, not from the packed memory image, so a packing mistake shows up.
// A core with runtime-loaded weights gets its words through
// `writeWeightWord`, which the model decodes from the documented word layout
// (docs/ip/core.md, "Memory layout") into its own copy of the array.
import { fitTo, NeuronModel } from '../neuron/index.ts';
import { assertValidCoreParams, coreGeometry, packState, type CoreGeometry, type CoreNeuronState, type CoreParams } from './params.ts';

/** One input transaction: a synaptic event on an axon, or a time step (tick). */
export type CoreTransaction = { kind: 'event'; axon: number } | { kind: 'tick' };

export class CoreModel {
  readonly geometry: CoreGeometry;
  private readonly cells: NeuronModel[];
  private readonly acc: bigint[];
  /** weights[axon][neuron]: `params.weights`, then whatever `writeWeightWord` put there. */
  private readonly weights: number[][];

  constructor(readonly params: CoreParams) {
    assertValidCoreParams(params);
    this.geometry = coreGeometry(params);
    this.weights = params.weights.map((row) => [...row]);
    this.cells = Array.from({ length: params.neurons }, () => new NeuronModel(params.neuron));
    this.acc = new Array<bigint>(params.neurons).fill(0n);
  }

  /**
   * The signed effective weight of a synapse. An axon past the array (possible
   * when `axons` is not a power of two) has weight 0 everywhere, as the
   * hardware's memory reads 0 there.
   */
  weight(axon: number, neuron: number): number {
    const p = this.params;
    if (axon < 0 || axon >= p.axons) return 0;
    const w = this.weights[axon]![neuron]!;
    return p.signMode === 'magnitude' && p.inhibitory[axon] === 1 ? -w : w;
  }

  /**
   * A synaptic event. 'event' mode: every neuron of the core is updated with
   * its weight from this axon (a zero weight included) and may fire.
   * 'step' mode: the weights are added (saturating) into each neuron's
   * accumulator; nothing fires. Returns the spiking neuron addresses, ascending.
   */
  event(axon: number): number[] {
    const p = this.params;
    if (!Number.isSafeInteger(axon) || axon < 0 || axon >= 1 << this.geometry.axonWidth) {
      throw new RangeError(`axon ${axon} does not fit the ${this.geometry.axonWidth}-bit axon address`);
    }
    const spikes: number[] = [];
    for (let n = 0; n < p.neurons; n++) {
      const w = BigInt(this.weight(axon, n));
      if (this.geometry.mode === 'event') {
        if (this.cells[n]!.step(w).spike) spikes.push(n);
      } else {
        this.acc[n] = fitTo(this.acc[n]! + w, p.neuron.inputWidth, true, 'saturate');
      }
    }
    return spikes;
  }

  /**
   * A time step. 'event' mode: every neuron is updated with the time
   * reference set (leak, no input) and may fire. 'step' mode: every neuron
   * steps with its accumulated input, which is then cleared. Returns the
   * spiking neuron addresses, ascending.
   */
  tick(): number[] {
    const spikes: number[] = [];
    for (let n = 0; n < this.params.neurons; n++) {
      const r = this.geometry.mode === 'event' ? this.cells[n]!.step(0n, { timeRef: true }) : this.cells[n]!.step(this.acc[n]!);
      this.acc[n] = 0n;
      if (r.spike) spikes.push(n);
    }
    return spikes;
  }

  /**
   * One write through the `wload` port of a core with `weightLoad: 'runtime'`.
   * The address is `lane << addressWidth | word` (no lane bits with one lane);
   * word `a · wordsPerRow + j` of a lane holds, in slot s (bits
   * [s·w + w − 1 : s·w]), the weight of axon a to the lane's column
   * i = j · k + s, i.e. neuron i · lanes + lane; slots past the lane's
   * columns are unused. An address past the banks writes nothing.
   */
  writeWeightWord(addr: number, data: bigint | number): void {
    const p = this.params;
    if ((p.weightLoad ?? 'init') !== 'runtime') throw new RangeError("writeWeightWord: the core has no weight write port (weightLoad is not 'runtime')");
    const l = this.geometry.weights;
    if (!Number.isSafeInteger(addr) || addr < 0 || addr >= 2 ** this.geometry.loadAddressWidth) {
      throw new RangeError(`writeWeightWord: address ${addr} does not fit the ${this.geometry.loadAddressWidth}-bit wload_addr`);
    }
    const bankSize = 2 ** l.addressWidth;
    const lane = Math.floor(addr / bankSize);
    const word = addr % bankSize;
    if (lane >= p.lanes || word >= l.depth) return;
    const bits = BigInt.asUintN(l.wordWidth, BigInt(data));
    const axon = Math.floor(word / l.wordsPerRow);
    const first = (word % l.wordsPerRow) * l.weightsPerWord;
    const fieldMask = (1n << BigInt(l.weightWidth)) - 1n;
    for (let s = 0; s < l.weightsPerWord; s++) {
      const column = first + s;
      if (column >= this.geometry.perLane) break;
      const field = (bits >> BigInt(s * l.weightWidth)) & fieldMask;
      const value = p.signMode === 'signed' ? BigInt.asIntN(l.weightWidth, field) : field;
      this.weights[axon]![column * p.lanes + lane] = Number(value);
    }
  }

  apply(t: CoreTransaction): number[] {
    return t.kind === 'tick' ? this.tick() : this.event(t.axon);
  }

  /** Neuron n's state, with exactly the fields the hardware's state word holds. */
  state(n: number): CoreNeuronState {
    const s = this.cells[n]!.state;
    const out: CoreNeuronState = { v: s.v };
    for (const f of this.geometry.state.fields) {
      if (f.name === 'u') out.u = s.u;
      else if (f.name === 'thr') out.thr = s.thr;
      else if (f.name === 'refr') out.refr = BigInt(s.refr);
      else if (f.name === 'pending') out.pending = s.pending ? 1n : 0n;
      else if (f.name === 'acc') out.acc = this.acc[n]!;
    }
    return out;
  }

  /** Neuron n's state packed as the hardware's state memory word. */
  stateWord(n: number): bigint {
    return packState(this.geometry.state, this.state(n));
  }
}
