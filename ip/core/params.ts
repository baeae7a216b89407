// The neurosynaptic core's parameter type, shared by the hardware builder
// (hardware.ts) and the golden model (golden.ts), its validation, and the
// geometry both derive from it: lanes, memory layouts, the state word.
import { addrWidth } from '../../hdl/index.ts';
import { neuronPresets, refractoryWidth, validateNeuronSpec, type NeuronSpec } from '../neuron/index.ts';
import { effectiveWeightWidth, packWeightWords, validateWeightParams, weightLayout, zeroMatrix, type WeightLayout, type WeightParams } from '../synapse/index.ts';

/**
 * A time-multiplexed neurosynaptic core (tinyODIN / ODIN class): `neurons`
 * neurons, `axons` input axons, a packed weight array axons × neurons, one
 * neuron spec for every neuron, and `lanes` parallel update lanes.
 */
export interface CoreParams extends WeightParams {
  /** Parallel update lanes; neuron n lives in lane n % lanes at address n / lanes. Must divide `neurons`. */
  lanes: number;
  /** The neuron every core neuron is (ip/neuron). */
  neuron: NeuronSpec;
  /** Depth of the output spike FIFO (entries of one lane-spike mask each); a power of two, 2..4096. */
  outputFifoDepth: number;
  /**
   * How the weight memories get their contents. 'init' (the default): they
   * power up with `weights` (block RAM with initial contents). 'runtime':
   * they have no initial contents and a write port, the `wload` input, through
   * which a host writes the packed words (`weightLoadWords`) after power-up;
   * single-port memories of this kind map to iCE40 UltraPlus SPRAM.
   */
  weightLoad?: WeightLoad;
}

export type WeightLoad = 'init' | 'runtime';

/**
 * 'event': the spec leaks on time references (tinyODIN, ODIN): every synaptic
 * event is a neuron update with the weight as input, and a tick is an update
 * with the time reference set. 'step': the spec leaks every step: synaptic
 * events add into a per-neuron accumulator and a tick is one neuron step with
 * the accumulated input.
 */
export type CoreMode = 'event' | 'step';

export const defaultCoreParams: CoreParams = {
  neurons: 256,
  axons: 256,
  lanes: 1,
  weightWidth: 4,
  signMode: 'signed',
  wordWidth: 32,
  weights: zeroMatrix(256, 256),
  inhibitory: [],
  neuron: neuronPresets.tinyOdin,
  outputFifoDepth: 16,
  weightLoad: 'init',
};

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

/** Every problem of a core description, each starting with the parameter's name. */
export function validateCoreParams(p: CoreParams): string[] {
  const errs = validateWeightParams(p);
  const err = (param: string, msg: string): number => errs.push(`${param}: ${msg}`);
  if (!isInt(p.lanes) || p.lanes < 1 || p.lanes > 64) err('lanes', `must be an integer between 1 and 64, got ${String(p.lanes)}`);
  else if (isInt(p.neurons) && p.neurons >= 1 && p.neurons % p.lanes !== 0) {
    err('lanes', `${p.lanes} lanes do not divide ${p.neurons} neurons (each lane holds neurons / lanes of them)`);
  }
  if (!p.neuron || typeof p.neuron !== 'object') err('neuron', 'must be a neuron spec (ip/neuron)');
  else {
    const nerrs = validateNeuronSpec(p.neuron);
    for (const e of nerrs) errs.push(`neuron.${e}`);
    const modeOk = p.signMode === 'signed' || p.signMode === 'magnitude';
    if (nerrs.length === 0 && isInt(p.weightWidth) && p.weightWidth >= 1 && modeOk) {
      const ew = effectiveWeightWidth(p.weightWidth, p.signMode);
      if (ew > p.neuron.inputWidth) {
        err('weightWidth', `a ${p.weightWidth}-bit ${p.signMode === 'signed' ? 'signed weight' : 'magnitude with a sign'} needs ${ew} input bits, but the neuron's input is ${p.neuron.inputWidth} bits (neuron.inputWidth)`);
      }
    }
  }
  if (p.weightLoad !== undefined && p.weightLoad !== 'init' && p.weightLoad !== 'runtime') {
    err('weightLoad', `must be 'init' or 'runtime', got ${typeof p.weightLoad === 'string' ? `'${p.weightLoad}'` : String(p.weightLoad)}`);
  }
  const d = p.outputFifoDepth;
  if (!isInt(d) || d < 2 || d > 4096 || (d & (d - 1)) !== 0) err('outputFifoDepth', `must be a power of two between 2 and 4096, got ${String(d)}`);
  return errs;
}

export function assertValidCoreParams(p: CoreParams): void {
  const errs = validateCoreParams(p);
  if (errs.length > 0) throw new RangeError(`invalid core parameters:\n  ${errs.join('\n  ')}`);
}

/** One field of the neuron state word, least significant field first. */
export interface StateField {
  name: 'v' | 'u' | 'thr' | 'refr' | 'pending' | 'acc';
  lsb: number;
  width: number;
  signed: boolean;
}

