// bench/elaborate: elaborate + check + optimise + emit for N parallel LIF
// neurons, N = 256 … 16384. Reports IR cells per second, peak memory and the
// time ratio between consecutive sizes (near 4 when scaling is linear), in
// wall seconds and in CPU seconds of the measuring process: the machine may
// be shared, and other load stretches wall time but hardly CPU time.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ElaborateResult {
  neurons: number;
  irCells: number;
  seconds: { total: number; [k: string]: number };
  cpuSeconds: { total: number; [k: string]: number };
  cellsPerSecond: number;
  cellsPerCpuSecond: number;
  peakRssMiB: number;
  ratioToPrevious?: number;
  cpuRatioToPrevious?: number;
}

export function runElaborateBench(sizes = [256, 1024, 4096, 16384]): ElaborateResult[] {
  const results: ElaborateResult[] = [];
  for (const n of sizes) {
    process.stderr.write(`[bench/elaborate] ${n} neurons… `);
    const out = execFileSync(process.execPath, ['--import', 'tsx', join('bench', 'elaborate-one.ts'), String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as ElaborateResult;
    const prev = results[results.length - 1];
    if (prev) {
      r.ratioToPrevious = r.seconds.total / prev.seconds.total;
      r.cpuRatioToPrevious = r.cpuSeconds.total / prev.cpuSeconds.total;
    }
    process.stderr.write(
      `${r.irCells} cells in ${r.seconds.total.toFixed(2)} s (${r.cpuSeconds.total.toFixed(2)} CPU s) = ${Math.round(r.cellsPerSecond)} cells/s, ${Math.round(r.cellsPerCpuSecond)} cells/CPU s, peak ${r.peakRssMiB.toFixed(0)} MiB\n`,
    );
    results.push(r);
  }
  const summary = {
    bench: 'elaborate',
    machine: { node: process.version, cpus: 2 },
    target: { cellsPerSecond: 100000, ratioPer4x: 4 },
    results,
  };
  writeFileSync(join('bench', 'results', 'elaborate.json'), JSON.stringify(summary, null, 2) + '\n');
  return results;
}
