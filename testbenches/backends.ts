// One entry point for every simulator back end: `createSimulator(design,
// backend, opts)` and `availableBackends()`. The built-in back end needs
// nothing; Verilator needs verilator, a C++ compiler and the Node-API headers;
// Icarus needs iverilog and vvp. A back end that is asked for but missing is
// a `BackendUnavailableError` whose message names the install command.
import { join } from 'node:path';
import type { IrDesign } from '../hdl/ir.ts';
import { createBuiltinSimulator } from './builtin/index.ts';
import { createIcarusSimulator } from './iverilog/index.ts';
import type { BackendName, Simulator, TraceOptions } from './simulator.ts';
import { findTool } from './tools.ts';
import { toolchain } from './verilator/toolchain.ts';
import { createVerilatorSimulator } from './verilator/index.ts';

export type { BackendName } from './simulator.ts';

/** Every back end, in the order `availableBackends()` lists them. */
export const BACKENDS: readonly BackendName[] = Object.freeze(['builtin', 'verilator', 'iverilog']);

export interface CreateSimulatorOptions {
  /** Tracing (see `TraceOptions` in simulator.ts). */
  trace?: TraceOptions;
  /**
   * Verilator only: start from random state (`+verilator+rand+reset+2` with
   * this seed), so state that no reset or initial value sets is random.
   */
  randReset?: number;
  /**
   * Cache root shared by the back ends that compile: Verilator models go to
   * `<cacheDir>/verilator`, Icarus testbenches to `<cacheDir>/iverilog`.
   * Default: `$SPIKEFORGE_CACHE`, else the back ends' own defaults.
   */
  cacheDir?: string;
  /** Progress messages of long steps (the Verilator build). */
  onProgress?: (msg: string) => void;
}

/** A back end that was asked for but cannot run here. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`the ${backend} back end is not available: ${reason}`);
    this.name = 'BackendUnavailableError';
  }
}

const INSTALL: Record<Exclude<BackendName, 'builtin'>, string> = {
  verilator: 'apt-get install verilator g++',
  iverilog: 'apt-get install iverilog',
};

const status = new Map<BackendName, string | null>();

/** Why a back end cannot run here, or null when it can. Looked up once per process. */
export function backendUnavailableReason(backend: BackendName): string | null {
  if (!BACKENDS.includes(backend)) return `unknown back end '${String(backend)}' (back ends: ${BACKENDS.join(', ')})`;
  if (!status.has(backend)) status.set(backend, probe(backend));
  return status.get(backend) ?? null;
}

function probe(backend: BackendName): string | null {
  switch (backend) {
    case 'builtin':
      return null;
    case 'verilator': {
      if (!findTool('verilator')) return `verilator is not installed (install it with: ${INSTALL.verilator})`;
      try {
        toolchain(); // g++ and the Node-API headers
        return null;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    }
    case 'iverilog': {
      const missing = (['iverilog', 'vvp'] as const).filter((t) => !findTool(t));
      if (missing.length === 0) return null;
      return `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed (install with: ${INSTALL.iverilog})`;
    }
  }
}

/** The back ends that can run here: 'builtin' always, the others when their tools are installed. */
export function availableBackends(): BackendName[] {
  return BACKENDS.filter((b) => backendUnavailableReason(b) === null);
}

/** Throws a BackendUnavailableError unless the back end can run here. */
export function requireBackend(backend: BackendName): void {
  const reason = backendUnavailableReason(backend);
  if (reason !== null) throw new BackendUnavailableError(backend, reason);
}

/**
 * Parses a back-end list as users write it: 'all' (every available one), or
 * names separated by commas. Unknown names throw; names that are not
 * available throw a BackendUnavailableError.
 */
export function resolveBackends(spec: string | readonly BackendName[] | undefined): BackendName[] {
  if (spec === undefined || spec === 'all') return availableBackends();
  const names = typeof spec === 'string' ? spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [...spec];
  if (names.length === 0) throw new Error('no back end named (back ends: builtin, verilator, iverilog, or all)');
  const out: BackendName[] = [];
  for (const n of names) {
    if (n === 'all') {
      for (const b of availableBackends()) if (!out.includes(b)) out.push(b);
      continue;
    }
    if (!BACKENDS.includes(n as BackendName)) throw new Error(`unknown back end '${n}' (back ends: ${BACKENDS.join(', ')}, or all)`);
    requireBackend(n as BackendName);
    if (!out.includes(n as BackendName)) out.push(n as BackendName);
  }
  return out;
}

/** A simulator of `design` on the given back end. */
export function createSimulator(design: IrDesign, backend: BackendName, opts: CreateSimulatorOptions = {}): Simulator {
  requireBackend(backend);
  if (opts.randReset !== undefined && backend !== 'verilator') {
    throw new Error(`randReset is a Verilator option; the ${backend} back end has no random initial state`);
  }
  const trace = opts.trace ? { trace: opts.trace } : {};
  switch (backend) {
    case 'builtin':
      return createBuiltinSimulator(design, { ...trace });
    case 'verilator':
      return createVerilatorSimulator(design, {
        ...trace,
        ...(opts.randReset !== undefined ? { randReset: opts.randReset } : {}),
        ...(opts.cacheDir !== undefined ? { cacheDir: join(opts.cacheDir, 'verilator') } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
    case 'iverilog':
      return createIcarusSimulator(design, { ...trace, ...(opts.cacheDir !== undefined ? { cacheDir: opts.cacheDir } : {}) });
  }
}
