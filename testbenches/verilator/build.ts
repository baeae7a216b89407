// Builds a Verilated model into a Node addon (`model.node`), with a disk cache.
//
// Flow (no `verilator --build`, no make): `verilator --cc` writes the C++ model;
// g++ compiles it as a few large translation units (fast code at -O2, the
// run-once constructors and symbol tables at -O0), in parallel on two workers,
// each starting from precompiled Verilator headers; the objects are linked with
// a runtime compiled once per toolchain (verilated.cpp and friends plus the
// design-independent Node-API harness, addon.cpp).
//
// Cache layout under the cache root (default <project>/.cache/spikeforge/verilator,
// or $SPIKEFORGE_CACHE/verilator):
//   runtime-<key>/   runtime objects, precompiled headers (pch-*), bare-loop object;
//                    key = toolchain versions, flags, harness source
//   <hash>/          one model; hash = Verilog, public-signal config, glue, runtime key, flags
//   index/<key>      IR-level shortcut to a model hash (see design-model.ts)
// Every entry is built in a private temporary directory beside it and renamed
// into place, so concurrent builders never see half an entry: the first rename
// wins and the others use its result.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolchain, type Toolchain } from './toolchain.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = join(HERE, '..', '..');
const NATIVE = join(HERE, 'native');

/** Bumped when the layout of a cache entry changes. */
const CACHE_FORMAT = 'spikeforge-verilator-1';

/** Runtime library files every model links (VM_GLOBAL_FAST of a design without --timing). */
const RUNTIME_SOURCES = ['verilated.cpp', 'verilated_dpi.cpp', 'verilated_threads.cpp'];

export const DEFAULT_OPT_FAST = '-O2';
const OPT_SLOW = '-O0';
const OPT_RUNTIME = '-O2';

/**
 * Verilator options used for every model. Warnings stay fatal: the emitted
 * Verilog is lint-clean. The output splits keep functions and files small:
 * g++ -O2 time grows faster than the size of a function (the 256-neuron
 * LIF array's single evaluation function took 8 s of CPU; split, 2.9 s).
 */
export const VERILATOR_FLAGS = ['--cc', '--prefix', 'Vmodel', '--no-timing', '--output-split', '8000', '--output-split-cfuncs', '1000'];

export interface BuildOptions {
  /** Cache root; default `$SPIKEFORGE_CACHE/verilator` or `<project>/.cache/spikeforge/verilator`. */
  cacheDir?: string;
  /** g++ optimisation of the model's per-cycle code (default -O2). */
  optFast?: string;
  onProgress?: (msg: string) => void;
}

export interface ModelSource {
  /** The whole design as Verilog. */
  verilog: string;
  /** Verilator configuration (.vlt) that makes the peekable signals public. */
  config: string;
  /** Verilog name of the top module. */
  top: string;
}

export interface BuiltModel {
  hash: string;
  /** The cache entry. */
  dir: string;
  addon: string;
  /** True when the entry was already there. */
  cached: boolean;
  /** Wall-clock seconds spent finding or building it (not loading). */
  seconds: number;
  /** The runtime the model links with (for the bare C++ loop). */
  runtime: RuntimeBuild;
}

export interface RuntimeBuild {
  key: string;
  dir: string;
  /** Runtime objects without the harness. */
  objects: string[];
  /** The Node-API harness object. */
  harness: string;
}

/** A Verilator or g++ run that failed; the message carries the tool's own output. */
export class VerilatorBuildError extends Error {
  constructor(
    readonly stage: 'verilator' | 'compile' | 'link',
    readonly output: string,
    message: string,
  ) {
    super(message);
    this.name = 'VerilatorBuildError';
  }
}

export function defaultCacheRoot(): string {
  const base = process.env.SPIKEFORGE_CACHE || join(PROJECT_ROOT, '.cache', 'spikeforge');
  return join(base, 'verilator');
}

