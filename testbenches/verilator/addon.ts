// Loading a built model addon, and the shape of what it exports (native/addon.cpp).
import { constants } from 'node:os';

/** One public variable of the model: [name, kind, width, words, depth, low, rw, buffer, byteOffset, entSize]. */
export type VarRow = [string, number, number, number, number, number, boolean, number, number, number];

/** Storage kinds: bytes per element for 8/16/32/64-bit integers, 0 for arrays of 32-bit words. */
export const KIND_U8 = 1;
export const KIND_U16 = 2;
export const KIND_U32 = 4;
export const KIND_U64 = 8;
export const KIND_WIDE = 0;

export interface NativeInstance {
  vars: VarRow[];
  /** External buffers over the model's memory; views into them are the variables. */
  buffers: ArrayBuffer[];
  eval(): void;
  /** The first evaluation, with the clock at 0, plus time-0 edges: asynchronous resets asserted at power-up act at once. */
  powerUp(): void;
  /** n rising edges of the clock set by setClock (or n evaluations without a clock). */
  step(n: number): void;
  setClock(varIndex: number): void;
  /** Per cycle: store the inputs' words, one rising edge, load the observed words. */
  run(inputs: Int32Array, stimulus: Uint32Array, cycles: number, observe: Int32Array, out: Uint32Array): void;
  /**
   * The whole columnar batch in one call: columns[j] holds input j's words cycle
   * after cycle, out[i] receives observed variable i's. Returns [input, cycle] of
   * the first value with bits above its width (then nothing runs), else undefined.
   */
  runColumns(inputs: Int32Array, columns: Uint32Array[], cycles: number, observe: Int32Array, out: Uint32Array[]): [number, number] | undefined;
  /**
   * A cycle function over two shared buffers (the addon keeps raw pointers):
   * store the inputs' words from inBuf, one rising edge, load the observed words
   * into outBuf. Throws `tooWide[j]` (before storing anything) when input j's
   * value has bits above its width.
   */
  bind(inputs: Int32Array, inBuf: Uint32Array, observe: Int32Array, outBuf: Uint32Array, tooWide: string[]): () => void;
  /** Rising edges applied since creation. */
  cycles(): number;
  /** 8 bytes: the same count as a float64, kept up to date by the addon (read it through a Float64Array). */
  readonly counter: ArrayBuffer;
  close(): void;
}

export interface NativeAddon {
  create(plusargs: string[]): NativeInstance;
  verilatorVersion(): string;
}

const loaded = new Map<string, NativeAddon>();

/** Loads (once per process) the addon at `path`. */
export function loadAddon(path: string): NativeAddon {
  let a = loaded.get(path);
  if (!a) {
    const module = { exports: {} as NativeAddon };
    process.dlopen(module, path, constants.dlopen.RTLD_NOW);
    a = module.exports;
    loaded.set(path, a);
  }
  return a;
}
