// The parameters of the spike-driven self-attention unit: one type, taken by
// the hardware builder and the golden model alike.
import { isPositiveInt } from '../param-errors.ts';

export type AttentionImplementation = 'parallel' | 'serial';

export interface AttentionParams {
  /** Tokens T (rows of Q, K, V). */
  tokens: number;
  /** Channels D (columns). */
  channels: number;
  /** The column count is scaled by 2^-scaleShift (a floor shift; 3 gives 1/8). */
  scaleShift: number;
  /** A channel is kept when (count >> scaleShift) compare threshold; 0..(tokens >> scaleShift). */
  threshold: number;
  compare: '>=' | '>';
  /** 'parallel': D popcount trees, one result per cycle. 'serial': one tree, one channel per cycle. */
  implementation: AttentionImplementation;
}

export const defaultAttentionParams: AttentionParams = {
  tokens: 16,
  channels: 16,
  scaleShift: 3,
  threshold: 1,
  compare: '>=',
  implementation: 'parallel',
};

/** Bits of a column count 0..tokens. */
export function countWidth(tokens: number): number {
  return Math.max(1, Math.ceil(Math.log2(tokens + 1)));
}

export function validateAttentionParams(p: AttentionParams): string[] {
  const errs: string[] = [];
  const tOk = isPositiveInt(p.tokens, 4096);
  if (!tOk) errs.push(`tokens: must be an integer between 1 and 4096, got ${String(p.tokens)}`);
  if (!isPositiveInt(p.channels, 4096)) errs.push(`channels: must be an integer between 1 and 4096, got ${String(p.channels)}`);
  if (tOk && isPositiveInt(p.channels) && p.tokens * p.channels > 65536) {
    errs.push(`tokens: tokens * channels must be at most 65536 (one bit per spike of a matrix port), got ${p.tokens * p.channels}`);
  }
  const maxShift = tOk ? Math.floor(Math.log2(p.tokens)) : 12;
  const sOk = typeof p.scaleShift === 'number' && Number.isSafeInteger(p.scaleShift) && p.scaleShift >= 0 && p.scaleShift <= maxShift;
  if (!sOk) errs.push(`scaleShift: must be an integer between 0 and ${maxShift} (a larger shift leaves every count 0), got ${String(p.scaleShift)}`);
  if (p.compare !== '>=' && p.compare !== '>') errs.push(`compare: must be '>=' or '>', got ${String(p.compare)}`);
  if (p.implementation !== 'parallel' && p.implementation !== 'serial') {
    errs.push(`implementation: must be 'parallel' or 'serial', got ${String(p.implementation)}`);
  }
  if (typeof p.threshold !== 'number' || !Number.isSafeInteger(p.threshold)) errs.push(`threshold: must be an integer, got ${String(p.threshold)}`);
  else if (tOk && sOk) {
    const max = p.tokens >> p.scaleShift;
    if (p.threshold < 0 || p.threshold > max) {
      errs.push(`threshold: ${p.threshold} is outside the range of the scaled count, 0..${max} (tokens ${p.tokens} >> scaleShift ${p.scaleShift})`);
    }
  }
  return errs;
}
