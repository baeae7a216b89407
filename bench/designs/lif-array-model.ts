// Golden model of LifArray (bench/lif-array.ts), from its equations, in plain
// number arithmetic: on a step, v' = sat16(v - floor(v / 16) + current);
// neuron i fires when v' >= 1000 + (i mod 512) and then resets to 0. `spikes`
// is combinational: bit i looks at the new membrane with the same inputs.
// (ip/neuron's NeuronModel is a per-neuron BigInt model of the neuron IP's
// own spec; this array is written directly, so it gets its own small model.)
import type { GoldenModel, SignalValues } from '../../testbenches/cosim/index.ts';

const sat16 = (x: number): number => (x > 32767 ? 32767 : x < -32768 ? -32768 : x);

export class LifArrayModel implements GoldenModel {
  private readonly v: Int32Array;
  private readonly words: Uint32Array;

  constructor(private readonly neurons = 256) {
    this.v = new Int32Array(neurons);
    this.words = new Uint32Array(Math.ceil(neurons / 32));
  }

  reset(): void {
    this.v.fill(0);
  }

  step(inputs: SignalValues): { spikes: bigint } {
    const step = inputs.step !== 0n;
    const current = Number(inputs.current);
    const v = this.v;
    const words = this.words;
    words.fill(0);
    for (let i = 0; i < v.length; i++) {
      const thr = 1000 + (i % 512);
      if (step) {
        const next = sat16(v[i]! - (v[i]! >> 4) + current);
        v[i] = next >= thr ? 0 : next;
        if (sat16(v[i]! - (v[i]! >> 4) + current) >= thr) words[i >>> 5] = words[i >>> 5]! | (1 << (i & 31));
      }
    }
    let spikes = 0n;
    for (let k = words.length - 1; k >= 0; k--) spikes = (spikes << 32n) | BigInt(words[k]!);
    return { spikes };
  }
}