export function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:`).update(p);
  return h.digest('hex');
}

/** The harness and glue sources, read once. */
const sources = new Map<string, string>();
export function nativeSource(file: 'addon.cpp' | 'glue.cpp' | 'bare-loop.cpp'): string {
  let s = sources.get(file);
  if (s === undefined) sources.set(file, (s = readFileSync(join(NATIVE, file), 'utf8')));
  return s;
}

export function cxxFlags(tc: Toolchain): string[] {
  const inc = tc.verilatorInclude;
  return [
    '-std=gnu++17',
    '-fPIC',
    '-fvisibility=hidden',
    '-faligned-new',
    '-fcf-protection=none',
    '-Wno-bool-operation',
    '-Wno-sign-compare',
    '-Wno-uninitialized',
    '-Wno-unused-but-set-variable',
    '-Wno-unused-parameter',
    '-Wno-unused-variable',
    '-Wno-shadow',
    `-I${inc}`,
    `-I${join(inc, 'vltstd')}`,
    '-DVM_COVERAGE=0',
    '-DVM_SC=0',
    '-DVM_TRACE=0',
    '-DVM_TRACE_FST=0',
    '-DVM_TRACE_VCD=0',
  ];
}

export const LINK_LIBS = ['-pthread', '-latomic'];

// ---------------------------------------------------------------- processes

interface Job {
  /** Shown in progress messages and errors. */
  label: string;
  args: string[];
  /** Relative cost, to balance the lanes (default 1). */
  cost?: number;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_/.,:=+@%-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs compile jobs on `workers` parallel lanes (longest first) and waits for all
 * of them; throws a VerilatorBuildError carrying the compiler output of every
 * job that failed. Synchronous: one `sh` runs the lanes in the background.
 */
export function runJobs(tc: Toolchain, jobs: Job[], cwd: string, workers = 2): void {
  // Longest job first onto the least loaded lane.
  const lanes: Job[][] = Array.from({ length: Math.min(workers, jobs.length) }, () => []);
  const load = lanes.map(() => 0);
  for (const j of [...jobs].sort((a, b) => (b.cost ?? 1) - (a.cost ?? 1))) {
    const k = load.indexOf(Math.min(...load));
    lanes[k]!.push(j);
    load[k]! += j.cost ?? 1;
  }
  const logs = jobs.map((_, i) => join(cwd, `job${i}.log`));
  const status = jobs.map((_, i) => join(cwd, `job${i}.status`));
  const script = lanes
    .map(
      (lane) =>
        '( ' +
        lane
          .map((j) => {
            const i = jobs.indexOf(j);
            return `${[tc.cxx, ...j.args].map(shellQuote).join(' ')} > ${shellQuote(logs[i]!)} 2>&1; echo $? > ${shellQuote(status[i]!)}`;
          })
          .join('; ') +
        ' ) &',
    )
    .join('\n') + '\nwait\n';
  const r = spawnSync('/bin/sh', ['-c', script], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  const failed: string[] = [];
  jobs.forEach((j, i) => {
    const code = existsSync(status[i]!) ? readFileSync(status[i]!, 'utf8').trim() : 'missing';
    if (code !== '0') failed.push(`${j.label} (exit ${code}):\n${readLog(logs[i]!)}`);
  });
  if (failed.length > 0) {
    const output = failed.join('\n');
    throw new VerilatorBuildError('compile', output, `g++ failed to compile the Verilated model:\n${clip(output)}`);
  }
  for (const f of [...logs, ...status]) rmSync(f, { force: true });
}

function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
}

function clip(s: string, max = 20000): string {
  return s.length <= max ? s : s.slice(0, max) + `\n... (${s.length - max} more characters)`;
}

function run(tc: Toolchain, stage: 'verilator' | 'link', cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    const what = stage === 'verilator' ? `${tc.verilatorVersion} rejected the generated Verilog` : 'linking the Verilated model failed';
    throw new VerilatorBuildError(stage, output, `${what}:\n${clip(output)}`);
  }
}

// ---------------------------------------------------------------- cache entries

/**
 * Fills a fresh temporary directory with `fill` and renames it to `dir`. If
 * another builder got there first, its entry is kept and ours discarded. A
 * lock beside the entry makes a second builder wait for the first instead of
 * doing the same work (test files starting together all want the runtime);
 * the rename alone already keeps entries whole should the lock be bypassed.
 */
function publish(dir: string, fill: (tmp: string) => void): void {
  mkdirSync(dirname(dir), { recursive: true });
  withBuildLock(
    `${dir}.lock`,
    () => isComplete(dir),
    () => {
      const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      mkdirSync(tmp);
      try {
        fill(tmp);
        try {
          renameSync(tmp, dir);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if ((code === 'ENOTEMPTY' || code === 'EEXIST') && isComplete(dir)) return;
          throw e;
        }
      } finally {
        if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
      }
    },
  );
}

/** Longest wait for another builder before building anyway (a lock can outlive a killed process on another host). */
const LOCK_MAX_WAIT_MS = 15 * 60 * 1000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether the process holding `lock` is gone (same host: by pid; otherwise by age). */
function lockIsStale(lock: string): boolean {
  try {
    const pid = Number(readFileSync(join(lock, 'owner'), 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 0);
        return false;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'ESRCH';
      }
    }
  } catch {
    // No owner file yet: the holder may be between mkdir and write; judge by age.
  }
  try {
    return Date.now() - statSync(lock).mtimeMs > 60_000;
  } catch {
    return false;
  }
}

/** Runs `build` unless `done()`, holding `lock` (a directory) so that one process builds and the others wait. */
function withBuildLock(lock: string, done: () => boolean, build: () => void): void {
  const start = Date.now();
  for (;;) {
    if (done()) return;
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (mine) {
      try {
        writeFileSync(join(lock, 'owner'), `${process.pid}\n`);
        if (!done()) build();
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      return;
    }
    if (lockIsStale(lock)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - start > LOCK_MAX_WAIT_MS) {
      build(); // give up waiting; the atomic rename still protects the entry
      return;
    }
    sleepSync(100);
  }
}

const DONE = 'complete';
function isComplete(dir: string): boolean {
  return existsSync(join(dir, DONE));
}

// ---------------------------------------------------------------- runtime

const runtimes = new Map<string, RuntimeBuild>();

/** The runtime objects for this toolchain, compiled once into the cache. */
export function ensureRuntime(tc: Toolchain, root: string, onProgress?: (msg: string) => void): RuntimeBuild {
  const flags = cxxFlags(tc);
  const key = sha256(CACHE_FORMAT, tc.verilatorVersion, tc.verilatorInclude, tc.cxxVersion, tc.nodeInclude, OPT_RUNTIME, flags.join(' '), nativeSource('addon.cpp')).slice(0, 16);
  const dir = join(root, `runtime-${key}`);
  const known = runtimes.get(dir);
  if (known) return known;
  const names = RUNTIME_SOURCES.map((f) => f.replace(/\.cpp$/, '.o'));
  if (!isComplete(dir)) {
    onProgress?.(`compiling the Verilator runtime once for this toolchain (${RUNTIME_SOURCES.join(', ')}, addon.cpp)`);
    publish(dir, (tmp) => {
      writeFileSync(join(tmp, 'addon.cpp'), nativeSource('addon.cpp'));
      const jobs: Job[] = [
        ...RUNTIME_SOURCES.map((f, i) => ({
          label: f,
          cost: statSync(join(tc.verilatorInclude, f)).size,
          args: [...flags, OPT_RUNTIME, '-c', join(tc.verilatorInclude, f), '-o', join(tmp, names[i]!)],
        })),
        { label: 'addon.cpp', cost: 40_000, args: [...flags, OPT_RUNTIME, `-I${tc.nodeInclude}`, '-c', join(tmp, 'addon.cpp'), '-o', join(tmp, 'addon.o')] },
      ];
      runJobs(tc, jobs, tmp);
      writeFileSync(join(tmp, DONE), `${tc.verilatorVersion}\n${tc.cxxVersion}\n`);
    });
  }
  const rt: RuntimeBuild = { key, dir, objects: names.map((n) => join(dir, n)), harness: join(dir, 'addon.o') };
  runtimes.set(dir, rt);
  return rt;
}

// ---------------------------------------------------------------- precompiled headers

/** The headers every model file includes; precompiled per optimisation level (GCC needs the same -O). */
const PCH_HEADER = 'sf_verilated.h';
const PCH_TEXT = '// Precompiled once per toolchain and optimisation level.\n#include "verilated.h"\n#include "verilated_dpi.h"\n#include "verilated_syms.h"\n';

/**
 * Directories holding `sf_verilated.h` and its `.gch`, one per optimisation
 * option, built once into the runtime's cache entry. Parsing verilated.h is
 * most of the time g++ spends on a small model; the precompiled form cuts it
 * to a fraction. (Should GCC ever find one unusable, it silently reads the
 * real headers, so the result is the same.)
 */
function ensurePrecompiledHeaders(tc: Toolchain, runtime: RuntimeBuild, opts: string[], say: (msg: string) => void): Map<string, string> {
  const dirs = new Map(opts.map((o) => [o, join(runtime.dir, `pch-${sha256(o).slice(0, 12)}`)] as const));
  const allDone = (): boolean => opts.every((o) => isComplete(dirs.get(o)!));
  withBuildLock(join(runtime.dir, 'pch.lock'), allDone, () => buildPrecompiledHeaders(tc, dirs, say));
  return dirs;
}

function buildPrecompiledHeaders(tc: Toolchain, dirs: Map<string, string>, say: (msg: string) => void): void {
  const missing = [...dirs.keys()].filter((o) => !isComplete(dirs.get(o)!));
  if (missing.length > 0) {
    say(`g++: precompiling the Verilator headers once for ${missing.join(', ')}`);
    const flags = cxxFlags(tc);
    // Each level in its own entry, but compiled side by side.
    const tmps = missing.map((o) => {
      const tmp = `${dirs.get(o)!}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
      mkdirSync(tmp, { recursive: true });
      writeFileSync(join(tmp, PCH_HEADER), PCH_TEXT);
      return tmp;
    });
    try {
      runJobs(
        tc,
        missing.map((o, i) => ({ label: `${PCH_HEADER} (${o})`, args: [...flags, o, '-x', 'c++-header', join(tmps[i]!, PCH_HEADER), '-o', join(tmps[i]!, `${PCH_HEADER}.gch`)] })),
        tmps[0]!,
      );
      missing.forEach((o, i) => {
        writeFileSync(join(tmps[i]!, DONE), o + '\n');
        try {
          renameSync(tmps[i]!, dirs.get(o)!);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (!((code === 'ENOTEMPTY' || code === 'EEXIST') && isComplete(dirs.get(o)!))) throw e;
        }
      });
    } finally {
      for (const tmp of tmps) if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
    }
  }
}

