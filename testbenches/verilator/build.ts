// Builds a Verilated model into a Node addon (`model.node`), with a disk cache.
//
// Flow (no `verilator --build`, no make): `verilator --cc` writes the C++ model
// (split into files of bounded size); g++ compiles it as translation units
// (each large file alone, the small ones together; per-cycle code at -O2, the
// run-once constructors and symbol tables at -O1), in parallel on two
// workers, each starting from precompiled Verilator headers; the objects are
// linked with a runtime compiled once per toolchain (verilated.cpp and friends
// plus the design-independent Node-API harness, addon.cpp). A unit whose text
// and headers did not change since any earlier build takes its object from
// the object store, so an edit recompiles only the files Verilator wrote
// differently. On a cold cache, Verilator runs while the runtime and the
// precompiled headers compile.
//
// Cache layout under the cache root (default <project>/.cache/spikeforge/verilator,
// or $SPIKEFORGE_CACHE/verilator):
//   runtime-<key>/   runtime objects, precompiled headers (pch-*), bare-loop object;
//                    key = toolchain versions, flags, harness source
//   <hash>/          one model; hash = Verilog, public-signal config, glue, runtime key, flags
//   objects/<key>.o  compiled units; key = runtime key, -O level, the unit's sources and the model's headers
//   index/<key>      IR-level shortcut to a model hash (see design-model.ts)
// Every entry is built in a private temporary directory beside it and renamed
// into place, so concurrent builders never see half an entry: the first rename
// wins and the others use its result.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
/**
 * The run-once code (constructors, symbol tables) is compiled at -O1 when the
 * per-cycle code is at -O1..-O3: GCC then accepts the same precompiled header
 * (only __OPTIMIZE__ must agree), so a cold cache precompiles the headers once,
 * not twice (2.6 s of CPU saved; -O1 costs 0.5 s more than -O0 on the
 * 256-neuron LIF array's run-once code).
 */
function slowOpt(optFast: string): { opt: string; pch: string } {
  return ['-O1', '-O2', '-O3'].includes(optFast) ? { opt: '-O1', pch: optFast } : { opt: '-O0', pch: '-O0' };
}
/**
 * Verilator's runtime (verilated.cpp and friends) runs little per cycle (the
 * per-cycle helpers are inline in the headers, compiled with the model), so
 * it is compiled at -O1: 1.3 s of CPU less than -O2 on a cold cache. The
 * harness (addon.cpp) has the per-cycle batch loop: -O2.
 */
const OPT_RUNTIME = '-O1';
const OPT_HARNESS = '-O2';

/**
 * Verilator options used for every model. Warnings stay fatal: the emitted
 * Verilog is lint-clean. The output splits keep functions and files small:
 * g++ -O2 time grows faster than the size of a function (the 256-neuron
 * LIF array's single evaluation function took 8 s of CPU; split, 2.9 s).
 * Files of about 120 KB (--output-split 4000) also keep an edit's rebuild
 * small, as only the files that changed compile (the object store): on that
 * array, 1.9 s of compiler CPU after a one-constant edit, 2.3 s with 8000.
 * `--x-initial unique` (Verilator's default, stated): variables without an
 * initial value start random under `+verilator+rand+reset+2` (randReset).
 */
export const VERILATOR_FLAGS = ['--cc', '--prefix', 'Vmodel', '--no-timing', '--x-initial', 'unique', '--output-split', '4000', '--output-split-cfuncs', '1000'];

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

