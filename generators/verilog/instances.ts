// Child module instances with named port connections, every child port
// listed in the child's order under the name the child module declares.
// An input left unconnected is tied to 0; an output left unconnected goes to
// a helper wire, so no tool sees an empty connection.
import type { IrInstance, IrModule, NetId, SourceLoc } from '../../hdl/ir.ts';
import { zero } from './literals.ts';
import type { VerilogModuleNames } from './names.ts';

export interface InstancePrinter {
  text(net: NetId): string;
  netName(net: NetId): string;
  loc(l: SourceLoc): string;
  /** Name of the helper wire for an unconnected output. */
  unconnected(inst: number, port: number): string;
}

export interface ChildInfo {
  module: IrModule;
  /** The child's module and port names (see verilogNames). */
  names: Pick<VerilogModuleNames, 'module' | 'ports'>;
}

export function instanceBlock(index: number, inst: IrInstance, instName: string, child: ChildInfo, pr: InstancePrinter): string[] {
  const conns = child.module.ports.map((p, pi) => {
    const c = inst.connections.find((x) => x.port === p.name);
    const width = child.module.nets.find((n) => n.id === p.net)?.width ?? 1;
    let expr: string;
    if (p.dir === 'output') expr = c ? pr.netName(c.net) : pr.unconnected(index, pi);
    else expr = c ? pr.text(c.net) : zero(width);
    return `    .${child.names.ports[pi]}(${expr})`;
  });
  const params = (inst.params ?? []).map((p) => `.${p.name}(${typeof p.value === 'string' ? JSON.stringify(p.value) : String(p.value)})`);
  const head = params.length ? `${child.names.module} #(${params.join(', ')}) ${instName}` : `${child.names.module} ${instName}`;
  const lines = [`  ${head} (${pr.loc(inst.loc)}`];
  conns.forEach((c, i) => lines.push(i < conns.length - 1 ? `${c},` : c));
  lines.push('  );');
  return lines;
}
