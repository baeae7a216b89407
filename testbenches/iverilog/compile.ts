// Compiling testbench + design with iverilog, cached on disk: the compiled
// .vvp lives in <cache>/iverilog/<sha256 of the sources, flags and iverilog
// version>/sim.vvp, next to the sources it came from. The cache root is
// $SPIKEFORGE_CACHE, else ./.cache/spikeforge. A compile happens in a private
// temporary directory that is renamed into place, so concurrent processes
// never see half-written entries; the loser of a rename race uses the winner's.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireTool } from '../tools.ts';

/** Bump when the generated testbench or the way it is compiled changes meaning. */
const FORMAT = 'spikeforge-iverilog-1';
export const IVERILOG_FLAGS = ['-g2005'];

export interface SourceFile {
  name: string;
  text: string;
}

export interface CompileOptions {
  /** Cache root (default: $SPIKEFORGE_CACHE, else ./.cache/spikeforge). */
  cacheDir?: string;
  /** Use the on-disk cache (default true). Without it the .vvp goes to a temporary directory. */
  cache?: boolean;
}

export interface CompiledTestbench {
  vvp: string;
  /** The directory holding the .vvp; `temporary` ones are the caller's to remove. */
  dir: string;
  temporary: boolean;
  /** True when the .vvp came from the cache. */
  cached: boolean;
  /** Seconds spent in iverilog (0 on a cache hit). */
  compileSeconds: number;
  hash: string;
}

export function cacheRoot(opts: CompileOptions = {}): string {
  return opts.cacheDir ?? process.env.SPIKEFORGE_CACHE ?? path.join(process.cwd(), '.cache', 'spikeforge');
}

let versionText: string | null = null;
function iverilogVersion(iverilog: string): string {
  if (versionText === null) {
    try {
      versionText = execFileSync(iverilog, ['-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0] ?? '';
    } catch (e) {
      // `iverilog -V` exits non-zero on some builds after printing the version.
      versionText = String((e as { stdout?: string }).stdout ?? '').split('\n')[0] ?? '';
    }
  }
  return versionText;
}

export function compileTestbench(sources: SourceFile[], top: string, opts: CompileOptions = {}): CompiledTestbench {
  const iverilog = requireTool('iverilog');
  const h = createHash('sha256');
  h.update(JSON.stringify([FORMAT, iverilogVersion(iverilog), IVERILOG_FLAGS, top, sources.map((s) => [s.name, s.text])]));
  const hash = h.digest('hex');

  if (opts.cache === false) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spikeforge-iverilog-build-'));
    try {
      const seconds = runIverilog(iverilog, dir, sources, top);
      return { vvp: path.join(dir, 'sim.vvp'), dir, temporary: true, cached: false, compileSeconds: seconds, hash };
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  const root = path.join(cacheRoot(opts), 'iverilog');
  const dir = path.join(root, hash);
  const vvp = path.join(dir, 'sim.vvp');
  if (fs.existsSync(vvp)) return { vvp, dir, temporary: false, cached: true, compileSeconds: 0, hash };

  fs.mkdirSync(root, { recursive: true });
  const tmp = path.join(root, `.tmp-${hash.slice(0, 16)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp);
  let seconds: number;
  try {
    seconds = runIverilog(iverilog, tmp, sources, top);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  try {
    fs.renameSync(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    // Another process finished the same compile first: use its result.
    if (!fs.existsSync(vvp)) throw e;
  }
  return { vvp, dir, temporary: false, cached: false, compileSeconds: seconds, hash };
}

function runIverilog(iverilog: string, dir: string, sources: SourceFile[], top: string): number {
  for (const s of sources) fs.writeFileSync(path.join(dir, s.name), s.text);
  const t0 = performance.now();
  try {
    execFileSync(iverilog, [...IVERILOG_FLAGS, '-s', top, '-o', 'sim.vvp', ...sources.map((s) => s.name)], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    const text = `${err.stderr ?? ''}${err.stdout ?? ''}`.trim() || err.message;
    throw new Error(`iverilog could not compile the generated Verilog (sources kept in ${keepForDebugging(dir, sources)}):\n${text}`);
  }
  return (performance.now() - t0) / 1000;
}

/** Copies failing sources to a fresh temporary directory so the message can point at them. */
function keepForDebugging(dir: string, sources: SourceFile[]): string {
  const keep = fs.mkdtempSync(path.join(os.tmpdir(), 'spikeforge-iverilog-failed-'));
  for (const s of sources) fs.copyFileSync(path.join(dir, s.name), path.join(keep, s.name));
  return keep;
}
