// Transaction-level testbench of the FIFO (examples/fifo.ts): a reactive
// driver pushes random words while obeying valid/ready (a word stays on
// `enq_data` until it is taken), a sink applies random back-pressure, and a
// scoreboard checks that what leaves is what entered, in order, with nothing
// lost, added or changed.
//
// Run it with: spikeforge sim examples/fifo.tb.ts [--backend all]
import { reactive, testbench, type TestbenchParts } from '../testbenches/cosim/index.ts';
import { Fifo, type FifoParams } from './fifo.ts';

export const params: FifoParams = { width: 8, addrBits: 3 };

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0) / 2 ** 32;
  };
}

/** Cycles at the end with no new words and the sink always ready (more than the FIFO's depth plus its latency). */
const DRAIN = 64;

/** Driver and sink for one run: valid/ready-correct on the enqueue side, random ready on the dequeue side. */
export function fifoParts(seed = 7, cycles = 3000): TestbenchParts {
  const rand = xorshift(seed);
  let valid = 0;
  let data = 0;
  let readyWhenOffered = 0n;
  const stimulus = reactive((cycle, outputs) => {
    if (cycle >= cycles) return null;
    // The word offered last cycle was taken if enq_ready was high then (it depends on state only).
    if (valid && readyWhenOffered !== 0n) valid = 0;
    // Bursts of traffic and quiet phases, so the FIFO fills up and drains; the
    // last cycles only drain, so every word has left when the run ends.
    const draining = cycle >= cycles - DRAIN;
    const busy = !draining && Math.floor(cycle / 200) % 2 === 0;
    if (!valid && !draining && rand() < (busy ? 0.8 : 0.2)) {
      valid = 1;
      data = Math.floor(rand() * 256);
    }
    readyWhenOffered = outputs.enq_ready!;
    return { enq_valid: valid, enq_data: data, deq_ready: draining || rand() < (busy ? 0.3 : 0.9) ? 1 : 0 };
  });
  return {
    stimulus,
    transactions: {
      inputs: { enq: { valid: 'enq_valid', ready: 'enq_ready', data: 'enq_data' } },
      outputs: { deq: { valid: 'deq_valid', ready: 'deq_ready', data: 'deq_data' } },
      // A FIFO's reference: every word that goes in comes out, in the same order.
      model: () => (_stream, payload) => [{ stream: 'deq', payload }],
    },
  };
}

export const tb = testbench({
  name: 'fifo',
  design: Fifo,
  params: { ...params },
  setup: () => fifoParts(7, 3000),
  cycles: 3000,
});
