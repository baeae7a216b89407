// The parameters of the AER encoder and decoder: one type each, taken by the
// hardware builder and the golden model alike.
import { isPositiveInt } from '../param-errors.ts';

export interface AerEncoderParams {
  /** Spike input lines N; addresses are 0..N-1. */
  lines: number;
  /** Words of the output FIFO (a memory; Yosys infers RAM). */
  fifoDepth: number;
  /**
   * Bits of each line's pending-spike counter: a line holds up to
   * 2^pendingWidth - 1 spikes while it waits for the arbiter (1 = a flag).
   * A spike that finds its line's counter full is lost and flagged on `lost`.
   */
  pendingWidth: number;
}

export const defaultAerEncoderParams: AerEncoderParams = { lines: 16, fifoDepth: 16, pendingWidth: 2 };

export function validateAerEncoderParams(p: AerEncoderParams): string[] {
  const errs: string[] = [];
  if (!isPositiveInt(p.lines, 4096)) errs.push(`lines: must be an integer between 1 and 4096, got ${String(p.lines)}`);
  if (!isPositiveInt(p.fifoDepth, 1 << 20)) errs.push(`fifoDepth: must be an integer between 1 and ${1 << 20}, got ${String(p.fifoDepth)}`);
  if (!isPositiveInt(p.pendingWidth, 16)) errs.push(`pendingWidth: must be an integer between 1 and 16, got ${String(p.pendingWidth)}`);
  return errs;
}

export type AerDecoderMode = 'pulse' | 'frame';

export interface AerDecoderParams {
  /** Spike output lines N; an address >= N is ignored. */
  lines: number;
  /**
   * 'pulse': each address received raises its line for one cycle (the cycle
   * after the transfer). 'frame': addresses are collected into a spike vector
   * until `step`, which publishes the vector for the time step.
   */
  mode: AerDecoderMode;
}

export const defaultAerDecoderParams: AerDecoderParams = { lines: 16, mode: 'pulse' };

export function validateAerDecoderParams(p: AerDecoderParams): string[] {
  const errs: string[] = [];
  if (!isPositiveInt(p.lines, 4096)) errs.push(`lines: must be an integer between 1 and 4096, got ${String(p.lines)}`);
  if (p.mode !== 'pulse' && p.mode !== 'frame') errs.push(`mode: must be 'pulse' or 'frame', got ${String(p.mode)}`);
  return errs;
}
