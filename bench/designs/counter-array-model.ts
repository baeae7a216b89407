// Golden model of CounterArray (counter-array.ts), from its description:
// counter i adds `increment` (mod 2^width) on every cycle whose en bit i is
// set; `sum` is the wrapping sum and `mix` the xor of all counters after the edge.
import type { GoldenModel, SignalValues } from '../../testbenches/cosim/index.ts';
import type { CounterArrayParams } from './counter-array.ts';

export class CounterArrayModel implements GoldenModel {
  /** Counter patterns as int32 (so 32-bit wrap-around is `| 0`). */
  private readonly c: Int32Array;
  /** 2^width - 1, or -1 (all 32 bits) for 32-bit counters. */
  private readonly mask: number;

  private readonly out = { sum: 0, mix: 0 };

  constructor(private readonly p: CounterArrayParams) {
    if (p.width > 32) throw new Error('CounterArrayModel: counters of at most 32 bits');
    this.c = new Int32Array(p.counters);
    this.mask = p.width === 32 ? -1 : 2 ** p.width - 1;
  }

  reset(): void {
    this.c.fill(0);
  }

  step(inputs: SignalValues): { sum: number; mix: number } {
    const c = this.c;
    const mask = this.mask;
    const inc = this.p.increment | 0;
    let en = inputs.en!;
    let sum = 0;
    let mix = 0;
    for (let i = 0; i < c.length; i += 64) {
      // 64 enable bits as two words through a typed array: no bigint made per word.
      words64[0] = en;
      if (i + 64 < c.length) en >>= 64n;
      for (let k = 0; k < 64 && i + k < c.length; k++) {
        const bit = (words32[k >>> 5]! >>> (k & 31)) & 1;
        // Without a branch: enables are random, a mispredicted branch per counter costs more.
        const v = (c[i + k]! + (inc & -bit)) & mask;
        c[i + k] = v;
        sum = (sum + v) & mask;
        mix ^= v;
      }
    }
    // One result object, reused: the harness reads it before the next step.
    const out = this.out;
    out.sum = sum >>> 0;
    out.mix = mix >>> 0;
    return out;
  }
}

const words64 = new BigUint64Array(1);
const words32 = new Uint32Array(words64.buffer);
