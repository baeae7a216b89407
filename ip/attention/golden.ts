// The golden model of spike-driven self-attention (SDSA, Spike-driven
// Transformer V1 / Meta-SpikeFormer), from the equations of
// docs/ip/attention.md:
//   count[d] = sum over tokens t of (K[t][d] AND V[t][d])
//   mask[d]  = (count[d] >> scaleShift) compare threshold
//   out[t][d] = Q[t][d] AND mask[d]
import { assertNoParamErrors } from '../param-errors.ts';
import { validateAttentionParams, type AttentionParams } from './params.ts';

/** A binary spike matrix: rows are tokens, columns channels; entries 0/1 or booleans. */
export type SpikeMatrix = readonly (readonly (number | boolean)[])[];

export interface AttentionResult {
  counts: number[];
  mask: boolean[];
  out: boolean[][];
}

function bit(m: SpikeMatrix, t: number, d: number, name: string): boolean {
  const x = m[t]?.[d];
  if (x === true || x === 1) return true;
  if (x === false || x === 0) return false;
  throw new RangeError(`${name}[${t}][${d}] must be 0, 1 or a boolean, got ${String(x)}`);
}

export function spikeDrivenSelfAttention(p: AttentionParams, q: SpikeMatrix, k: SpikeMatrix, v: SpikeMatrix): AttentionResult {
  assertNoParamErrors('SpikeAttention', validateAttentionParams(p));
  const { tokens: T, channels: D } = p;
  for (const [name, m] of [['Q', q], ['K', k], ['V', v]] as const) {
    if (m.length !== T || m.some((r) => r.length !== D)) throw new RangeError(`${name} must be ${T} tokens x ${D} channels`);
  }
  const counts = Array.from({ length: D }, (_, d) => {
    let c = 0;
    for (let t = 0; t < T; t++) if (bit(k, t, d, 'K') && bit(v, t, d, 'V')) c++;
    return c;
  });
  const mask = counts.map((c) => {
    const s = c >> p.scaleShift;
    return p.compare === '>=' ? s >= p.threshold : s > p.threshold;
  });
  const out = Array.from({ length: T }, (_, t) => Array.from({ length: D }, (_, d) => bit(q, t, d, 'Q') && mask[d]!));
  return { counts, mask, out };
}

/** A matrix as the hardware ports carry it: bit t*channels + d is [t][d]. */
export function packSpikeMatrix(m: SpikeMatrix): bigint {
  let x = 0n;
  const D = m[0]?.length ?? 0;
  m.forEach((row, t) =>
    row.forEach((b, d) => {
      if (b === true || b === 1) x |= 1n << BigInt(t * D + d);
    }),
  );
  return x;
}

export function unpackSpikeMatrix(x: bigint, tokens: number, channels: number): boolean[][] {
  return Array.from({ length: tokens }, (_, t) => Array.from({ length: channels }, (_, d) => ((x >> BigInt(t * channels + d)) & 1n) === 1n));
}

/** Cycles from an accepted input to its result (out_valid), and between accepted inputs. */
export function attentionCycles(p: Pick<AttentionParams, 'channels' | 'implementation'>): { latency: number; interval: number } {
  return p.implementation === 'parallel' ? { latency: 1, interval: 1 } : { latency: p.channels + 1, interval: p.channels + 1 };
}