/** Starts a command without waiting; `wait()` blocks until it ends and gives its exit status and output. */
function runInBackground(cmd: string, args: string[], cwd: string): { wait(): { status: number; output: string } } {
  const log = join(cwd, `bg-${randomBytes(4).toString('hex')}.log`);
  const status = `${log}.status`;
  const child = spawn('/bin/sh', ['-c', `${[cmd, ...args].map(shellQuote).join(' ')} > ${shellQuote(log)} 2>&1; echo $? > ${shellQuote(status)}.tmp; mv ${shellQuote(status)}.tmp ${shellQuote(status)}`], {
    cwd,
    stdio: 'ignore',
  });
  child.unref();
  return {
    wait() {
      while (!existsSync(status)) sleepSync(10);
      const code = Number(readFileSync(status, 'utf8').trim());
      const output = readLog(log);
      rmSync(log, { force: true });
      rmSync(status, { force: true });
      return { status: Number.isInteger(code) ? code : -1, output };
    },
  };
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

/** Where the runtime for this toolchain is (or will be), without building it. */
export function runtimeEntry(tc: Toolchain, root: string): RuntimeBuild {
  const flags = cxxFlags(tc);
  // The V8 version too: cycle() in addon.cpp uses V8's C++ API, whose ABI changes between versions.
  const key = sha256(CACHE_FORMAT, tc.verilatorVersion, tc.verilatorInclude, tc.cxxVersion, tc.nodeInclude, process.versions.v8, OPT_RUNTIME, OPT_HARNESS, flags.join(' '), nativeSource('addon.cpp')).slice(0, 16);
  const dir = join(root, `runtime-${key}`);
  const names = RUNTIME_SOURCES.map((f) => f.replace(/\.cpp$/, '.o'));
  return { key, dir, objects: names.map((n) => join(dir, n)), harness: join(dir, 'addon.o') };
}

/**
 * The runtime objects for this toolchain, compiled once into the cache,
 * together with the precompiled headers of the default optimisation levels
 * (all on the two workers at once).
 */
export function ensureRuntime(tc: Toolchain, root: string, onProgress?: (msg: string) => void): RuntimeBuild {
  const rt = runtimeEntry(tc, root);
  const known = runtimes.get(rt.dir);
  if (known) return known;
  if (!isComplete(rt.dir)) {
    const flags = cxxFlags(tc);
    const pchOpts = [...new Set([DEFAULT_OPT_FAST, slowOpt(DEFAULT_OPT_FAST).pch])];
    onProgress?.(`compiling the Verilator runtime once for this toolchain (${RUNTIME_SOURCES.join(', ')}, addon.cpp; headers precompiled for ${pchOpts.join(', ')})`);
    publish(rt.dir, (tmp) => {
      writeFileSync(join(tmp, 'addon.cpp'), nativeSource('addon.cpp'));
      const pchDirs = pchOpts.map((o) => join(tmp, pchDirName(o)));
      pchDirs.forEach((d) => {
        mkdirSync(d);
        writeFileSync(join(d, PCH_HEADER), PCH_TEXT);
      });
      const jobs: Job[] = [
        ...RUNTIME_SOURCES.map((f, i) => ({
          label: f,
          cost: RUNTIME_COST[f] ?? 10,
          args: [...flags, OPT_RUNTIME, '-c', join(tc.verilatorInclude, f), '-o', join(tmp, basenameOf(rt.objects[i]!))],
        })),
        { label: 'addon.cpp', cost: 12, args: [...flags, OPT_HARNESS, `-I${tc.nodeInclude}`, '-c', join(tmp, 'addon.cpp'), '-o', join(tmp, 'addon.o')] },
        ...pchOpts.map((o, i) => ({
          label: `${PCH_HEADER} (${o})`,
          cost: 27,
          args: [...flags, o, '-x', 'c++-header', join(pchDirs[i]!, PCH_HEADER), '-o', join(pchDirs[i]!, `${PCH_HEADER}.gch`)],
        })),
      ];
      runJobs(tc, jobs, tmp);
      pchOpts.forEach((o, i) => writeFileSync(join(pchDirs[i]!, DONE), o + '\n'));
      writeFileSync(join(tmp, DONE), `${tc.verilatorVersion}\n${tc.cxxVersion}\n`);
    });
  }
  runtimes.set(rt.dir, rt);
  return rt;
}

/** Relative compile times (tenths of a CPU second with g++ 12 at -O1), to balance the two workers. */
const RUNTIME_COST: Record<string, number> = { 'verilated.cpp': 32, 'verilated_dpi.cpp': 10, 'verilated_threads.cpp': 7 };

function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------- precompiled headers

/** The headers every model file includes; precompiled per optimisation level (GCC needs the same __OPTIMIZE__: -O0 apart, -O1..-O3 share one; see slowOpt). */
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
  const dirs = new Map(opts.map((o) => [o, join(runtime.dir, pchDirName(o))] as const));
  const allDone = (): boolean => opts.every((o) => isComplete(dirs.get(o)!));
  withBuildLock(join(runtime.dir, 'pch.lock'), allDone, () => buildPrecompiledHeaders(tc, dirs, say));
  return dirs;
}

