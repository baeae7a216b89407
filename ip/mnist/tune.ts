// Choosing the conversion's threshold percentile and per-layer scales: each
// candidate is converted and run (fast simulator) on images from the
// training split, and the most accurate wins (the first of equals, in grid
// order). The held-out split plays no part, so its accuracy stays an honest
// estimate.
import type { FloatNetwork } from './ann.ts';
import { convertNetwork, type CalibrationSet, type ConvertOptions, type SpikingNetwork } from './convert.ts';
import type { MnistSet } from './dataset.ts';
import { evaluateSpiking } from './evaluate.ts';

export interface TuneGrid {
  percentiles: number[];
  /** Candidate thresholdScale per layer: every combination is tried. */
  scales: number[][];
}

export interface TuneResult {
  best: SpikingNetwork;
  bestOptions: ConvertOptions;
  bestAccuracy: number;
  tried: { percentile: number; thresholdScale: number[]; accuracy: number }[];
}

export const defaultTuneGrid: TuneGrid = {
  percentiles: [99, 99.9],
  scales: [
    [0.5, 0.7, 1],
    [0.5, 0.7, 1],
  ],
};

function combinations(lists: number[][]): number[][] {
  return lists.reduce<number[][]>((acc, xs) => acc.flatMap((a) => xs.map((x) => [...a, x])), [[]]);
}

/**
 * Converts `net` once per grid point (thresholds from `calib`) and scores it
 * on `score` (a set disjoint from the held-out split, e.g. a prefix of the
 * training split).
 */
export function tuneConversion(net: FloatNetwork, calib: CalibrationSet, score: MnistSet, base: ConvertOptions, grid: TuneGrid = defaultTuneGrid): TuneResult {
  if (grid.scales.length !== net.weights.length) throw new RangeError(`grid.scales needs one list per layer (${net.weights.length}), got ${grid.scales.length}`);
  const tried: TuneResult['tried'] = [];
  let best: { snn: SpikingNetwork; options: ConvertOptions; accuracy: number } | undefined;
  for (const percentile of grid.percentiles) {
    for (const thresholdScale of combinations(grid.scales)) {
      const options: ConvertOptions = { ...base, percentile, thresholdScale };
      const snn = convertNetwork(net, calib, options);
      const accuracy = evaluateSpiking(snn, score).accuracy;
      tried.push({ percentile, thresholdScale, accuracy });
      if (!best || accuracy > best.accuracy) best = { snn, options, accuracy };
    }
  }
  return { best: best!.snn, bestOptions: best!.options, bestAccuracy: best!.accuracy, tried };
}
