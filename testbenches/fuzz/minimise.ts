// Making a finding smaller before it is saved: only the outputs that showed
// the problem stay, and everything that does not reach them is removed
// (removeDeadLogic), which usually leaves a fraction of the design. The cut
// design is kept only if it still shows a problem.
import { topModule, type IrDesign } from '../../hdl/ir.ts';
import { removeDeadLogic } from '../../hdl/passes/index.ts';

/** The design with only the named outputs of the top module (inputs all kept), dead logic removed. */
export function keepOutputs(design: IrDesign, outputs: ReadonlySet<string>): IrDesign {
  const top = topModule(design);
  const ports = top.ports.filter((p) => p.dir === 'input' || outputs.has(p.name));
  if (ports.length === top.ports.length) return design;
  return removeDeadLogic({ ...design, modules: design.modules.map((m) => (m === top ? { ...m, ports } : m)) });
}

/** The outputs a message names ('o5' in "signal 'o5' (29 bits) is unknown"). */
export function outputsNamedIn(message: string, design: IrDesign): string[] {
  const outs = topModule(design).ports.filter((p) => p.dir === 'output').map((p) => p.name);
  return outs.filter((o) => new RegExp(`'${o}'`).test(message));
}

/**
 * The outputs to keep for a finding: the earliest disagreeing one, preferring
 * any other output to the checksum `chk` (which depends on everything), plus
 * the outputs failure messages name.
 */
export function outputsToKeep(disagreements: readonly { cycle: number; signal: string }[], messages: readonly string[], design: IrDesign): Set<string> {
  const keep = new Set<string>();
  const plain = disagreements.filter((d) => d.signal !== 'chk');
  const first = plain[0] ?? disagreements[0];
  if (first) keep.add(first.signal);
  for (const m of messages) for (const o of outputsNamedIn(m, design)) keep.add(o);
  return keep;
}
