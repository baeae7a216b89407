// A fast integer simulator of a dense spiking network, for the neuron specs
// the conversion produces (integrate-and-fire: no leak, no refractory period,
// reset in the step that fires). It follows docs/ip/dense.md and
// docs/ip/neuron.md step for step in plain Number arithmetic, so it is
// bit-exact with ip/dense's DenseNetworkModel (BigInt, any spec) for these
// specs, and some fifty times faster (the whole MNIST test split in about a
// second); test/ip/mnist checks the two against each other spike for spike.
import { accumulatorWidth, networkLayer, validateDenseNetworkParams, type DenseNetworkParams } from '../dense/index.ts';
import type { NeuronSpec, Overflow } from '../neuron/index.ts';

/** Why the fast simulator cannot run these parameters (empty: it can). */
export function fastSimulatorLimits(p: DenseNetworkParams): string[] {
  const errs = validateDenseNetworkParams(p).slice();
  if (errs.length) return errs;
  p.layers.forEach((l, k) => {
    const s = l.neuron;
    const why = (m: string): void => {
      errs.push(`layers[${k}].neuron: ${m}`);
    };
    if (s.kind !== 'if') why(`kind '${s.kind}' (only 'if')`);
    if (s.leak.kind !== 'none') why('a leak');
    if (s.refractory !== 0) why('a refractory period');
    if (s.resetTiming !== 'same') why("resetTiming 'next'");
    if (s.leakOn !== 'step') why("leakOn 'timeRef'");
    if (s.width > 48 || s.inputWidth + s.inputShift > 48) why('widths above 48 bits');
  });
  return errs;
}

function fitNumber(x: number, width: number, signed: boolean, overflow: Overflow): number {
  const lo = signed ? -(2 ** (width - 1)) : 0;
  const hi = signed ? 2 ** (width - 1) - 1 : 2 ** width - 1;
  if (x >= lo && x <= hi) return x;
  if (overflow === 'saturate') return x < lo ? lo : hi;
  const span = 2 ** width;
  return ((((x - lo) % span) + span) % span) + lo;
}

interface FastLayer {
  inputs: number;
  neurons: number;
  weights: Int32Array;
  acc: Float64Array;
  v: Float64Array;
  spikes: Int32Array;
  spikeCount: number;
  accWidth: number;
  spec: NeuronSpec;
}

export interface FastRunStats {
  /** Input spikes (index items) over the run. */
  inputSpikes: number;
  /** Spikes of each layer over the run. */
  layerSpikes: number[];
  /** Weight-row additions: spikes into a layer times its neurons, summed over layers. */
  synapticOps: number;
}

export class FastDenseNetwork {
  readonly params: DenseNetworkParams;
  private readonly layers: FastLayer[];
  private readonly counters: Int32Array;
  private readonly countMax: number;
  readonly stats: FastRunStats;

  constructor(params: DenseNetworkParams) {
    const errs = fastSimulatorLimits(params);
    if (errs.length) throw new RangeError(`FastDenseNetwork cannot run these parameters (use DenseNetworkModel):\n  ${errs.join('\n  ')}`);
    this.params = params;
    this.layers = params.layers.map((_, k) => {
      const lp = networkLayer(params, k);
      const w = new Int32Array(lp.inputs * lp.neurons);
      lp.weights.forEach((row, i) => w.set(row, i * lp.neurons));
      return {
        inputs: lp.inputs,
        neurons: lp.neurons,
        weights: w,
        acc: new Float64Array(lp.neurons),
        v: new Float64Array(lp.neurons),
        spikes: new Int32Array(lp.neurons),
        spikeCount: 0,
        accWidth: accumulatorWidth(lp),
        spec: lp.neuron,
      };
    });
    this.counters = new Int32Array(this.layers[this.layers.length - 1]!.neurons);
    this.countMax = 2 ** params.countWidth - 1;
    this.stats = { inputSpikes: 0, layerSpikes: this.layers.map(() => 0), synapticOps: 0 };
  }

