// A testbench as a value: what `spikeforge sim <file.ts>` runs. A testbench
// file exports one (or several) made with `testbench({...})`:
//
//   export const tb = testbench({
//     design: LifNeuron, params: { threshold: 500 },
//     model: () => new LifModel(),
//     stimulus: (k) => ({ step: 1, current: k % 50 }),
//     cycles: 2000,
//   });
//
// Models and stimuli often keep state, so each run can get fresh ones: `model`
// may be a factory, and `setup()` may return the model, the stimulus and the
// transaction check together (its fields win over the plain ones).
import { callerLoc, type Design, type SourceLoc } from '../../hdl/index.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import type { BackendName } from '../simulator.ts';
import { cosim, type CosimOptions, type CosimResult } from './cosim.ts';
import type { TransactionCheck } from './streams.ts';
import type { GoldenModel, Stimulus } from './types.ts';

export interface TestbenchParts {
  model?: GoldenModel;
  stimulus?: Stimulus;
  transactions?: TransactionCheck;
}

export interface TestbenchSpec {
  /** Shown in reports; default the design's name. */
  name?: string;
  design: Design | IrDesign;
  params?: object;
  /** A golden model, or a function making a fresh one for each run. */
  model?: GoldenModel | (() => GoldenModel);
  stimulus?: Stimulus;
  /** Fresh model / stimulus / transaction check for each run. */
  setup?: () => TestbenchParts;
  transactions?: TransactionCheck;
  cycles?: number;
  observe?: readonly string[];
  resetCycles?: number;
  /** Back ends the testbench runs on by default (default: every available one). */
  backends?: readonly BackendName[];
  /** Seeds of the random-initial-state Verilator runs (see CosimOptions.randReset); false: none. */
  randReset?: readonly number[] | false;
  waveWindow?: { before?: number; after?: number };
}

export interface Testbench extends TestbenchSpec {
  readonly kind: 'spikeforge.testbench';
  readonly name: string;
  /** Where `testbench()` was called. */
  readonly loc: SourceLoc;
}

/** Declares a testbench (see the file comment). */
export function testbench(spec: TestbenchSpec): Testbench {
  const name = spec.name ?? ('modules' in spec.design ? spec.design.top : spec.design.name);
  return Object.freeze({ ...spec, kind: 'spikeforge.testbench' as const, name, loc: callerLoc() });
}

export function isTestbench(x: unknown): x is Testbench {
  return !!x && typeof x === 'object' && (x as Testbench).kind === 'spikeforge.testbench';
}

export interface RunTestbenchOptions {
  backends?: readonly BackendName[] | string;
  vcd?: string;
  wave?: string;
  cycles?: number;
  cacheDir?: string;
  onProgress?: (msg: string) => void;
}

/** The cosim options of one run of a testbench (fresh parts from `setup`). */
export function testbenchOptions(tb: Testbench, o: RunTestbenchOptions = {}): CosimOptions {
  const parts = tb.setup?.() ?? {};
  const model = parts.model ?? (typeof tb.model === 'function' ? tb.model() : tb.model);
  const stimulus = parts.stimulus ?? tb.stimulus;
  const transactions = parts.transactions ?? tb.transactions;
  if (stimulus === undefined) throw new Error(`testbench '${tb.name}' has no stimulus (give stimulus, or return it from setup())`);
  const cycles = o.cycles ?? tb.cycles;
  const backends = o.backends ?? tb.backends;
  return {
    design: tb.design,
    ...(tb.params ? { params: tb.params } : {}),
    ...(model ? { model } : {}),
    stimulus,
    ...(transactions ? { transactions } : {}),
    ...(cycles !== undefined ? { cycles } : {}),
    ...(backends !== undefined ? { backends } : {}),
    ...(tb.observe ? { observe: tb.observe } : {}),
    ...(tb.resetCycles !== undefined ? { resetCycles: tb.resetCycles } : {}),
    ...(tb.randReset !== undefined ? { randReset: tb.randReset } : {}),
    ...(tb.waveWindow ? { waveWindow: tb.waveWindow } : {}),
    ...(o.vcd !== undefined ? { vcd: o.vcd } : {}),
    ...(o.wave !== undefined ? { wave: o.wave } : {}),
    ...(o.cacheDir !== undefined ? { cacheDir: o.cacheDir } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  };
}

/** Runs a testbench; throws like `cosim` on a mismatch. */
export function runTestbench(tb: Testbench, o: RunTestbenchOptions = {}): CosimResult {
  return cosim(testbenchOptions(tb, o));
}
