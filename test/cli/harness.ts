// Runs the spikeforge command line as a subprocess (through the package's bin
// shim, as a user would) in a fresh temporary directory, and writes small
// design files there that import the library by absolute path.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHIM = join(ROOT, 'bin/spikeforge.js');
export const CLI_TS = join(ROOT, 'bin/cli.ts');
/** The language, for `import { design } from '${HDL}'` in generated design files. */
export const HDL = join(ROOT, 'hdl/index.ts');
export const EXAMPLES = join(ROOT, 'examples');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** `spikeforge ...args` in `cwd`. */
export function spikeforge(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return run(process.execPath, [SHIM, ...args], cwd, env);
}

const dirs: string[] = [];

/** A fresh empty directory under the OS temp dir (removed by `removeWorkDirs`). */
export function workDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spikeforge-cli-'));
  dirs.push(d);
  return d;
}

export function removeWorkDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes `source` as `dir/name` and returns the name (the path the CLI is given). */
export function writeFile(dir: string, name: string, source: string): string {
  writeFileSync(join(dir, name), source);
  return name;
}

/** Everything in a directory, recursively, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split('\\').join('/')).sort();
}

/** The 1-based line of the `// @mark name` comment in a source text. */
export function lineOf(source: string, mark: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(`// @mark ${mark}`));
  if (i < 0) throw new Error(`no marker ${mark}`);
  return i + 1;
}
