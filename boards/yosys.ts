// Yosys (the WebAssembly build from @yowasp/yosys) for synthesis checks and
// utilisation. Yosys runs in a virtual filesystem: files go in as an object
// and come back the same way. Starting the WASM module costs about a second,
// so `synthCheck` runs a whole batch of designs in one Yosys process, each in
// its own `design -reset` section. A design that makes Yosys stop (a syntax
// error, a failed `check -assert`) is reported as failed and the rest of the
// batch continues in a new run.
import { runYosys } from '@yowasp/yosys';
import { runWasmTool } from './wasm-tool.ts';
import { legaliseIdentifier } from '../generators/verilog/index.ts';

export interface SynthDesign {
  verilog: string;
  /** The top module (IR or Verilog name). */
  top: string;
}

export interface SynthCheckResult {
  top: string;
  /** Read, synthesised and passed `check -assert`. */
  ok: boolean;
  /** Cells after generic synthesis (flattened), by type. */
  cells: Record<string, number>;
  /** Latch cells ($dlatch, $_DLATCH_*_ ...) after synthesis. */
  latches: number;
  /** Memory cells ($mem, $mem_v2) after coarse synthesis, before they are mapped: inferred RAMs. */
  memories: number;
  /** Yosys ERROR lines and the problems `check -assert` listed. */
  errors: string[];
  /** Yosys warnings for this design. */
  warnings: string[];
  /** This design's part of the Yosys log. */
  log: string;
}

export interface SynthCheckOptions {
  /** Flatten the hierarchy before counting (default true). */
  flatten?: boolean;
  /**
   * Run ABC's gate-level optimisation (default true). Latches, `check -assert`
   * and memory inference do not depend on it; without it wide arithmetic
   * synthesises many times faster, with unoptimised gate counts.
   */
  abc?: boolean;
}

export interface YosysRun {
  files: Record<string, string>;
  log: string;
  /** Exit code: 0 when the whole script ran. */
  code: number;
}

/** Runs one Yosys script over the given files; never throws for a Yosys failure. */
export async function runYosysScript(script: string, inputs: Record<string, string>): Promise<YosysRun> {
  const run = await runWasmTool(runYosys, ['-s', 'spikeforge.ys'], { ...inputs, 'spikeforge.ys': script }, 'throw');
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(run.files)) {
    if (typeof v === 'string') files[k] = v;
    else if (v instanceof Uint8Array) files[k] = Buffer.from(v).toString('utf8');
  }
  return { files, log: run.log, code: run.code };
}