function pchDirName(opt: string): string {
  return `pch-${sha256(opt).slice(0, 12)}`;
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
  const runtime = runtimeEntry(tc, root);
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
  publish(dir, (tmp) => compileModel(tc, src, tmp, opts));
  return { hash, dir, addon, cached: false, seconds: (performance.now() - t0) / 1000, runtime };
}

/** Every step of a model build, in `dir` (which becomes the cache entry). */
function compileModel(tc: Toolchain, src: ModelSource, dir: string, opts: BuildOptions): void {
  const say = opts.onProgress ?? (() => {});
  const optFast = opts.optFast ?? DEFAULT_OPT_FAST;
  writeFileSync(join(dir, 'design.v'), src.verilog);
  writeFileSync(join(dir, 'public.vlt'), src.config);
  writeFileSync(join(dir, 'glue.cpp'), nativeSource('glue.cpp'));
  const obj = join(dir, 'obj');

  say(`verilator: translating ${src.top} to C++`);
  let t = performance.now();
  // Verilator runs while the runtime is compiled, if that is needed (a cold cache).
  const verilated = runInBackground(tc.verilator, [...VERILATOR_FLAGS, '--Mdir', obj, '--top-module', src.top, 'public.vlt', 'design.v'], dir);
  let runtime: RuntimeBuild | null = null;
  let failure: unknown = null;
  try {
    runtime = ensureRuntime(tc, opts.cacheDir ?? defaultCacheRoot(), say);
  } catch (e) {
    failure = e;
  }
  const r = verilated.wait(); // also when the runtime failed: never leave Verilator running
  if (runtime === null) throw failure;
  if (r.status !== 0) throw new VerilatorBuildError('verilator', r.output, `${tc.verilatorVersion} rejected the generated Verilog:\n${clip(r.output)}`);
  const tVerilator = (performance.now() - t) / 1000;

  writeFileSync(join(dir, 'sf_triggers.h'), triggerList(obj));
  const units = translationUnits(obj, optFast);
  // Every unit starts with the precompiled Verilator headers for its optimisation level.
  const pch = ensurePrecompiledHeaders(tc, runtime, [...new Set(units.map((u) => u.pch))], say);
  units.forEach((u) =>
    writeFileSync(
      join(dir, u.file),
      [`#include "${PCH_HEADER}"`, ...u.includes.map((f) => `#include "obj/${f}"`), ...(u.glue ? ['#include "glue.cpp"'] : []), ''].join('\n'),
    ),
  );
  // Objects of units whose text is unchanged come from the object store: an
  // edit of the design usually changes a few of Verilator's files, not all.
  const store = join(dirname(runtime.dir), 'objects');
  const headers = sha256(
    ...readdirSync(obj)
      .filter((f) => f.endsWith('.h'))
      .sort()
      .flatMap((f) => [f, readFileSync(join(obj, f), 'utf8')]),
    readFileSync(join(dir, 'sf_triggers.h'), 'utf8'),
    nativeSource('glue.cpp'),
  );
  const keys = units.map((u) =>
    sha256(CACHE_FORMAT, 'object', runtime.key, u.opt, readFileSync(join(dir, u.file), 'utf8'), headers, ...u.includes.map((f) => readFileSync(join(obj, f), 'utf8'))).slice(0, 32),
  );
  const todo = units.filter((u, i) => !reuseObject(join(store, `${keys[i]}.o`), join(dir, objectOf(u))));
  say(`g++: compiling the model (${todo.length} of ${units.length} units on 2 workers, ${optFast}; the others unchanged)`);
  t = performance.now();
  const flags = [...cxxFlags(tc), `-I${obj}`];
  runJobs(
    tc,
    todo.map((u) => ({
      label: u.file,
      cost: u.cost,
      args: [...flags, `-I${pch.get(u.pch)!}`, u.opt, '-c', join(dir, u.file), '-o', join(dir, objectOf(u))],
    })),
    dir,
  );
  for (const u of todo) storeObject(join(dir, objectOf(u)), join(store, `${keys[units.indexOf(u)]}.o`));
  const tCompile = (performance.now() - t) / 1000;

  say('g++: linking model.node');
  t = performance.now();
  const objects = units.map(objectOf);
  run(tc, 'link', tc.cxx, ['-shared', '-o', 'model.node', ...objects, ...runtime.objects, runtime.harness, ...LINK_LIBS, '-Wl,-Bsymbolic'], dir);
  const tLink = (performance.now() - t) / 1000;
  writeFileSync(
    join(dir, 'build.json'),
    JSON.stringify(
      { top: src.top, objects, compiled: todo.map(objectOf), optFast, runtime: runtime.key, seconds: { verilator: tVerilator, compile: tCompile, link: tLink } },
      null,
      1,
    ) + '\n',
  );
  writeFileSync(join(dir, DONE), '');
}

