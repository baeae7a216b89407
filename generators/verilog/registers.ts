// Registers as clocked always blocks, one per clock and reset, so related
// registers read together. Reset wins over enable: while reset is asserted the
// register takes its reset value whatever the enable says.
import type { IrReg, NetId, SourceLoc } from '../../hdl/ir.ts';
import { literal } from './literals.ts';

export interface RegisterPrinter {
  text(net: NetId): string;
  condition(net: NetId): string;
  netName(net: NetId): string;
  width(net: NetId): number;
  loc(l: SourceLoc): string;
}

interface Group {
  clock: NetId;
  reset?: { net: NetId; async: boolean; activeLow: boolean };
  regs: IrReg[];
}

function groupKey(r: IrReg): string {
  const rs = r.reset;
  return `${r.clock}|${rs ? `${rs.net}|${rs.async}|${rs.activeLow}` : '-'}`;
}

export function registerBlocks(regs: IrReg[], pr: RegisterPrinter): string[] {
  const groups = new Map<string, Group>();
  for (const r of regs) {
    const key = groupKey(r);
    let g = groups.get(key);
    if (!g) {
      g = { clock: r.clock, regs: [] };
      if (r.reset) g.reset = { net: r.reset.net, async: r.reset.async, activeLow: r.reset.activeLow };
      groups.set(key, g);
    }
    g.regs.push(r);
  }
  const lines: string[] = [];
  for (const g of groups.values()) {
    const clk = pr.netName(g.clock);
    const update = (r: IrReg, indent: string): string => {
      const stmt = `${pr.netName(r.q)} <= ${pr.text(r.d)};${pr.loc(r.loc)}`;
      return r.enable !== undefined ? `${indent}if (${pr.condition(r.enable)}) ${stmt}` : `${indent}${stmt}`;
    };
    if (!g.reset) {
      lines.push(`  always @(posedge ${clk}) begin`);
      for (const r of g.regs) lines.push(update(r, '    '));
      lines.push('  end');
      continue;
    }
    const rst = pr.netName(g.reset.net);
    const edge = g.reset.async ? ` or ${g.reset.activeLow ? 'negedge' : 'posedge'} ${rst}` : '';
    lines.push(`  always @(posedge ${clk}${edge}) begin`);
    lines.push(`    if (${g.reset.activeLow ? '!' : ''}${rst}) begin`);
    for (const r of g.regs) lines.push(`      ${pr.netName(r.q)} <= ${literal(pr.width(r.q), r.reset!.value)};${pr.loc(r.loc)}`);
    lines.push('    end else begin');
    for (const r of g.regs) lines.push(update(r, '      '));
    lines.push('    end');
    lines.push('  end');
  }
  return lines;
}

/** `initial` statements: the power-up value of registers that have one or have no reset. */
export function registerInit(regs: IrReg[], pr: RegisterPrinter): string[] {
  const lines: string[] = [];
  for (const r of regs) {
    if (r.init === undefined && r.reset) continue;
    lines.push(`    ${pr.netName(r.q)} = ${literal(pr.width(r.q), r.init ?? 0n)};`);
  }
  return lines;
}