// ---------------------------------------------------------------- model

/** The cache entry a model source would use (whether or not it exists yet). */
export function modelEntry(src: ModelSource, opts: BuildOptions = {}): { hash: string; dir: string; runtime: RuntimeBuild } {
  const tc = toolchain();
  const root = opts.cacheDir ?? defaultCacheRoot();
  const runtime = ensureRuntime(tc, root, opts.onProgress);
  const hash = sha256(CACHE_FORMAT, src.verilog, src.config, src.top, nativeSource('glue.cpp'), runtime.key, opts.optFast ?? DEFAULT_OPT_FAST, VERILATOR_FLAGS.join(' '));
  return { hash, dir: join(root, hash.slice(0, 32)), runtime };
}

/** Finds the model in the cache or builds it. */
export function buildModel(src: ModelSource, opts: BuildOptions = {}): BuiltModel {
  const t0 = performance.now();
  const tc = toolchain();
  const { hash, dir, runtime } = modelEntry(src, opts);
  const addon = join(dir, 'model.node');
  if (isComplete(dir)) return { hash, dir, addon, cached: true, seconds: (performance.now() - t0) / 1000, runtime };
  publish(dir, (tmp) => compileModel(tc, src, tmp, runtime, opts));
  return { hash, dir, addon, cached: false, seconds: (performance.now() - t0) / 1000, runtime };
}

