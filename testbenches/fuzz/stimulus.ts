// Random stimulus for a fuzz design: every top-level input but the clock
// gets a value each cycle. Each input has its own activity (how often it
// changes) so that some hold still long enough for state to build up; values
// are biased towards the edges of their ranges (Rng.interesting). The reset
// input is deasserted except for rare short pulses in the middle of the run.
import { topModule, type IrDesign } from '../../hdl/ir.ts';
import { Rng } from './rng.ts';

export interface FuzzStimulus {
  /** Top-level input names, in column order. */
  inputs: string[];
  /** rows[k][i]: input i in cycle k (as the input's type reads it). */
  rows: bigint[][];
}

export function randomStimulus(design: IrDesign, seed: number, cycles: number, resetActiveLow: boolean): FuzzStimulus {
  const rng = new Rng(seed);
  const top = topModule(design);
  const ports = top.ports.filter((p) => p.dir === 'input' && p.role !== 'clock');
  const inputs = ports.map((p) => p.name);
  const plan = ports.map((p) => {
    const net = top.nets[p.net]!;
    const reset = p.role === 'reset';
    // A quiet input keeps its value for long stretches; a 1-bit input may also stick to one level.
    const activity = reset ? 0.01 : rng.weighted([[0.05, 2], [0.3, 3], [0.9, 3]] as const);
    const bias: bigint | null = net.width === 1 && !reset && rng.bool(0.4) ? (rng.bool() ? 0n : 1n) : null;
    return { width: net.width, signed: net.signed, reset, activity, bias };
  });
  const deasserted: bigint = resetActiveLow ? 1n : 0n;
  const current = plan.map((p) => (p.reset ? deasserted : 0n));
  const rows: bigint[][] = [];
  let resetLeft = 0;
  for (let k = 0; k < cycles; k++) {
    plan.forEach((p, i) => {
      if (p.reset) {
        if (resetLeft === 0 && k > 4 && rng.bool(p.activity)) resetLeft = rng.int(1, 3);
        current[i] = resetLeft > 0 ? 1n - deasserted : deasserted;
        return;
      }
      if (!rng.bool(p.activity)) return;
      if (p.bias !== null && rng.bool(0.85)) current[i] = p.bias;
      else current[i] = rng.interesting(p.width, p.signed);
    });
    if (resetLeft > 0) resetLeft--;
    rows.push(current.slice());
  }
  return { inputs, rows };
}

/**
 * The columns of a batch stimulus that belong to block `i` (`b<i>_<port>`),
 * renamed to the ports of `block`, the block elaborated on its own (plus the
 * shared reset when the block has one).
 */
export function blockStimulus(batch: FuzzStimulus, i: number, block: IrDesign, rows = batch.rows.length): FuzzStimulus {
  const prefix = `b${i}_`;
  const own = new Set(topModule(block).ports.filter((p) => p.dir === 'input').map((p) => p.name));
  const cols: number[] = [];
  const inputs: string[] = [];
  batch.inputs.forEach((name, c) => {
    const local = name.startsWith(prefix) ? name.slice(prefix.length) : /^b\d+_/.test(name) ? null : name;
    if (local !== null && own.has(local)) {
      cols.push(c);
      inputs.push(local);
    }
  });
  return { inputs, rows: batch.rows.slice(0, rows).map((r) => cols.map((c) => r[c]!)) };
}

/** The columns of a stimulus that `design` has as inputs (for a batch with some blocks taken out). */
export function selectColumns(stim: FuzzStimulus, design: IrDesign): FuzzStimulus {
  const own = new Set(topModule(design).ports.filter((p) => p.dir === 'input').map((p) => p.name));
  const cols = stim.inputs.map((n, i) => (own.has(n) ? i : -1)).filter((i) => i >= 0);
  if (cols.length === stim.inputs.length) return stim;
  return { inputs: cols.map((i) => stim.inputs[i]!), rows: stim.rows.map((r) => cols.map((i) => r[i]!)) };
}
