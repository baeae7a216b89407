// The bare C++ loop: the design's Verilated model (the same objects the addon
// links) driven by native/bare-loop.cpp with the fixed stimulus of stimulus.ts,
// no JavaScript involved. Benchmarks divide the simulator's cycles/s by its
// cycles/s; tests compare its checksum with a run through the simulator API.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IrDesign } from '../../hdl/ir.ts';
import { clockDomains } from '../../hdl/passes/index.ts';
import type { BatchStimulus } from '../simulator.ts';
import { cxxFlags, ensureRuntime, LINK_LIBS, nativeSource, runJobs, sha256, VerilatorBuildError, type BuildOptions } from './build.ts';
import { designModel } from './design-model.ts';
import { loopChecksum, loopStimulus } from './stimulus.ts';
import { toolchain } from './toolchain.ts';

export interface BareLoopResult {
  cycles: number;
  seconds: number;
  cyclesPerSecond: number;
  /** Checksum of every output after every cycle (see `loopChecksum`). */
  checksum: string;
}

export interface BareLoop {
  executable: string;
  /** Inputs driven with the stimulus (top-level, not clock or reset), in stimulus order. */
  inputs: { name: string; width: number }[];
  /** Outputs folded into the checksum, in order. */
  outputs: { name: string; width: number }[];
  /** The default cycle count given to buildBareLoop. */
  cycles: number;
  /** Runs the loop (default: `cycles` cycles) and reads its report. */
  run(cycles?: number): BareLoopResult;
  /** The same stimulus for the simulator API (observing the outputs), for `cycles` cycles. */
  stimulus(cycles?: number): BatchStimulus;
  /** The loop's checksum of rows observed with `stimulus()`. */
  checksum(rows: bigint[][]): string;
}

/** Builds (or finds in the cache) the bare C++ loop for `design`. */
export function buildBareLoop(design: IrDesign, cycles: number, opts: BuildOptions = {}): BareLoop {
  if (!Number.isInteger(cycles) || cycles < 0) throw new Error(`buildBareLoop: cycles must be an integer >= 0, not ${cycles}`);
  const tc = toolchain();
  const { map, model } = designModel(design, opts);
  ensureRuntime(tc, dirname(model.runtime.dir), opts.onProgress); // a model found in the cache does not build it

  // The loop's own object, once per runtime.
  const src = nativeSource('bare-loop.cpp');
  const mainObj = join(model.runtime.dir, `bare-loop-${sha256(src).slice(0, 12)}.o`);
  if (!existsSync(mainObj)) {
    opts.onProgress?.('g++: compiling the bare C++ loop');
    const tmp = join(model.runtime.dir, `.tmp-bare-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(tmp);
    try {
      writeFileSync(join(tmp, 'bare-loop.cpp'), src);
      runJobs(tc, [{ label: 'bare-loop.cpp', args: [...cxxFlags(tc), '-O2', '-c', join(tmp, 'bare-loop.cpp'), '-o', join(tmp, 'bare-loop.o')] }], tmp, 1);
      renameSync(join(tmp, 'bare-loop.o'), mainObj);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const exe = join(model.dir, 'bare-loop');
  if (!existsSync(exe)) {
    opts.onProgress?.('g++: linking the bare C++ loop');
    const info = JSON.parse(readFileSync(join(model.dir, 'build.json'), 'utf8')) as { objects: string[] };
    const tmpExe = `${exe}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    const r = spawnSync(tc.cxx, ['-o', tmpExe, ...info.objects.map((o) => join(model.dir, o)), mainObj, ...model.runtime.objects, ...LINK_LIBS], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      rmSync(tmpExe, { force: true });
      const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
      throw new VerilatorBuildError('link', output, `linking the bare C++ loop failed:\n${output}`);
    }
    renameSync(tmpExe, exe);
  }

  const clock = clockDomains(design)[0]?.port ?? map.ports.find((p) => p.dir === 'input' && p.role === 'clock')?.name ?? null;
  const resets = new Set(map.resets.map((r) => r.port));
  const inputs = map.ports.filter((p) => p.dir === 'input' && p.name !== clock && p.role !== 'clock' && !resets.has(p.name));
  const outputs = map.ports.filter((p) => p.dir === 'output');
  const keyOf = (name: string): string => map.ports.find((p) => p.name === name)!.key;
  const args = (n: number): string[] => [
    String(n),
    clock === null ? '-' : keyOf(clock),
    ...map.resets.flatMap((r) => ['-r', keyOf(r.port), r.activeLow ? '0' : '1']),
    ...inputs.flatMap((p) => ['-i', p.key]),
    ...outputs.flatMap((p) => ['-o', p.key]),
  ];
  const widths = outputs.map((o) => o.width);
  return {
    executable: exe,
    inputs: inputs.map((p) => ({ name: p.name, width: p.width })),
    outputs: outputs.map((p) => ({ name: p.name, width: p.width })),
    cycles,
    run(n = cycles): BareLoopResult {
      const r = spawnSync(exe, args(n), { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`the bare C++ loop failed (exit ${r.status}):\n${r.stderr}`);
      const report = JSON.parse(r.stdout) as { cycles: number; seconds: number; checksum: string };
      return { ...report, cyclesPerSecond: report.seconds > 0 ? report.cycles / report.seconds : Infinity };
    },
    stimulus(n = cycles): BatchStimulus {
      return loopStimulus(inputs, outputs.map((o) => o.name), n);
    },
    checksum(rows: bigint[][]): string {
      return loopChecksum(rows, widths);
    },
  };
}
