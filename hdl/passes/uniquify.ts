// Module uniquification. Structurally identical modules (same ports, nets,
// cells, registers, memories and instances, compared through a canonical form
// that ignores source locations, the module name, its origin and its doc) are
// merged into the first of them, and instances are pointed at it. Modules are
// handled children first, so merging two children can make their parents
// identical too. Afterwards module names are unique: a different module that
// reuses an earlier name is renamed `name_1`, `name_2`, ... (the first suffix
// no module of the design uses). The input design is never modified.
import type { IrDesign, IrModule, NetId } from '../ir.ts';
import { cloneDesign, hierarchyOf } from './ir-util.ts';

/** Text equal for two modules exactly when they describe the same hardware with the same names. */
function canonicalForm(m: IrModule): string {
  const pos = new Map<NetId, number>();
  m.nets.forEach((n, i) => {
    if (!pos.has(n.id)) pos.set(n.id, i);
  });
  const at = (id: NetId | undefined): number | string | null => (id === undefined ? null : (pos.get(id) ?? `?${id}`));
  const big = (v: bigint | undefined): string | null => (v === undefined ? null : v.toString());
  const form = [
    m.ports.map((p) => [p.name, p.dir, at(p.net), p.role ?? null]),
    m.nets.map((n) => [n.name, n.width, n.signed, n.named, n.frac ?? 0]),
    m.cells.map((c) => [c.op, at(c.out), c.args.map(at), big(c.value), c.lo ?? null, c.amount ?? null]),
    m.regs.map((r) => [at(r.q), at(r.d), at(r.clock), at(r.enable), r.reset ? [at(r.reset.net), r.reset.async, r.reset.activeLow, big(r.reset.value)] : null, big(r.init)]),
    m.memories.map((mem) => [
      mem.name, mem.width, mem.depth, mem.signed, mem.init ? mem.init.map((v) => v.toString()) : null, mem.uninitialised === true,
      mem.readPorts.map((rp) => [at(rp.addr), at(rp.data), rp.sync, at(rp.clock), at(rp.enable)]),
      mem.writePorts.map((wp) => [at(wp.addr), at(wp.data), at(wp.enable), at(wp.clock)]),
    ]),
    m.instances.map((inst) => [inst.name, inst.module, inst.connections.map((c) => [c.port, at(c.net)])]),
  ];
  return JSON.stringify(form);
}

/** A copy of the design with identical modules merged and module names made unique. */
export function uniquifyModules(design: IrDesign): IrDesign {
  const copy = cloneDesign(design);
  const h = hierarchyOf(copy);
  const reserved = new Set(copy.modules.map((m) => m.name));
  const used = new Set<string>();
  const finalName: (string | undefined)[] = new Array(copy.modules.length).fill(undefined);
  const byForm = new Map<string, number>();
  const kept: IrModule[] = [];

  copy.modules.forEach((m, mi) => {
    m.instances.forEach((inst, k) => {
      const ci = h.children[mi]![k]!;
      const name = ci >= 0 ? finalName[ci] : undefined;
      if (name !== undefined) inst.module = name;
    });
    const form = canonicalForm(m);
    const same = byForm.get(form);
    if (same !== undefined) {
      finalName[mi] = finalName[same];
      return;
    }
    let name = m.name;
    if (used.has(name)) {
      let k = 1;
      while (used.has(`${m.name}_${k}`) || reserved.has(`${m.name}_${k}`)) k++;
      name = `${m.name}_${k}`;
    }
    used.add(name);
    m.name = name;
    finalName[mi] = name;
    byForm.set(form, mi);
    kept.push(m);
  });

  const top = h.top >= 0 ? (finalName[h.top] ?? copy.top) : copy.top;
  return { top, modules: kept };
}