/** Every step of a model build, in `dir` (which becomes the cache entry). */
function compileModel(tc: Toolchain, src: ModelSource, dir: string, runtime: RuntimeBuild, opts: BuildOptions): void {
  const say = opts.onProgress ?? (() => {});
  const optFast = opts.optFast ?? DEFAULT_OPT_FAST;
  writeFileSync(join(dir, 'design.v'), src.verilog);
  writeFileSync(join(dir, 'public.vlt'), src.config);
  writeFileSync(join(dir, 'glue.cpp'), nativeSource('glue.cpp'));
  const obj = join(dir, 'obj');

  say(`verilator: translating ${src.top} to C++`);
  let t = performance.now();
  run(tc, 'verilator', tc.verilator, [...VERILATOR_FLAGS, '--Mdir', obj, '--top-module', src.top, 'public.vlt', 'design.v'], dir);
  const tVerilator = (performance.now() - t) / 1000;

  const units = translationUnits(obj, optFast);
  // Every unit starts with the precompiled Verilator headers for its optimisation level.
  const pch = ensurePrecompiledHeaders(tc, runtime, [...new Set(units.map((u) => u.opt))], say);
  units.forEach((u) =>
    writeFileSync(
      join(dir, u.file),
      [`#include "${PCH_HEADER}"`, ...u.includes.map((f) => `#include "obj/${f}"`), ...(u.glue ? ['#include "glue.cpp"'] : []), ''].join('\n'),
    ),
  );
  say(`g++: compiling the model (${units.length} units on 2 workers, ${optFast})`);
  t = performance.now();
  const flags = [...cxxFlags(tc), `-I${obj}`];
  runJobs(
    tc,
    units.map((u) => ({
      label: u.file,
      cost: u.cost,
      args: [...flags, `-I${pch.get(u.opt)!}`, u.opt, '-c', join(dir, u.file), '-o', join(dir, u.file.replace(/\.cpp$/, '.o'))],
    })),
    dir,
  );
  const tCompile = (performance.now() - t) / 1000;

  say('g++: linking model.node');
  t = performance.now();
  const objects = units.map((u) => u.file.replace(/\.cpp$/, '.o'));
  run(tc, 'link', tc.cxx, ['-shared', '-o', 'model.node', ...objects, ...runtime.objects, runtime.harness, ...LINK_LIBS, '-Wl,-Bsymbolic'], dir);
  const tLink = (performance.now() - t) / 1000;
  writeFileSync(
    join(dir, 'build.json'),
    JSON.stringify({ top: src.top, objects, optFast, runtime: runtime.key, seconds: { verilator: tVerilator, compile: tCompile, link: tLink } }, null, 1) + '\n',
  );
  writeFileSync(join(dir, DONE), '');
}

