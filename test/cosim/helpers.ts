// Shared by the co-simulation tests: which back ends to run (every installed
// one; a missing tool is a visible skip, or a failure under
// SPIKEFORGE_REQUIRE_TOOLS=1), a model cache shared between runs, and
// temporary directories.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { BackendName } from '../../testbenches/backends.ts';
import { haveTool } from '../../testbenches/tools.ts';

export const haveVerilator = haveTool('verilator');
export const haveIcarus = haveTool('iverilog') && haveTool('vvp');

/** Every back end these tests run on. */
export const BACKENDS: BackendName[] = ['builtin', ...(haveVerilator ? (['verilator'] as const) : []), ...(haveIcarus ? (['iverilog'] as const) : [])];

/** Compiled models are kept between test runs (only the first run builds them). */
export const CACHE_DIR = process.env.SPIKEFORGE_TEST_COSIM_CACHE ?? join(tmpdir(), 'spikeforge-cosim-test-cache');

/** A fresh temporary directory, removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `spikeforge-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
