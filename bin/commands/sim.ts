// `spikeforge sim <testbench.ts>`: runs a testbench file's co-simulation on
// the chosen back ends and prints, per back end, pass/fail, cycles and
// cycles per second. Exit code 1 on a mismatch, with the report on stderr.
import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BackendUnavailableError, resolveBackends } from '../../testbenches/backends.ts';
import {
  CosimMismatchError,
  CosimTestbenchError,
  isTestbench,
  runTestbench,
  TransactionMismatchError,
  type CosimResult,
  type RunStatus,
  type Testbench,
} from '../../testbenches/cosim/index.ts';
import { optionValue, type ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { EXIT_OK, EXIT_USER, UserError } from '../errors.ts';
import { formatTable } from '../table.ts';
import { displayPath, userFrame } from '../user-frames.ts';

let hookRegistered = false;

/** Imports a testbench file and returns the testbenches it exports, sorted by export name. */
async function loadTestbenches(file: string | undefined): Promise<{ path: string; found: [string, Testbench][] }> {
  if (!file) throw new UserError('missing testbench file', { details: ['usage: spikeforge sim <testbench.ts> [options]'] });
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UserError(`testbench file '${file}' does not exist`);
  if (!hookRegistered) {
    // As for design files (see load-design.ts): .ts files with import/export load as ES modules.
    register('../esm-design-hook.mjs', import.meta.url);
    hookRegistered = true;
  }
  let ns: Record<string, unknown>;
  try {
    ns = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    const frame = userFrame(e);
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    if (frame) throw new UserError(message, { cause: e, code: 'import', loc: { ...frame, file: displayPath(frame.file) } });
    throw new UserError(`importing '${displayPath(path)}' failed: ${message}`, { cause: e });
  }
  const found = Object.entries(ns)
    .filter((e): e is [string, Testbench] => isTestbench(e[1]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (found.length === 0) {
    throw new UserError(`'${displayPath(path)}' exports no testbench`, {
      details: ["a testbench file exports a value made by testbench({...}) from testbenches/cosim, e.g. export const tb = testbench({ design, model, stimulus, cycles })"],
    });
  }
  return { path, found };
}

function pick(found: [string, Testbench][], name: string | undefined, path: string): Testbench {
  const list = found.map(([k, tb]) => `  ${k}${tb.name !== k ? ` (testbench '${tb.name}')` : ''}`);
  if (name === undefined) {
    if (found.length === 1) return found[0]![1];
    throw new UserError(`'${displayPath(path)}' exports ${found.length} testbenches; choose one with --tb <name>`, { details: ['testbenches:', ...list] });
  }
  const hit = found.find(([k, tb]) => k === name || tb.name === name);
  if (!hit) throw new UserError(`'${displayPath(path)}' exports no testbench named '${name}'`, { details: ['testbenches:', ...list] });
  return hit[1];
}

function positiveInt(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UserError(`--${option} must be a whole number, got '${text}'`);
  return Number(text);
}

function rate(cycles: number, seconds: number): string {
  if (seconds <= 0) return '-';
  const r = cycles / seconds;
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(1)}k` : r.toFixed(0);
}

function table(result: CosimResult | null, statuses: readonly RunStatus[] | null): string {
  const rows: (string | number)[][] = [['back end', 'result', 'cycles', 'sim s', 'cycles/s', 'setup s']];
  if (result) {
    for (const b of [...result.backends, ...result.randReset]) {
      rows.push([b.label, 'pass', b.cycles, b.seconds.toFixed(3), rate(b.cycles, b.seconds), b.createSeconds.toFixed(2)]);
    }
  } else if (statuses) {
    for (const s of statuses) rows.push([s.label, s.failed ? 'FAIL' : 'pass so far', s.cycles, '-', '-', '-']);
  }
  return formatTable(rows);
}

export const simCommand: Command = {
  name: 'sim',
  summary: 'co-simulate a testbench file against its golden model on the chosen back ends',
  usage: 'sim <testbench.ts> [--backend builtin|verilator|iverilog|all] [--vcd file] [--wave file.svg] [--cycles N] [--tb name]',
  description: [
    'Imports the file, takes the testbench it exports (made with testbench({...}) from',
    'testbenches/cosim) and runs it on each back end in lockstep with its golden model,',
    'comparing every observed signal in every cycle (and, in transaction mode, every',
    'stream transaction). Prints pass/fail, cycles and cycles per second per back end.',
    'On the first mismatch it prints the cycle, signal, expected and actual values and',
    'the back end, writes the waveform (--vcd; one file per back end when there are',
    'several: run.vcd becomes run.builtin.vcd, ...) and a timing diagram of the cycles',
    'around it (--wave), and exits with 1.',
  ].join('\n'),
  options: [
    { name: 'backend', kind: 'string', value: 'name', help: "builtin, verilator, iverilog, a comma-separated list, or all (default: the testbench's, else all installed)" },
    { name: 'vcd', kind: 'string', value: 'file', help: 'stream a VCD waveform of each run to this file' },
    { name: 'wave', kind: 'string', value: 'file.svg', help: 'on a mismatch, write a WaveDrom diagram of the cycles around it' },
    { name: 'cycles', kind: 'string', value: 'N', help: "run at most N cycles (default: the testbench's)" },
    { name: 'tb', kind: 'string', value: 'name', help: 'the testbench to run when the file exports several' },
  ],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    if (args.positionals.length > 1) throw new UserError(`unexpected argument '${args.positionals[1]}'`, { details: [`usage: spikeforge ${this.usage}`] });
    const { path, found } = await loadTestbenches(args.positionals[0]);
    const tb = pick(found, optionValue(args, 'tb'), path);
    const cycles = positiveInt(optionValue(args, 'cycles'), 'cycles');
    const vcd = optionValue(args, 'vcd');
    const wave = optionValue(args, 'wave');
    const backendText = optionValue(args, 'backend');
    let backends;
    try {
      backends = resolveBackends(backendText ?? (tb.backends ? [...tb.backends] : 'all'));
    } catch (e) {
      throw new UserError(e instanceof Error ? e.message : String(e));
    }
    io.out(`testbench '${tb.name}' from ${displayPath(path)} on ${backends.join(', ')}`);
    const progress = (msg: string) => io.err(`  ${msg}`);
    try {
      const result = runTestbench(tb, { backends, ...(vcd ? { vcd } : {}), ...(wave ? { wave } : {}), ...(cycles !== undefined ? { cycles } : {}), onProgress: progress });
      io.out(`${result.cycles} cycles after ${result.resetCycles} reset cycle${result.resetCycles === 1 ? '' : 's'}; observed: ${result.observe.join(', ')}`);
      io.out(table(result, null));
      for (const b of [...result.backends, ...result.randReset]) {
        for (const s of b.transactions ?? []) io.out(`  ${b.label}: stream '${s.name}': ${s.matched} transaction${s.matched === 1 ? '' : 's'} matched`);
        if (b.vcd) io.out(`  ${b.label}: waveform ${displayPath(b.vcd)}`);
      }
      const against = result.reference === 'model' ? 'the golden model' : result.reference ? `the ${result.reference} back end` : null;
      io.out(against ? `pass: every back end agrees with ${against}` : 'pass');
      return EXIT_OK;
    } catch (e) {
      if (e instanceof CosimMismatchError || e instanceof TransactionMismatchError) {
        io.out(table(null, e.runs));
        io.err(e.message);
        if (e instanceof CosimMismatchError && !e.vcd && !e.wave) io.err('  (run again with --vcd run.vcd --wave mismatch.svg for the waveform and a diagram)');
        return EXIT_USER;
      }
      if (e instanceof CosimTestbenchError) {
        const frame = userFrame(e.cause);
        throw new UserError(e.message, { code: 'testbench', cause: e, ...(frame ? { loc: { ...frame, file: displayPath(frame.file) } } : {}) });
      }
      if (e instanceof BackendUnavailableError) throw new UserError(e.message);
      throw e;
    }
  },
};
