// Shared pieces of the columnar batch API (`runColumns`) and of `bind()`:
// checking the caller's typed arrays, converting between patterns in 32-bit
// words and bigints, and the poke/step/peek fallback that any Simulator can
// use (Icarus, traced runs). Layout: see ColumnStimulus in ../simulator.ts.
import type { BatchStimulus, Binding, BindOptions, ColumnResult, ColumnStimulus, SignalInfo, Simulator } from '../simulator.ts';

/** 32-bit words per value of a `width`-bit signal. */
export function wordsOf(width: number): number {
  return Math.ceil(width / 32);
}

/** Mask of the valid bits of a value's most significant word. */
export function topMask(width: number): number {
  // Integer shifts: `2 ** k - 1` is a floating-point power (a call per use).
  return width % 32 === 0 ? 0xffffffff : 0xffffffff >>> (32 - (width % 32));
}

/** Checks the shape of a ColumnStimulus against the inputs' widths (names are checked by the caller). */
export function checkColumnShape(stim: ColumnStimulus, widths: readonly number[]): void {
  const { cycles } = stim;
  if (!Number.isInteger(cycles) || cycles < 0) throw new Error(`runColumns(): cycles must be an integer >= 0, not ${cycles}`);
  if (!Array.isArray(stim.values) || stim.values.length !== stim.inputs.length)
    throw new Error(`runColumns(): ${stim.inputs.length} inputs but ${Array.isArray(stim.values) ? stim.values.length : 'no'} value arrays`);
  stim.values.forEach((col, j) => {
    const want = cycles * wordsOf(widths[j]!);
    if (!(col instanceof Uint32Array)) throw new Error(`runColumns(): values[${j}] (input '${stim.inputs[j]}') must be a Uint32Array`);
    if (col.length !== want)
      throw new Error(
        `runColumns(): values[${j}] (input '${stim.inputs[j]}', ${widths[j]} bits = ${wordsOf(widths[j]!)} word${wordsOf(widths[j]!) === 1 ? '' : 's'} per cycle) has ${col.length} words; ${cycles} cycles need ${want}`,
      );
  });
}

/** The result arrays of a run: the caller's `out` (checked) or new ones. */
export function resultArrays(stim: ColumnStimulus, widths: readonly number[]): Uint32Array[] {
  if (stim.out === undefined) return widths.map((w) => new Uint32Array(stim.cycles * wordsOf(w)));
  if (!Array.isArray(stim.out) || stim.out.length !== widths.length)
    throw new Error(`runColumns(): ${widths.length} observed signals but ${Array.isArray(stim.out) ? stim.out.length : 'no'} out arrays`);
  stim.out.forEach((a, i) => {
    const want = stim.cycles * wordsOf(widths[i]!);
    if (!(a instanceof Uint32Array) || a.length < want)
      throw new Error(`runColumns(): out[${i}] (signal '${stim.observe[i]}') must be a Uint32Array of at least ${want} words`);
  });
  return stim.out;
}

/** The first value (its index) of a column with bits set above `width`, or -1. */
export function firstTooWide(col: Uint32Array, width: number, from = 0, count = col.length / wordsOf(width)): number {
  const words = wordsOf(width);
  const mask = topMask(width);
  if (mask === 0xffffffff) return -1;
  const inv = ~mask >>> 0;
  for (let c = from, k = from * words + words - 1; c < from + count; c++, k += words) if ((col[k]! & inv) !== 0) return c;
  return -1;
}

/** The error for value `index` of `col` being wider than its port. */
export function tooWideError(what: string, name: string, width: number, col: Uint32Array, index: number, at = index * wordsOf(width)): Error {
  const p = wordsPattern(col, at, wordsOf(width));
  return new Error(`${what}: input '${name}' is ${width} bit${width === 1 ? '' : 's'} wide; the pattern 0x${p.toString(16)} has bits above it (patterns are unsigned, 0..${(1n << BigInt(width)) - 1n})`);
}

/** Checks every value of every column; throws the first one wider than its port. */
export function checkColumnValues(stim: ColumnStimulus, widths: readonly number[]): void {
  stim.values.forEach((col, j) => {
    const c = firstTooWide(col, widths[j]!);
    if (c >= 0) throw tooWideError(`runColumns() cycle ${c}`, stim.inputs[j]!, widths[j]!, col, c);
  });
}

const scratch = new DataView(new ArrayBuffer(8));

/** The pattern held in `words` words of `src` from `at` (64 bits per BigInt step). */
export function wordsPattern(src: Uint32Array, at: number, words: number): bigint {
  if (words === 1) return BigInt(src[at]!);
  let i = words;
  let x = 0n;
  if (i & 1) x = BigInt(src[at + --i]!);
  for (i -= 2; i >= 0; i -= 2) {
    scratch.setUint32(0, src[at + i]!, true);
    scratch.setUint32(4, src[at + i + 1]!, true);
    x = (x << 64n) | scratch.getBigUint64(0, true);
  }
  return x;
}