function objectOf(u: Unit): string {
  return u.file.replace(/\.cpp$/, '.o');
}

/** Puts the stored object at `to` (a hard link, else a copy); false when there is none. */
function reuseObject(stored: string, to: string): boolean {
  if (!existsSync(stored)) return false;
  try {
    linkSync(stored, to);
  } catch {
    try {
      copyFileSync(stored, to);
    } catch {
      return false;
    }
  }
  return true;
}

/** Adds a compiled object to the store (atomically; a concurrent writer of the same key writes the same bytes). */
function storeObject(from: string, stored: string): void {
  try {
    mkdirSync(dirname(stored), { recursive: true });
    const tmp = `${stored}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    copyFileSync(from, tmp);
    renameSync(tmp, stored);
  } catch {
    // the store is only a shortcut
  }
}

/**
 * `sf_triggers.h` for glue.cpp: the members of the root class that hold
 * Verilator's previous value of each 1-bit event trigger (`__Vtrigrprev__...`
 * in Verilator 5.006), for the power-up edges.
 */
function triggerList(obj: string): string {
  const header = readFileSync(join(obj, 'Vmodel___024root.h'), 'utf8');
  const prevs = [...header.matchAll(/^\s*CData\/\*0:0\*\/\s+(__Vtrigr?prev\w*);/gm)].map((m) => m[1]!);
  return ['// Generated by build.ts from Vmodel___024root.h.', `#define SF_TRIGGER_PREVS(X)${prevs.map((p) => ` X(${p})`).join('')}`, ''].join('\n');
}

/** Verilator output files at least this large are compiled as units of their own. */
const UNIT_ALONE_BYTES = 64 * 1024;

interface Unit {
  file: string;
  opt: string;
  /** The optimisation level of the precompiled header it uses. */
  pch: string;
  includes: string[];
  glue: boolean;
  /** Estimated compile cost: source bytes, weighted by optimisation. */
  cost: number;
}

/**
 * Groups Verilator's output into translation units: the per-cycle code (fast
 * classes) at `optFast`, the run-once code (slow classes, symbol table) and
 * the glue at slowOpt(); every large file is a unit of its own (see UNIT_ALONE_BYTES).
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
  const units: Unit[] = [];
  // Each large file alone, so that a unit's object can be reused when the file
  // did not change; the small ones together (each unit costs a PCH load).
  const group = (files: string[], kind: 'fast' | 'slow', opt: string, pch: string, weight: number): void => {
    const big = files.filter((f) => size(f) >= UNIT_ALONE_BYTES);
    const small = files.filter((f) => size(f) < UNIT_ALONE_BYTES);
    const parts = [...big.map((f) => [f]), ...(small.length > 0 || kind === 'slow' ? [small] : [])];
    parts.forEach((includes, i) => {
      const glue = kind === 'slow' && i === parts.length - 1;
      units.push({ file: `sf_${kind}${i}.cpp`, opt, pch, includes, glue, cost: weight * includes.reduce((n, f) => n + size(f), glue ? 20_000 : 0) });
    });
  };
  group(fast, 'fast', optFast, optFast, 3);
  const so = slowOpt(optFast);
  group(slow, 'slow', so.opt, so.pch, 1.5);
  return units;
}
