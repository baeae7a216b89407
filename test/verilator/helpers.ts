// Shared by the Verilator back-end tests: the tool check, one model cache for
// every test file (under the OS temp directory, kept between runs so that only
// the first run compiles), and reference models written out independently of
// the hardware builders.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveTool } from '../../testbenches/tools.ts';
import type { VerilatorSimulatorOptions } from '../../testbenches/verilator/index.ts';

export const haveVerilator = haveTool('verilator');

export const CACHE_DIR = process.env.SPIKEFORGE_TEST_VERILATOR_CACHE ?? join(tmpdir(), 'spikeforge-verilator-test-cache');

export function simOptions(extra: VerilatorSimulatorOptions = {}): VerilatorSimulatorOptions {
  return { cacheDir: CACHE_DIR, ...extra };
}

/** A small deterministic generator (xorshift32) for stimulus. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }
  bool(pTrue = 0.5): boolean {
    return this.next() / 2 ** 32 < pTrue;
  }
}

/** Saturate to a signed 16-bit value. */
export function sat16(x: number): number {
  return Math.max(-32768, Math.min(32767, x));
}

/**
 * One LIF neuron cycle as examples/lif-neuron.ts documents it, written out:
 * integrated = sat16(v - floor(v / 2^k) + current); it fires when step is high
 * and integrated >= threshold; on step the membrane takes 0 (fired) or
 * integrated, otherwise it holds.
 */
export function lifCycle(v: number, current: number, step: boolean, k: number, threshold: number): { fire: boolean; next: number } {
  const integrated = sat16(v - Math.floor(v / 2 ** k) + current);
  const fire = step && integrated >= threshold;
  return { fire, next: step ? (fire ? 0 : integrated) : v };
}
