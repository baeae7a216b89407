// Spike-driven self-attention in hardware: AND gates, popcount adder trees,
// a constant shift and a compare; no multiplier anywhere. 'parallel' has one
// adder tree per channel and takes a new Q/K/V every cycle; 'serial' keeps
// the K AND V columns in a shift register and runs them one channel per
// cycle through a single adder tree (D + 1 cycles per input).
import { Bool, design, UInt, type InputPort, type OutputPort, type Signal } from '../../hdl/index.ts';
import { reportParamErrors } from '../param-errors.ts';
import { packBits } from '../aer/priority-encoder.ts';
import { countWidth, defaultAttentionParams, validateAttentionParams, type AttentionParams } from './params.ts';

export interface AttentionPorts {
  in_valid: InputPort;
  /** 'parallel': always high. 'serial': low while a matrix is being processed. */
  in_ready: OutputPort;
  /** Spike matrices, bit t*channels + d = [token t][channel d]. */
  q: InputPort;
  k: InputPort;
  v: InputPort;
  /** High for one cycle when `out` and `mask` show a new result (they hold until the next). */
  out_valid: OutputPort;
  out: OutputPort;
  /** The channel mask of the latest result (bit d: channel d kept). */
  mask: OutputPort;
}

/** Number of set bits among 1-bit signals, as a balanced adder tree, UInt(countWidth(n)). */
export function popcount(bits: readonly Signal[]): Signal {
  const w = countWidth(bits.length);
  let level = bits.map((b) => b);
  while (level.length > 1) {
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]!.add(level[i + 1]!) : level[i]!);
    level = next;
  }
  const s = level[0]!;
  return s.width >= w ? s.truncate(w) : s.zext(w);
}

/** The channel decision: (count >> scaleShift) compare threshold. */
function keep(count: Signal, p: AttentionParams): Signal {
  const scaled = count.shr(p.scaleShift);
  return p.compare === '>=' ? scaled.ge(p.threshold) : scaled.gt(p.threshold);
}

export const SpikeAttention = design(
  'SpikeAttention',
  defaultAttentionParams,
  (m, p): AttentionPorts => {
    const bad = reportParamErrors(m, 'attention-param', 'SpikeAttention', validateAttentionParams(p));
    const T = bad ? 1 : p.tokens;
    const D = bad ? 1 : p.channels;
    const TD = T * D;
    const ports: AttentionPorts = {
      in_valid: m.input('in_valid', Bool()),
      in_ready: m.output('in_ready', Bool()),
      q: m.input('q', UInt(TD)),
      k: m.input('k', UInt(TD)),
      v: m.input('v', UInt(TD)),
      out_valid: m.output('out_valid', Bool()),
      out: m.output('out', UInt(TD)),
      mask: m.output('mask', UInt(D)),
    };
    if (bad) {
      for (const o of [ports.in_ready, ports.out_valid, ports.out, ports.mask]) o.set(0);
      return ports;
    }
    const bitOf = (x: Signal, i: number): Signal => (x.width === 1 ? x : x.bit(i));
    const kv = m.let('kv', ports.k.and(ports.v));
    /** Column d of a matrix as 1-bit signals, token 0 first. */
    const column = (x: Signal, d: number): Signal[] => Array.from({ length: T }, (_, t) => bitOf(x, t * D + d));
    const outReg = m.reg('out_reg', UInt(TD), { reset: 0 });
    const maskReg = m.reg('mask_reg', UInt(D), { reset: 0 });
    const valid = m.reg('out_valid_reg', Bool(), { reset: 0 });
    /** The mask spread over every token: bit t*D + d = mask[d]. */
    const spread = (mask: Signal): Signal => (T === 1 ? mask : mask.repeat(T));

    if (p.implementation === 'parallel') {
      const mask = m.let('mask_now', packBits(Array.from({ length: D }, (_, d) => m.let(`keep_${d}`, keep(m.let(`count_${d}`, popcount(column(kv, d))), p)))));
      valid.set(ports.in_valid);
      m.when(ports.in_valid, () => {
        maskReg.set(mask);
        outReg.set(ports.q.and(spread(mask)));
      });
      ports.in_ready.set(1);
    } else {
      const busy = m.reg('busy', Bool(), { reset: 0 });
      const ch = m.reg('channel', UInt(countWidth(D)), { reset: 0 });
      const qReg = m.reg('q_reg', UInt(TD), { reset: 0 });
      const cols = Array.from({ length: D }, (_, d) => m.reg(`kv_col_${d}`, UInt(T), { reset: 0 }));
      const partial = m.reg('mask_partial', UInt(D), { reset: 0 });
      const take = m.let('take', ports.in_valid.and(busy.not()));
      const count = m.let('count', popcount(Array.from({ length: T }, (_, t) => bitOf(cols[0]!, t))));
      const bitNow = m.let('keep', keep(count, p));
      // Channel d's bit enters at the top; after D shifts channel 0 sits in bit 0.
      const shifted = D === 1 ? bitNow : bitNow.cat(partial.slice(D - 1, 1));
      const last = m.let('last', ch.eq(D - 1));
      m.when(take, () => {
        qReg.set(ports.q);
        cols.forEach((c, d) => c.set(packBits(column(kv, d))));
        busy.set(1);
        ch.set(0);
      }).elseWhen(busy, () => {
        cols.forEach((c, d) => c.set(d + 1 < D ? cols[d + 1]! : c.lit(0, UInt(T))));
        partial.set(shifted);
        ch.set(ch.addWrap(1));
        m.when(last, () => {
          busy.set(0);
          maskReg.set(shifted);
          outReg.set(qReg.and(spread(shifted)));
        });
      });
      valid.set(busy.and(last));
      ports.in_ready.set(busy.not());
    }
    ports.out_valid.set(valid);
    ports.out.set(outReg);
    ports.mask.set(maskReg);
    return ports;
  },
  { doc: 'Spike-driven self-attention (SDSA): per channel popcount over tokens of K AND V, scaled by a shift and thresholded into a mask; out = Q AND mask. No multipliers.' },
);