  /** Power-up state: membranes, counters and statistics to zero. */
  reset(): void {
    for (const l of this.layers) l.v.fill(0);
    this.counters.fill(0);
    this.stats.inputSpikes = 0;
    this.stats.layerSpikes.fill(0);
    this.stats.synapticOps = 0;
  }

  get counts(): number[] {
    return Array.from(this.counters);
  }

  /** The class with the most output spikes; the lowest index among equals (as DenseNetworkModel and the hardware). */
  winner(): number {
    const c = this.counters;
    let best = 0;
    for (let j = 1; j < c.length; j++) if (c[j]! > c[best]!) best = j;
    return best;
  }

  /** One time step with the input indices received in it; returns the last layer's spikes (indices, ascending). */
  step(active: ArrayLike<number>): Int32Array {
    this.stats.inputSpikes += active.length;
    let inp: ArrayLike<number> = active;
    let inCount = active.length;
    for (let k = 0; k < this.layers.length; k++) {
      const l = this.layers[k]!;
      this.integrate(l, inp, inCount);
      this.stats.synapticOps += inCount * l.neurons;
      this.fire(l);
      this.stats.layerSpikes[k]! += l.spikeCount;
      inp = l.spikes;
      inCount = l.spikeCount;
    }
    const last = this.layers[this.layers.length - 1]!;
    for (let s = 0; s < last.spikeCount; s++) {
      const j = last.spikes[s]!;
      if (this.counters[j]! < this.countMax) this.counters[j]! += 1;
    }
    return last.spikes.slice(0, last.spikeCount);
  }

  private integrate(l: FastLayer, active: ArrayLike<number>, count: number): void {
    const M = l.neurons;
    const acc = l.acc;
    const w = l.weights;
    acc.fill(0);
    let prev = -1;
    let distinct = true;
    for (let s = 0; s < count; s++) {
      const i = active[s]!;
      if (!Number.isInteger(i) || i < 0 || i >= l.inputs) throw new RangeError(`input index ${i}: the layer has inputs 0..${l.inputs - 1}`);
      if (i <= prev) distinct = false;
      prev = i;
    }
    if (distinct) {
      // Distinct inputs never reach the accumulator's saturation (accumulatorWidth).
      for (let s = 0; s < count; s++) {
        const row = active[s]! * M;
        for (let j = 0; j < M; j++) acc[j] += w[row + j]!;
      }
    } else {
      for (let s = 0; s < count; s++) {
        const row = active[s]! * M;
        for (let j = 0; j < M; j++) acc[j] = fitNumber(acc[j]! + w[row + j]!, l.accWidth, true, 'saturate');
      }
    }
  }

  private fire(l: FastLayer): void {
    const s = l.spec;
    const M = l.neurons;
    const thr = s.threshold;
    const ge = s.compare === '>=';
    const shift = 2 ** s.inputShift;
    const [vlo, vhi] = s.signed ? [-(2 ** (s.width - 1)), 2 ** (s.width - 1) - 1] : [0, 2 ** s.width - 1];
    const floor = s.floor;
    let n = 0;
    for (let j = 0; j < M; j++) {
      const x = fitNumber(l.acc[j]!, s.inputWidth, true, 'saturate');
      let c = l.v[j]! + x * shift + s.bias;
      if (c < vlo || c > vhi) c = fitNumber(c, s.width, s.signed, s.overflow);
      const spike = ge ? c >= thr : c > thr;
      if (spike) {
        l.spikes[n++] = j;
        switch (s.reset.kind) {
          case 'zero':
            c = 0;
            break;
          case 'value':
            c = s.reset.value;
            break;
          case 'subtract':
            c = fitNumber(c - thr, s.width, s.signed, s.reset.overflow);
            break;
          case 'none':
            break;
        }
      } else if (floor && c < floor.bound) {
        if (floor.action === 'clamp') c = floor.bound;
        else if (floor.action === 'set') c = floor.value;
        else c = fitNumber(c - floor.bound, s.width, s.signed, floor.overflow);
      }
      l.v[j] = c;
    }
    l.spikeCount = n;
  }
}
