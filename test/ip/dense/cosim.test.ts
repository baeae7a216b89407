// Transaction-level co-simulation of a DenseLayer on every installed back end
// (testbenches/cosim): the input stream's accepted items drive the golden
// model, whose predicted output items (fired indices ascending, then the
// marker) are matched in order against the layer's output stream; the back
// ends are also compared with each other on every output in every cycle.
import { describe, expect, it } from 'vitest';
import { DenseLayer, DenseLayerModel, type DenseLayerParams } from '../../../ip/dense/index.ts';
import { loihiCubaLif } from '../../../ip/neuron/index.ts';
import { cosim, type InputRecord, type Payload, type TransactionModel } from '../../../testbenches/cosim/index.ts';
import { BACKENDS, CACHE_DIR } from '../../cosim/helpers.ts';
import { Random } from '../../hdl/random.ts';
import { randomWeights } from './harness.ts';

const r = new Random(99);
const p: DenseLayerParams = { inputs: 12, neurons: 9, weightWidth: 10, weights: randomWeights(r, 12, 9, 10), neuron: loihiCubaLif({ vth: 60 }), neuronsPerWord: 0 };

function stimulus(cycles: number): InputRecord[] {
  const s = new Random(7);
  return Array.from({ length: cycles }, () => ({
    in_valid: s.next() < 0.7 ? 1 : 0,
    in_step: s.next() < 0.12 ? 1 : 0,
    in_index: s.int(0, p.inputs - 1),
    in_time_ref: s.int(0, 1),
    out_ready: s.next() < 0.6 ? 1 : 0,
  }));
}

function model(): TransactionModel {
  const g = new DenseLayerModel(p);
  let active: number[] = [];
  return (_stream, payload) => {
    const x = payload as Readonly<Record<string, bigint>>;
    if (x.step === 0n) {
      active.push(Number(x.index));
      return;
    }
    const step = g.step(active, { timeRef: x.time_ref === 1n });
    active = [];
    const out = (stepFlag: bigint, index: number): { stream: string; payload: Payload } => ({ stream: 'out', payload: { step: stepFlag, index: BigInt(index), time_ref: x.time_ref! } });
    return [...step.spikes.flatMap((s, j) => (s ? [out(0n, j)] : [])), out(1n, 0)];
  };
}

describe('DenseLayer co-simulation (transactions)', () => {
  it(`matches the golden model on ${BACKENDS.join(', ')}`, () => {
    const res = cosim({
      design: DenseLayer,
      params: p,
      stimulus: stimulus(3000),
      backends: BACKENDS,
      cacheDir: CACHE_DIR,
      transactions: {
        inputs: { in: { valid: 'in_valid', ready: 'in_ready', data: { step: 'in_step', index: 'in_index', time_ref: 'in_time_ref' } } },
        outputs: { out: { valid: 'out_valid', ready: 'out_ready', data: { step: 'out_step', index: 'out_index', time_ref: 'out_time_ref' } } },
        model,
      },
    });
    for (const b of res.backends) {
      const report = b.transactions![0]!;
      expect({ backend: b.label, ok: report.ok, missing: report.missing, extra: report.extra, different: report.different }).toEqual({ backend: b.label, ok: true, missing: [], extra: [], different: [] });
      // Many steps went through, and neurons fired in some of them.
      expect(b.transactionCounts!.out!).toBeGreaterThan(b.transactionCounts!.in! / 10);
      expect(report.matched).toBeGreaterThan(150);
    }
  });
});
