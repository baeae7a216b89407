// Shared bits for the waveform tests: temporary directories and a seeded PRNG.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `spikeforge-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** xorshift32: the same numbers on every run. */
export function rng(seed: number): { int(n: number): number; bits(width: number): bigint } {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return {
    int: (n) => next() % n,
    bits: (width) => {
      let v = 0n;
      for (let i = 0; i < width; i += 16) v = (v << 16n) | BigInt(next() & 0xffff);
      return v & ((1n << BigInt(width)) - 1n);
    },
  };
}
