// Spike-driven self-attention (ip/attention SpikeAttention), the serial unit:
// 4 tokens x 4 channels, one channel's popcount per cycle, so a result comes
// D + 1 = 5 cycles after its input and the next input waits for in_ready.
// Two inputs offered back to back; both results are checked against
// spikeDrivenSelfAttention. Matrices are shown as their packed bits in hex
// (bit t*4 + d = token t, channel d).
import { elaborate } from '../../hdl/index.ts';
import { packSpikeMatrix, SpikeAttention, spikeDrivenSelfAttention, type AttentionParams } from '../../ip/attention/index.ts';
import type { WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { expectEqual, traceOf, type IpDiagram } from './diagram.ts';

const params: AttentionParams = { tokens: 4, channels: 4, scaleShift: 1, threshold: 1, compare: '>=', implementation: 'serial' };

type M = number[][];
const inputs: { q: M; k: M; v: M }[] = [
  {
    q: [[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 0], [0, 0, 1, 1]],
    k: [[1, 1, 0, 1], [1, 0, 1, 0], [0, 1, 1, 1], [1, 0, 0, 1]],
    v: [[1, 0, 0, 1], [1, 1, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]],
  },
  {
    q: [[1, 1, 1, 1], [0, 1, 0, 1], [1, 0, 1, 0], [1, 1, 0, 0]],
    k: [[0, 1, 1, 0], [0, 1, 1, 0], [1, 1, 0, 0], [0, 1, 1, 1]],
    v: [[0, 1, 1, 0], [1, 1, 0, 1], [1, 1, 0, 0], [0, 0, 1, 1]],
  },
];

const SIGNALS = ['in_valid', 'in_ready', 'q', 'k', 'v', 'out_valid', 'out', 'mask'];

function maskBits(mask: readonly boolean[]): bigint {
  return mask.reduce((x, b, d) => (b ? x | (1n << BigInt(d)) : x), 0n);
}

export const attentionDiagram: IpDiagram = {
  name: 'attention',
  doc: 'attention.md',
  record() {
    const name = 'attention';
    const sim = createBuiltinSimulator(elaborate(SpikeAttention, params), { trace: { signals: SIGNALS } });
    const annotations: WaveAnnotation[] = [];
    const results: { out: bigint; mask: bigint }[] = [];
    try {
      sim.reset(1);
      const from = sim.cycle;
      sim.step(1);
      let next = 0;
      for (let guard = 0; results.length < inputs.length; guard++) {
        if (guard > 40) throw new Error(`${name}: only ${results.length} of ${inputs.length} results came out`);
        const c = sim.cycle;
        const x = inputs[next];
        sim.poke('in_valid', x ? 1 : 0);
        if (x) {
          sim.poke('q', packSpikeMatrix(x.q));
          sim.poke('k', packSpikeMatrix(x.k));
          sim.poke('v', packSpikeMatrix(x.v));
          if (sim.peek('in_ready') === 1n) {
            annotations.push({ cycle: c, signal: 'in_valid', text: `input ${next + 1} taken` });
            next++;
          }
        }
        if (sim.peek('out_valid') === 1n) {
          results.push({ out: sim.peek('out'), mask: sim.peek('mask') });
          annotations.push({ cycle: c, signal: 'out_valid', text: `result ${results.length}` });
        }
        sim.step(1);
      }
      sim.step(1);
      inputs.forEach((x, i) => {
        const want = spikeDrivenSelfAttention(params, x.q, x.k, x.v);
        expectEqual(name, sim.cycle, `out of input ${i + 1}`, packSpikeMatrix(want.out), results[i]!.out);
        expectEqual(name, sim.cycle, `mask of input ${i + 1}`, maskBits(want.mask), results[i]!.mask);
      });
      return {
        trace: traceOf(sim),
        options: {
          from,
          signals: SIGNALS,
          radix: { q: 'hex', k: 'hex', v: 'hex', out: 'hex', mask: 'bin' },
          title: "SpikeAttention, 'serial': 4 tokens x 4 channels, mask[d] = (popcount(K AND V)[d] >> 1) >= 1, out = Q AND mask",
          annotations,
        },
        checked: `${inputs.length} results (out, mask) equal to spikeDrivenSelfAttention`,
      };
    } finally {
      sim.close();
    }
  },
};