interface Unit {
  file: string;
  opt: string;
  includes: string[];
  glue: boolean;
  /** Estimated compile cost: source bytes, weighted by optimisation. */
  cost: number;
}

/**
 * Groups Verilator's output into translation units: the per-cycle code (fast
 * classes) at `optFast`, split in two when it is large so both workers get a
 * share; the run-once code (slow classes, symbol table) and the glue at -O0.
 */
function translationUnits(obj: string, optFast: string): Unit[] {
  const mk = readFileSync(join(obj, 'Vmodel_classes.mk'), 'utf8');
  const list = (name: string): string[] => {
    const out: string[] = [];
    const re = new RegExp(`^${name} \\+= \\\\\\n((?:\\t.*\\\\\\n)*)`, 'gm');
    for (const m of mk.matchAll(re)) for (const line of m[1]!.split('\n')) if (line.trim()) out.push(line.replace(/\\$/, '').trim() + '.cpp');
    return out;
  };
  const fast = [...list('VM_CLASSES_FAST'), ...list('VM_SUPPORT_FAST')];
  const slow = [...list('VM_CLASSES_SLOW'), ...list('VM_SUPPORT_SLOW')];
  const global = [...list('VM_GLOBAL_FAST'), ...list('VM_GLOBAL_SLOW')];
  const missing = global.filter((g) => !RUNTIME_SOURCES.includes(g));
  if (missing.length > 0) throw new Error(`the Verilated model needs runtime files this back end does not link: ${missing.join(', ')}`);
  const known = new Set([...fast, ...slow]);
  const stray = readdirSync(obj).filter((f) => f.endsWith('.cpp') && !known.has(f));
  if (fast.length === 0 || stray.length > 0)
    throw new Error(`unexpected Verilator output in ${obj}: fast classes [${fast.join(', ')}], unlisted sources [${stray.join(', ')}]`);

  const size = (f: string): number => statSync(join(obj, f)).size;
  const fastBytes = fast.reduce((s, f) => s + size(f), 0);
  const units: Unit[] = [];
  if (fast.length >= 2 && fastBytes > 256 * 1024) {
    // Two balanced halves, largest files first.
    const halves: { files: string[]; bytes: number }[] = [
      { files: [], bytes: 0 },
      { files: [], bytes: 0 },
    ];
    for (const f of [...fast].sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1))) {
      const h = halves[0]!.bytes <= halves[1]!.bytes ? halves[0]! : halves[1]!;
      h.files.push(f);
      h.bytes += size(f);
    }
    halves.forEach((h, i) => units.push({ file: `sf_fast${i}.cpp`, opt: optFast, includes: h.files.sort(), glue: false, cost: 3 * h.bytes }));
  } else {
    units.push({ file: 'sf_fast0.cpp', opt: optFast, includes: fast, glue: false, cost: 3 * fastBytes });
  }
  units.push({ file: 'sf_slow.cpp', opt: OPT_SLOW, includes: slow, glue: true, cost: slow.reduce((s, f) => s + size(f), 0) });
  return units;
}