/** The module name Yosys will find: the given one if the text declares it, else its legalised form. */
export function verilogTopName(verilog: string, top: string): string {
  const declares = (name: string): boolean => new RegExp(`^\\s*module\\s+${escapeRegExp(name)}(?![A-Za-z0-9_$])`, 'm').test(verilog);
  if (declares(top)) return top;
  const legal = legaliseIdentifier(top);
  return declares(legal) ? legal : top;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface StatJson {
  design?: { num_cells_by_type?: Record<string, number> };
  modules?: Record<string, { num_cells_by_type?: Record<string, number> }>;
}

/** Cell counts from `stat -json`: the whole-design totals, or the sum over modules. */
export function statCells(json: string | undefined): Record<string, number> {
  if (!json) return {};
  const stat = JSON.parse(json) as StatJson;
  if (stat.design?.num_cells_by_type) return { ...stat.design.num_cells_by_type };
  const out: Record<string, number> = {};
  for (const m of Object.values(stat.modules ?? {})) {
    for (const [k, n] of Object.entries(m.num_cells_by_type ?? {})) out[k] = (out[k] ?? 0) + n;
  }
  return out;
}

const BEGIN = (i: number): string => `==spikeforge:begin ${i}==`;
const END = (i: number): string => `==spikeforge:end ${i}==`;

function checkScript(designs: SynthDesign[], first: number, flatten: boolean, abc: boolean): string {
  const lines: string[] = [];
  for (let i = first; i < designs.length; i++) {
    const top = verilogTopName(designs[i]!.verilog, designs[i]!.top);
    const f = (flatten ? ' -flatten' : '') + (abc ? '' : ' -noabc');
    lines.push(
      `log ${BEGIN(i)}`,
      'design -reset',
      `read_verilog d${i}.v`,
      `hierarchy -check -top ${top}`,
      `synth${f} -top ${top} -run :fine`,
      `tee -q -o coarse${i}.json stat -json`,
      `synth${f} -top ${top} -run fine:`,
      `tee -q -o final${i}.json stat -json`,
      'check -assert',
      `log ${END(i)}`,
    );
  }
  return lines.join('\n') + '\n';
}

function section(log: string, i: number): { text: string; ended: boolean } {
  const lines = log.split('\n');
  const b = lines.findIndex((l) => l.trim() === BEGIN(i));
  if (b < 0) return { text: '', ended: false };
  const e = lines.findIndex((l, k) => k > b && l.trim() === END(i));
  return { text: lines.slice(b + 1, e < 0 ? undefined : e).join('\n'), ended: e >= 0 };
}

function problems(text: string): { errors: string[]; warnings: string[] } {
  const lines = text.split('\n');
  const errors = lines.filter((l) => l.includes('ERROR:')).map((l) => l.trim());
  const warnings = lines.filter((l) => /^Warning:/.test(l.trim())).map((l) => l.trim());
  // `check -assert` lists what it found as warnings just before failing.
  if (errors.some((e) => e.includes('check -assert'))) {
    const at = lines.findIndex((l) => l.includes('Executing CHECK pass'));
    if (at >= 0) errors.unshift(...lines.slice(at).filter((l) => /^\s*Warning:/.test(l)).map((l) => l.trim()));
  }
  return { errors, warnings };
}

function countMatching(cells: Record<string, number>, re: RegExp): number {
  return Object.entries(cells).reduce((s, [k, n]) => (re.test(k) ? s + n : s), 0);
}

/**
 * Synthesises every design (generic `synth`, flattened), runs `check -assert`
 * and counts latches, cells and inferred memories. One Yosys run for the
 * whole batch unless a design stops Yosys.
 */
export async function synthCheck(designs: SynthDesign[], opts: SynthCheckOptions = {}): Promise<SynthCheckResult[]> {
  const flatten = opts.flatten ?? true;
  const abc = opts.abc ?? true;
  const inputs: Record<string, string> = {};
  designs.forEach((d, i) => (inputs[`d${i}.v`] = d.verilog));
  const results: SynthCheckResult[] = [];
  let next = 0;
  while (next < designs.length) {
    const run = await runYosysScript(checkScript(designs, next, flatten, abc), inputs);
    let i = next;
    for (; i < designs.length; i++) {
      const s = section(run.log, i);
      if (!s.ended && run.code === 0) throw new Error(`yosys finished without reaching design ${i} (${designs[i]!.top})`);
      const { errors, warnings } = problems(s.text);
      const cells = statCells(run.files[`final${i}.json`]);
      const coarse = statCells(run.files[`coarse${i}.json`]);
      results.push({
        top: designs[i]!.top,
        ok: s.ended && errors.length === 0,
        cells,
        latches: countMatching(cells, /latch/i),
        memories: countMatching(coarse, /^\$mem(_v2)?$/),
        errors: s.ended || errors.length > 0 ? errors : [`yosys stopped (exit code ${run.code})`],
        warnings,
        log: s.text,
      });
      if (!s.ended) break;
    }
    next = i + 1;
  }
  return results;
}

export type SynthTarget = 'ice40' | 'xilinx' | 'ecp5' | 'generic';

export interface Utilisation {
  target: SynthTarget;
  top: string;
  ok: boolean;
  /** Cells by type after technology mapping. */
  cells: Record<string, number>;
  totalCells: number;
  luts: number;
  ffs: number;
  /** Block RAM primitives. */
  brams: number;
  /** Distributed (LUT) RAM and shift-register primitives. */
  lutrams: number;
  dsps: number;
  carries: number;
  errors: string[];
  warnings: string[];
  log: string;
  /** `write_json` netlist, when asked for (input to nextpnr). */
  netlist?: string;
}

const SYNTH_COMMAND: Record<SynthTarget, string> = {
  ice40: 'synth_ice40',
  xilinx: 'synth_xilinx',
  ecp5: 'synth_ecp5',
  generic: 'synth -flatten',
};

const CLASSES: Record<SynthTarget, Record<'luts' | 'ffs' | 'brams' | 'lutrams' | 'dsps' | 'carries', RegExp>> = {
  ice40: { luts: /^SB_LUT4$/, ffs: /^SB_DFF/, brams: /^SB_(RAM40_4K|SPRAM256KA)/, lutrams: /^$/, dsps: /^SB_MAC16$/, carries: /^SB_CARRY$/ },
  xilinx: { luts: /^LUT[1-6]$/, ffs: /^FD[CPRS]E?(_1)?$/, brams: /^RAMB(18|36)/, lutrams: /^(RAM\d+[XM]|SRL)/, dsps: /^DSP48/, carries: /^CARRY[48]$/ },
  ecp5: { luts: /^LUT4$/, ffs: /^TRELLIS_FF$/, brams: /^(DP16KD|PDPW16KD)$/, lutrams: /^TRELLIS_DPR16X4$/, dsps: /^(MULT18X18D|ALU54B)$/, carries: /^CCU2C$/ },
  generic: { luts: /^\$lut$/, ffs: /^\$_.*DFF/, brams: /^\$mem(_v2)?$/, lutrams: /^$/, dsps: /^\$_?mul$/, carries: /^$/ },
};

/** Technology-mapped synthesis for one target and the utilisation Yosys reports. */
export async function synthFor(target: SynthTarget, verilog: string, top: string, opts: { netlist?: boolean } = {}): Promise<Utilisation> {
  const vtop = verilogTopName(verilog, top);
  const script = [
    'read_verilog design.v',
    `hierarchy -check -top ${vtop}`,
    `${SYNTH_COMMAND[target]} -top ${vtop}`,
    'tee -q -o stat.json stat -json',
    ...(opts.netlist ? ['write_json netlist.json'] : []),
  ].join('\n');
  const run = await runYosysScript(script + '\n', { 'design.v': verilog });
  const cells = statCells(run.files['stat.json']);
  const { errors, warnings } = problems(run.log);
  const cls = CLASSES[target];
  const result: Utilisation = {
    target,
    top,
    ok: run.code === 0 && errors.length === 0,
    cells,
    totalCells: Object.values(cells).reduce((s, n) => s + n, 0),
    luts: countMatching(cells, cls.luts),
    ffs: countMatching(cells, cls.ffs),
    brams: countMatching(cells, cls.brams),
    lutrams: countMatching(cells, cls.lutrams),
    dsps: countMatching(cells, cls.dsps),
    carries: countMatching(cells, cls.carries),
    errors: run.code === 0 || errors.length > 0 ? errors : [`yosys stopped (exit code ${run.code})`],
    warnings,
    log: run.log,
  };
  if (opts.netlist && run.files['netlist.json'] !== undefined) result.netlist = run.files['netlist.json'];
  return result;
}
