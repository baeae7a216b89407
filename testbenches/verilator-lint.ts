// `verilator --lint-only -Wall` on a piece of Verilog. The file is named
// after the top module (Verilator's DECLFILENAME rule) in a fresh temporary
// directory that is removed afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legaliseIdentifier } from '../generators/verilog/index.ts';
import { requireTool } from './tools.ts';

export interface LintResult {
  /** Verilator accepted the file with no warning at all. */
  ok: boolean;
  /** First line of every %Warning / %Error message, with the temporary path removed. */
  warnings: string[];
  /** Verilator's whole output. */
  output: string;
}

function declaredTop(verilog: string, top: string): string {
  const escaped = (n: string): string => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const declares = (n: string): boolean => new RegExp(`^\\s*module\\s+${escaped(n)}(?![A-Za-z0-9_$])`, 'm').test(verilog);
  if (declares(top)) return top;
  const legal = legaliseIdentifier(top);
  return declares(legal) ? legal : top;
}

export function lintVerilog(verilog: string, top: string, extraArgs: string[] = []): LintResult {
  const verilator = requireTool('verilator');
  const vtop = declaredTop(verilog, top);
  const dir = mkdtempSync(join(tmpdir(), 'spikeforge-lint-'));
  try {
    const fileName = `${legaliseIdentifier(vtop)}.v`;
    const file = join(dir, fileName);
    writeFileSync(file, verilog);
    const r = spawnSync(verilator, ['--lint-only', '-Wall', '--top-module', vtop, ...extraArgs, fileName], { cwd: dir, encoding: 'utf8' });
    if (r.error) throw r.error;
    const output = (r.stdout ?? '') + (r.stderr ?? '');
    const warnings = output
      .split('\n')
      .filter((l) => /^%(Warning|Error)/.test(l) && !/^%Error: Exiting due to/.test(l))
      .map((l) => l.split(dir + '/').join(''));
    return { ok: r.status === 0 && warnings.length === 0, warnings, output: output.split(dir + '/').join('') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