export interface StateLayout {
  fields: StateField[];
  /** Bits of one state word. */
  width: number;
}

/** The fields a neuron of the core stores, in the order the word holds them (v in the low bits). */
export function stateLayout(spec: NeuronSpec, mode: CoreMode): StateLayout {
  const fields: StateField[] = [];
  let lsb = 0;
  const add = (name: StateField['name'], width: number, signed: boolean): void => {
    fields.push({ name, lsb, width, signed });
    lsb += width;
  };
  add('v', spec.width, spec.signed);
  if (spec.kind === 'cuba') add('u', spec.cuba!.width, true);
  if (spec.kind === 'alif') add('thr', spec.width, spec.signed);
  if (spec.refractory > 0) add('refr', refractoryWidth(spec), false);
  if (spec.resetTiming === 'next') add('pending', 1, false);
  if (mode === 'step') add('acc', spec.inputWidth, true);
  return { fields, width: lsb };
}

/** The state of one core neuron as the state memory holds it (absent fields are undefined). */
export interface CoreNeuronState {
  v: bigint;
  u?: bigint;
  thr?: bigint;
  refr?: bigint;
  pending?: bigint;
  /** Input accumulated in the current step ('step' mode). */
  acc?: bigint;
}

export function packState(l: StateLayout, s: CoreNeuronState): bigint {
  let word = 0n;
  for (const f of l.fields) word |= BigInt.asUintN(f.width, s[f.name] ?? 0n) << BigInt(f.lsb);
  return word;
}

export function unpackState(l: StateLayout, word: bigint): CoreNeuronState {
  const s: CoreNeuronState = { v: 0n };
  for (const f of l.fields) {
    const raw = BigInt.asUintN(f.width, word >> BigInt(f.lsb));
    s[f.name] = f.signed ? BigInt.asIntN(f.width, raw) : raw;
  }
  return s;
}

export interface CoreGeometry {
  mode: CoreMode;
  /** Neurons per lane (M = neurons / lanes): the length of one pass. */
  perLane: number;
  /** Address width of a lane's state memory (addrWidth(M)). */
  indexWidth: number;
  neuronWidth: number;
  axonWidth: number;
  /** Layout of each lane's weight bank: rows = axons, columns = the lane's M neurons. */
  weights: WeightLayout;
  state: StateLayout;
  /** Bits of the signed effective weight. */
  weightInputWidth: number;
  /**
   * Width of `wload_addr` ('runtime' weight load): the lane in the high
   * bits (none with one lane), the word address in the lane's bank in the
   * low `weights.addressWidth` bits.
   */
  loadAddressWidth: number;
}

export function coreGeometry(p: CoreParams): CoreGeometry {
  const mode: CoreMode = p.neuron.leakOn === 'timeRef' ? 'event' : 'step';
  const perLane = p.neurons / p.lanes;
  const weights = weightLayout(p.weightWidth, p.wordWidth, p.axons, perLane);
  return {
    mode,
    perLane,
    indexWidth: addrWidth(perLane),
    neuronWidth: addrWidth(p.neurons),
    axonWidth: addrWidth(p.axons),
    weights,
    state: stateLayout(p.neuron, mode),
    weightInputWidth: effectiveWeightWidth(p.weightWidth, p.signMode),
    loadAddressWidth: weights.addressWidth + laneBits(p.lanes),
  };
}

/** Bits that pick a lane in a weight-load address: 0 for one lane, else ceil(log2 lanes). */
export function laneBits(lanes: number): number {
  return lanes > 1 ? addrWidth(lanes) : 0;
}

/** One word write through the core's `wload` port. */
export interface WeightWordWrite {
  addr: number;
  data: bigint;
}

/**
 * The word writes that load every weight of `p.weights` into a core built
 * with `weightLoad: 'runtime'`: lane by lane, each lane's bank in the packed
 * layout (`packWeightWords` of the lane's columns), at address
 * `lane << weights.addressWidth | word`.
 */
export function weightLoadWords(p: CoreParams): WeightWordWrite[] {
  const g = coreGeometry(p);
  const out: WeightWordWrite[] = [];
  for (let l = 0; l < p.lanes; l++) {
    const words = packWeightWords(g.weights, (a, i) => p.weights[a]![i * p.lanes + l]!);
    words.forEach((data, word) => out.push({ addr: l * 2 ** g.weights.addressWidth + word, data }));
  }
  return out;
}

/** Lane and address of neuron n. */
export function neuronHome(p: CoreParams, n: number): { lane: number; address: number } {
  return { lane: n % p.lanes, address: Math.floor(n / p.lanes) };
}

/** Name of a lane's state memory (for readMemory). */
export function stateMemoryName(lane: number): string {
  return `lane${lane}_state`;
}

/** Name of a lane's weight memory. */
export function weightMemoryName(lane: number): string {
  return `lane${lane}_weights`;
}
