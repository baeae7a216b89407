// bench/elaborate: elaborate + check + optimise + emit for N parallel LIF
// neurons, N = 256 … 16384. Reports IR cells per second, peak memory and the
// time ratio between consecutive sizes (near 4 when scaling is linear), in
// wall seconds and in CPU seconds of the measuring process: the machine may
// be shared, and other load stretches wall time but hardly CPU time.
//
// Every size is measured in processes of its own (bench/elaborate-one.ts),
// in two modes, reported separately:
// - cold: the design is the first the process elaborates, so the JIT warms
//   up inside the measurement (a one-shot command-line run);
// - steadyState: the process has run the whole flow 20 times on a small
//   design of other parameters first (LifArray, 200 neurons): a long-running
//   process with the JIT warmed up.
// Each (size, mode) runs `repeats` times; the run with the least CPU time is
// reported (load from other processes only ever adds time), and the CPU
// totals of all runs are kept beside it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Mode = 'cold' | 'warm';

interface Run {
  neurons: number;
  irCells: number;
  nets: number;
  verilogBytes: number;
  seconds: { total: number; [k: string]: number };
  cpuSeconds: { total: number; [k: string]: number };
  cellsPerSecond: number;
  cellsPerCpuSecond: number;
  peakRssMiB: number;
}

export interface ModeResult {
  /** CPU totals of every run, in the order they ran; the figures below are the least of them. */
  cpuTotalsOfRuns: number[];
  seconds: Run['seconds'];
  cpuSeconds: Run['cpuSeconds'];
  cellsPerSecond: number;
  cellsPerCpuSecond: number;
  peakRssMiB: number;
  /** Time of this size over the previous size's (4x fewer neurons): 4 is linear. */
  ratioToPrevious?: number;
  cpuRatioToPrevious?: number;
}

export interface ElaborateResult {
  neurons: number;
  irCells: number;
  nets: number;
  verilogBytes: number;
  cold: ModeResult;
  steadyState: ModeResult;
}

function measure(n: number, mode: Mode): Run {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join('bench', 'elaborate-one.ts'), String(n), mode], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

function best(runs: Run[], prev: ModeResult | undefined): ModeResult {
  const r = runs.reduce((a, b) => (b.cpuSeconds.total < a.cpuSeconds.total ? b : a));
  const m: ModeResult = {
    cpuTotalsOfRuns: runs.map((x) => x.cpuSeconds.total),
    seconds: r.seconds,
    cpuSeconds: r.cpuSeconds,
    cellsPerSecond: r.cellsPerSecond,
    cellsPerCpuSecond: r.cellsPerCpuSecond,
    peakRssMiB: r.peakRssMiB,
  };
  if (prev) {
    m.ratioToPrevious = r.seconds.total / prev.seconds.total;
    m.cpuRatioToPrevious = r.cpuSeconds.total / prev.cpuSeconds.total;
  }
  return m;
}

export function runElaborateBench(sizes = [256, 1024, 4096, 16384], repeats = 5): ElaborateResult[] {
  const results: ElaborateResult[] = [];
  for (const n of sizes) {
    process.stderr.write(`[bench/elaborate] ${n} neurons…\n`);
    const cold: Run[] = [];
    const warm: Run[] = [];
    for (let i = 0; i < repeats; i++) {
      cold.push(measure(n, 'cold'));
      warm.push(measure(n, 'warm'));
    }
    const prev = results[results.length - 1];
    const r: ElaborateResult = {
      neurons: n,
      irCells: cold[0]!.irCells,
      nets: cold[0]!.nets,
      verilogBytes: cold[0]!.verilogBytes,
      cold: best(cold, prev?.cold),
      steadyState: best(warm, prev?.steadyState),
    };
    for (const [name, m] of [['cold', r.cold], ['steady state', r.steadyState]] as const) {
      process.stderr.write(
        `  ${name.padEnd(12)} ${r.irCells} cells in ${m.seconds.total.toFixed(2)} s (${m.cpuSeconds.total.toFixed(2)} CPU s) = ${Math.round(m.cellsPerSecond)} cells/s, ${Math.round(m.cellsPerCpuSecond)} cells/CPU s, peak ${m.peakRssMiB.toFixed(0)} MiB${m.cpuRatioToPrevious ? `, CPU ratio ${m.cpuRatioToPrevious.toFixed(2)}` : ''}\n`,
      );
    }
    results.push(r);
  }
  const summary = {
    bench: 'elaborate',
    machine: { node: process.version, cpus: 2 },
    target: { cellsPerSecond: 100000, ratioPer4x: 4 },
    modes: {
      cold: 'the measured design is the first one the process elaborates: JIT warm-up is inside the figures (one-shot command-line run)',
      steadyState: 'the process first ran the whole flow 20 times, untimed, on LifArray with 200 neurons: a long-running process with the JIT warmed up',
      figures: `least-CPU run of ${repeats} per size and mode, each in a fresh process; cellsPerCpuSecond is per CPU second of the measuring process (all its threads)`,
    },
    results,
  };
  writeFileSync(join('bench', 'results', 'elaborate.json'), JSON.stringify(summary, null, 2) + '\n');
  return results;
}
