// IR -> compiled model: check, flatten, schedule, generate, and turn the source
// into a function once. Models are cached per process by a hash of the design
// (source locations ignored), so a second simulator of the same design skips
// all of it and only allocates fresh state.
import type { IrDesign } from '../../hdl/ir.ts';
import { DesignError, DiagnosticSink } from '../../hdl/diagnostics.ts';
import { runChecks } from '../../hdl/passes/index.ts';
import { designHash } from './canonical-hash.ts';
import { findClock, findResetPorts, type ClockInfo, type ResetPort } from './clocking.ts';
import { generate, type Layout } from './codegen.ts';
import { flattenDesign, type FlatDesign, type FlatNetId } from './flatten.ts';
import { generateLoop, type LoopFunction } from './loop.ts';
import { scheduleComb } from './schedule.ts';
import { validateDesign } from './validate.ts';
import { NARROW_MAX } from './values.ts';

export interface ModelFunctions {
  /** Re-evaluates every combinational net. */
  settle(): void;
  /**
   * Re-evaluates only the nets that depend on a top-level input: enough after
   * pokes when nothing else changed since the last full settle.
   */
  settleInputs(): void;
  /**
   * Only when settleInputs is settle (most logic depends on an input), else
   * null: settles what the edge reads, and what the top-level outputs read.
   * A cycle with new inputs is then settleForEdge, edge, settleOutputs, and
   * leaves the other nets unsettled.
   */
  settleForEdge: (() => void) | null;
  settleOutputs: (() => void) | null;
  /** One rising clock edge (registers, synchronous reads, writes); leaves nets unsettled. */
  edge(): void;
  /** n times edge() then settle(). */
  run(n: number): void;
}

/** The generated functions, once per compiled model, working on the state arrays last bound. */
export interface BoundModelFunctions extends ModelFunctions {
  /** Points the functions at one simulator's state: nets, wide nets, memories, shadow slots. */
  bind(N: Int32Array, B: bigint[], M: (Int32Array | bigint[])[], S: Int32Array, SB: bigint[]): void;
}

export type ModelFactory = () => BoundModelFunctions;

export interface CompiledModel {
  key: string;
  flat: FlatDesign;
  layout: Layout;
  clock: ClockInfo;
  resets: ResetPort[];
  source: string;
  factory: ModelFactory;
  /** The one instance of the generated functions (made on first use). */
  functions: BoundModelFunctions | null;
  /** The simulator whose state the functions are bound to now. */
  boundTo: object | null;
  /** Fused run loops (see loop.ts) per list of stimulus inputs and observed nets; null: the design does not fit. */
  loop(inputs: FlatNetId[], observe: FlatNetId[]): LoopFunction | null;
}

export interface CompileOptions {
  /** About how many nodes go into one generated function (default 512; weighted by operand count). */
  chunkSize?: number;
  /** Use and fill the per-process cache (default true). */
  cache?: boolean;
  /** Run batches and bound cycles through one fused loop function when the design fits (default true; see loop.ts). */
  fusedLoop?: boolean;
}

export const DEFAULT_CHUNK_SIZE = 512;
const CACHE_LIMIT = 64;
const cache = new Map<string, CompiledModel>();
const stats = { hits: 0, misses: 0 };

export function compileModel(design: IrDesign, opts: CompileOptions = {}): CompiledModel {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`chunkSize must be an integer >= 1, not ${chunkSize}`);
  const useCache = opts.cache ?? true;
  const fused = opts.fusedLoop ?? true;
  const key = `${designHash(design)}/${chunkSize}${fused ? '' : '/unfused'}`;
  if (useCache) {
    const hit = cache.get(key);
    if (hit) {
      stats.hits++;
      cache.delete(key); // keep the most recently used last
      cache.set(key, hit);
      return hit;
    }
    stats.misses++;
  }
  const model = build(design, key, chunkSize, fused);
  if (useCache) {
    cache.set(key, model);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  return model;
}

function build(design: IrDesign, key: string, chunkSize: number, fused: boolean): CompiledModel {
  // The shared checks first (structure, widths, drivers, loops, clocks), so the
  // simulator reports what every other consumer reports; then the simulator's
  // own, which also cover what only a single-clock simulator must refuse.
  const shared = runChecks(design);
  if (shared.length > 0) throw new DesignError(shared);
  const sink = new DiagnosticSink();
  validateDesign(design, sink);
  sink.throwIfAny();
  const flat = flattenDesign(design, sink);
  sink.throwIfAny();
  const clock = findClock(flat!, sink);
  const order = scheduleComb(flat!, sink);
  sink.throwIfAny();
  const { source, layout, order: folded, constVal } = generate(flat!, order!, chunkSize);
  const factory = new Function(source) as ModelFactory;
  const wordSlots = new Map(layout.inputWords.map((w) => [w.net, w.slots]));
  const loops = new Map<string, LoopFunction | null>();
  const loop = (inputs: FlatNetId[], observe: FlatNetId[]): LoopFunction | null => {
    if (!fused) return null;
    const k = `${inputs.join(',')}/${observe.join(',')}`;
    let f = loops.get(k);
    if (f === undefined) {
      const src = generateLoop(flat!, folded, constVal, layout.slot, wordSlots, inputs, observe);
      f = src === null ? null : warmedUp((new Function(src) as () => LoopFunction)(), flat!, layout, inputs.length, observe.length);
      if (loops.size > 16) loops.clear();
      loops.set(k, f);
    }
    return f;
  };
  return { key, flat: flat!, layout, clock, resets: findResetPorts(flat!), source, factory, functions: null, boundTo: null, loop };
}

/**
 * Runs a new loop function for zero cycles on scratch state of the real
 * types, so that the code after the loop (state stored back) has type
 * feedback before V8 optimises the function. Otherwise the optimised code
 * (compiled while the first call was still looping) deoptimised at that code
 * on every later call: in cosim(), once per batch.
 */
function warmedUp(f: LoopFunction, flat: FlatDesign, layout: Layout, nIn: number, nObs: number): LoopFunction {
  const N = new Int32Array(layout.narrowCount);
  const B = new Array<bigint>(layout.wideCount).fill(0n);
  const M = flat.memories.map((m) => (m.width <= NARROW_MAX ? new Int32Array(1) : [0n]));
  const none = (k: number): Uint32Array[] => Array.from({ length: k }, () => new Uint32Array(0));
  const ins = none(nIn);
  const outs = none(nObs);
  // Many calls: V8 allocates a function's feedback vector only after it has run a while
  // (8 calls were not enough for 64 counters, 50 were).
  for (let i = 0; i < 64; i++) f(N, B, M, 0, ins, outs);
  return f;
}

export function builtinCacheStats(): { entries: number; hits: number; misses: number } {
  return { entries: cache.size, hits: stats.hits, misses: stats.misses };
}

export function clearBuiltinCache(): void {
  cache.clear();
  stats.hits = 0;
  stats.misses = 0;
}
