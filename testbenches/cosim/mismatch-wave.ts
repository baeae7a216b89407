// The timing diagram of a mismatch: the inputs and observed signals in a
// window around it, an extra '(expected)' lane under every signal that
// differs there, and a callout at the mismatch.
//
// The columns are simulator cycles, drawn as waveforms and the VCD show them:
// column c starts at clock edge c and shows the samples taken after it. So
// stimulus cycle k shows its inputs in column R+k (R = reset cycles) and the
// outputs its edge produced in column R+k+1, where the callout points.
import { writeWaveSvg } from '../../generators/wavedrom/render.ts';
import { traceToWaveJson, type WaveAnnotation, type WaveJson, type WaveSignalInfo } from '../../generators/wavedrom/wavejson.ts';
import type { History } from './history.ts';
import type { SignalSlot } from './signals.ts';

export interface MismatchWaveInput {
  inputs: readonly SignalSlot[];
  observed: readonly SignalSlot[];
  resetCycles: number;
  /** Stimulus cycle of the first mismatch and the last stimulus cycle simulated. */
  cycle: number;
  lastCycle: number;
  before: number;
  after: number;
  history: History;
  /** Observed values of the failing run after reset (before cycle 0). */
  afterReset: readonly bigint[];
  /** Observed values of the failing run from the mismatch cycle on. */
  actual: ReadonlyMap<number, readonly bigint[]>;
  signal: string;
  text: string;
  title: string;
  /** Most lanes drawn (mismatching signals always are). */
  maxLanes?: number;
}

export function mismatchWaveJson(w: MismatchWaveInput): WaveJson {
  const R = w.resetCycles;
  const first = Math.max(R, R + w.cycle + 1 - w.before);
  const last = R + Math.min(w.cycle + 1 + w.after, w.lastCycle + 1);
  const n = last - first + 1;
  const inputRows = w.inputs.map(() => new Array<bigint>(n));
  const actualRows = w.observed.map(() => new Array<bigint>(n));
  const expectedRows = w.observed.map(() => new Array<bigint>(n));
  for (let col = 0; col < n; col++) {
    const j = first + col - R; // the stimulus cycle whose inputs are applied in this column
    const ins = w.history.inputsAt(Math.min(j, w.lastCycle));
    w.inputs.forEach((_, i) => (inputRows[i]![col] = ins?.[i] ?? 0n));
    const prev = j - 1; // the stimulus cycle whose edge opened this column
    const ref = prev < 0 ? w.afterReset : w.history.refsAt(prev);
    const act = prev < 0 ? w.afterReset : prev < w.cycle ? ref : w.actual.get(prev);
    w.observed.forEach((_, o) => {
      expectedRows[o]![col] = ref?.[o] ?? 0n;
      actualRows[o]![col] = act?.[o] ?? ref?.[o] ?? 0n;
    });
  }
  const differs = w.observed.map((_, o) => actualRows[o]!.some((v, c) => v !== expectedRows[o]![c]));

  const signals: WaveSignalInfo[] = [];
  const values: bigint[][] = [];
  const lanes: string[] = [];
  const expectedName = (s: SignalSlot) => `${s.name} (expected)`;
  w.inputs.forEach((s, i) => {
    signals.push(s);
    values.push(inputRows[i]!);
  });
  w.observed.forEach((s, o) => {
    signals.push(s);
    values.push(actualRows[o]!);
    if (differs[o]) {
      signals.push({ name: expectedName(s), width: s.width, signed: s.signed });
      values.push(expectedRows[o]!);
    }
  });
  // Lanes: the mismatching signals and their expectations first in priority, then inputs, then the rest.
  const max = w.maxLanes ?? 40;
  const must = new Set<string>();
  w.observed.forEach((s, o) => {
    if (differs[o]) {
      must.add(s.name);
      must.add(expectedName(s));
    }
  });
  let room = Math.max(0, max - must.size);
  const keep = new Set<string>(must);
  for (const s of [...w.inputs, ...w.observed]) {
    if (room === 0) break;
    if (!keep.has(s.name)) {
      keep.add(s.name);
      room--;
    }
  }
  for (const s of signals) if (keep.has(s.name)) lanes.push(s.name);

  const annotations: WaveAnnotation[] = [{ cycle: R + w.cycle + 1, signal: w.signal, text: w.text }];
  return traceToWaveJson(
    { signals, startCycle: first, values },
    { signals: lanes, annotations, title: w.title, clock: 'clk', from: first, to: last + 1 },
  );
}

/** Writes the diagram as SVG; returns the WaveJSON drawn. */
export function writeMismatchWave(path: string, w: MismatchWaveInput): WaveJson {
  const json = mismatchWaveJson(w);
  writeWaveSvg(path, json);
  return json;
}
