// Shared by the Icarus back end tests: whether the tools are there, a private
// cache directory per test file (so compiles really happen and nothing lands
// in the repository), a seeded random generator, and two's-complement helpers.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';
import type { IrDesign } from '../../hdl/ir.ts';
import { haveTool } from '../../testbenches/tools.ts';
import { createIcarusSimulator, type IcarusSimulator, type IcarusSimulatorOptions } from '../../testbenches/iverilog/index.ts';

const repo = path.resolve(import.meta.dirname, '../..');

export const haveIcarus = haveTool('iverilog') && haveTool('vvp');

/** A cache directory for this test file, removed after it. */
export function testCache(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spikeforge-iverilog-test-cache-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Simulators opened through `open` are closed after the test file even when a test fails. */
export function simulators(cacheDir: string) {
  const open: IcarusSimulator[] = [];
  afterAll(() => {
    for (const s of open) s.close();
  });
  return (design: IrDesign, opts: IcarusSimulatorOptions = {}): IcarusSimulator => {
    const sim = createIcarusSimulator(design, { cacheDir, ...opts });
    open.push(sim);
    return sim;
  };
}

/** Deterministic xorshift32. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.s = x;
    return x;
  }
  int(n: number): number {
    return this.next() % n;
  }
  /** Uniform in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  bits(width: number): bigint {
    let v = 0n;
    for (let i = 0; i < width; i += 32) v = (v << 32n) | BigInt(this.next());
    return BigInt.asUintN(width, v);
  }
}

export const s = (v: bigint, w: number): bigint => BigInt.asIntN(w, v);
export const u = (v: bigint, w: number): bigint => BigInt.asUintN(w, v);

/** The vvp children of this process (pids). */
export function vvpChildren(): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'latin1');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      if (comm === 'vvp' && Number(fields[1]) === process.pid && fields[0] !== 'Z') out.push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Whether a process runs (zombies count as gone). */
export function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Runs a TypeScript snippet in a fresh Node process; returns its stdout. */
export function runScript(source: string, env: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spikeforge-iverilog-script-'));
  try {
    const file = path.join(dir, 'script.ts');
    fs.writeFileSync(file, source);
    return execFileSync(process.execPath, ['--import', 'tsx', file], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