/** Stores the low `words * 32` bits of a pattern (or of a negative value's two's complement) at `at`, 64 bits per BigInt step. */
export function putWords(value: bigint, words: number, out: Uint32Array, at: number): void {
  if (words === 1) {
    out[at] = Number(BigInt.asUintN(32, value));
    return;
  }
  let p = value;
  for (let i = 0; i < words; i += 2) {
    scratch.setBigUint64(0, BigInt.asUintN(64, p), true);
    out[at + i] = scratch.getUint32(0, true);
    if (i + 1 < words) out[at + i + 1] = scratch.getUint32(4, true);
    p >>= 64n;
  }
}

/** A ColumnStimulus as the bigint rows of run(). */
export function columnsToRows(stim: ColumnStimulus, widths: readonly number[]): BatchStimulus {
  const words = widths.map(wordsOf);
  const rows: bigint[][] = new Array(stim.cycles);
  for (let c = 0; c < stim.cycles; c++) rows[c] = stim.values.map((col, j) => wordsPattern(col, c * words[j]!, words[j]!));
  return { inputs: stim.inputs, cycles: rows, observe: stim.observe };
}

/** run()'s rows as a ColumnResult. */
export function rowsToColumns(rows: bigint[][], observe: string[], infos: readonly SignalInfo[]): ColumnResult {
  const words = infos.map((s) => wordsOf(s.width));
  const values = words.map((w) => new Uint32Array(rows.length * w));
  rows.forEach((row, c) => row.forEach((v, i) => putWords(BigInt.asUintN(infos[i]!.width, v), words[i]!, values[i]!, c * words[i]!)));
  return { observe, widths: infos.map((s) => s.width), words, signed: infos.map((s) => s.signed), values };
}

/** Offsets of consecutive signals' words in a binding buffer, and the total. */
export function layout(widths: readonly number[]): { at: number[]; total: number } {
  const at: number[] = [];
  let total = 0;
  for (const w of widths) {
    at.push(total);
    total += wordsOf(w);
  }
  return { at, total };
}

/**
 * The check of a binding's input buffer before a cycle (throws the first value
 * wider than its port), with each input's top word and mask worked out once:
 * it runs on every cycle().
 */
export function bindingInputCheck(names: readonly string[], widths: readonly number[], at: readonly number[]): (buf: Uint32Array) => void {
  const which = widths.flatMap((w, j) => (w % 32 === 0 ? [] : [j]));
  const word = Int32Array.from(which, (j) => at[j]! + wordsOf(widths[j]!) - 1);
  const above = Int32Array.from(which, (j) => ~topMask(widths[j]!));
  const n = which.length;
  return (buf) => {
    for (let i = 0; i < n; i++) {
      if ((buf[word[i]!]! & above[i]!) !== 0) {
        const j = which[i]!;
        throw tooWideError('cycle()', names[j]!, widths[j]!, buf, 0, at[j]!);
      }
    }
  };
}

/**
 * `bind()` through poke/step/peek: for back ends without a faster path (Icarus)
 * and for traced simulators. `info` gives each name's width.
 */
export function bindByPokes(sim: Simulator, opts: BindOptions, info: (name: string) => SignalInfo): Binding {
  const ins = opts.inputs.map(info);
  const outs = opts.observe.map(info);
  const inL = layout(ins.map((s) => s.width));
  const outL = layout(outs.map((s) => s.width));
  const inputs = new Uint32Array(inL.total);
  const outputs = new Uint32Array(outL.total);
  const inWidths = ins.map((s) => s.width);
  const checkInputs = bindingInputCheck(opts.inputs, inWidths, inL.at);
  const read = (): void =>
    outs.forEach((s, i) => putWords(BigInt.asUintN(s.width, sim.peek(opts.observe[i]!)), wordsOf(s.width), outputs, outL.at[i]!));
  // Initial values; a value a four-state simulator holds as unknown (x) stays 0.
  const initial = (names: string[], sigs: SignalInfo[], buf: Uint32Array, at: number[]): void =>
    sigs.forEach((s, i) => {
      try {
        putWords(BigInt.asUintN(s.width, sim.peek(names[i]!)), wordsOf(s.width), buf, at[i]!);
      } catch {
        // unknown
      }
    });
  initial(opts.inputs, ins, inputs, inL.at);
  initial(opts.observe, outs, outputs, outL.at);
  return {
    inputs,
    outputs,
    inputAt: inL.at,
    outputAt: outL.at,
    inputWidths: inWidths,
    outputWidths: outs.map((s) => s.width),
    cycle(): void {
      checkInputs(inputs);
      ins.forEach((s, j) => sim.poke(opts.inputs[j]!, wordsPattern(inputs, inL.at[j]!, wordsOf(s.width))));
      sim.step(1);
      read();
    },
  };
}

/** runColumns() through run(), converting: for back ends whose batch path takes bigint rows (Icarus) and traced runs. */
export function runColumnsByRows(sim: Simulator, stim: ColumnStimulus, info: (name: string) => SignalInfo): ColumnResult {
  const ins = stim.inputs.map(info);
  const outs = stim.observe.map(info);
  const widths = ins.map((s) => s.width);
  checkColumnShape(stim, widths);
  checkColumnValues(stim, widths);
  const out = resultArrays(stim, outs.map((o) => o.width));
  const r = rowsToColumns(sim.run(columnsToRows(stim, widths)), stim.observe, outs);
  r.values.forEach((v, i) => out[i]!.set(v));
  return { ...r, values: out };
}
