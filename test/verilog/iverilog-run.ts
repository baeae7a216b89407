// Runs emitted Verilog in Icarus with a small generated testbench that
// applies input vectors and prints every output in hex, for the differential
// tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IrModule } from '../../hdl/ir.ts';
import { verilogNames } from '../../generators/verilog/index.ts';
import { requireTool } from '../../testbenches/tools.ts';

function range(w: number): string {
  return w === 1 ? '' : `[${w - 1}:0] `;
}

function hex(w: number, v: bigint): string {
  return `${w}'h${(v & ((1n << BigInt(w)) - 1n)).toString(16)}`;
}

export function withTempDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'spikeforge-vtest-'));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `iverilog -g2005` compile errors ('' when it compiles). */
export function iverilogErrors(verilog: string): string {
  const iverilog = requireTool('iverilog');
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'design.v'), verilog);
    const r = spawnSync(iverilog, ['-g2005', '-o', '/dev/null', 'design.v'], { cwd: dir, encoding: 'utf8' });
    return r.status === 0 ? (r.stderr ?? '').trim() : `exit ${r.status}: ${r.stdout}${r.stderr}`;
  });
}

/**
 * Applies each vector (input name -> value), prints the outputs, and for a
 * clocked design then applies one rising edge of `clock`. Returns the outputs
 * per vector (null where the simulator printed x or z).
 */
export function runVectors(verilog: string, mod: IrModule, vectors: Record<string, bigint>[], clock?: string): Record<string, bigint | null>[] {
  const names = verilogNames(mod);
  const widthOf = (net: number): number => mod.nets.find((n) => n.id === net)!.width;
  const inputs = mod.ports.map((p, i) => ({ p, v: names.ports[i]!, w: widthOf(p.net) })).filter((x) => x.p.dir === 'input');
  const outputs = mod.ports.map((p, i) => ({ p, v: names.ports[i]!, w: widthOf(p.net) })).filter((x) => x.p.dir === 'output');
  const tb: string[] = ['module tb_spikeforge;'];
  for (const x of inputs) tb.push(`  reg ${range(x.w)}${x.v};`);
  for (const x of outputs) tb.push(`  wire ${range(x.w)}${x.v};`);
  tb.push(`  ${names.module} dut (${[...inputs, ...outputs].map((x) => `.${x.v}(${x.v})`).join(', ')});`);
  tb.push('  initial begin', '    #1;');
  const fmt = outputs.map(() => '%h').join(' ');
  const args = outputs.map((x) => x.v).join(', ');
  const clockV = clock === undefined ? undefined : inputs.find((x) => x.p.name === clock)!.v;
  for (const vec of vectors) {
    for (const x of inputs) if (x.v !== clockV) tb.push(`    ${x.v} = ${hex(x.w, vec[x.p.name] ?? 0n)};`);
    if (clockV) tb.push(`    ${clockV} = 1'b0;`);
    tb.push('    #1;', `    $display("${fmt}", ${args});`);
    if (clockV) tb.push(`    ${clockV} = 1'b1;`, '    #1;');
  }
  tb.push('    $finish;', '  end', 'endmodule', '');
  const iverilog = requireTool('iverilog');
  const vvp = requireTool('vvp');
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'design.v'), verilog);
    writeFileSync(join(dir, 'tb.v'), tb.join('\n'));
    const c = spawnSync(iverilog, ['-g2005', '-o', 'sim.vvp', '-s', 'tb_spikeforge', 'design.v', 'tb.v'], { cwd: dir, encoding: 'utf8' });
    if (c.status !== 0) throw new Error(`iverilog failed:\n${c.stdout}${c.stderr}`);
    const r = spawnSync(vvp, ['-n', 'sim.vvp'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`vvp failed:\n${r.stdout}${r.stderr}`);
    const lines = r.stdout.split('\n').filter((l) => /^[0-9a-fxzXZ ]+$/.test(l.trim()) && l.trim() !== '');
    return lines.map((l) => {
      const fields = l.trim().split(/\s+/);
      const out: Record<string, bigint | null> = {};
      outputs.forEach((x, i) => {
        const f = fields[i] ?? 'x';
        out[x.p.name] = /[xzXZ]/.test(f) ? null : BigInt('0x' + f);
      });
      return out;
    });
  });
}
