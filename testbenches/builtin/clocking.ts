// Clock and reset analysis: the built-in simulator drives one clock, so every
// register and memory port must be clocked, through instance connections and
// plain wires ('id' cells), by the same top-level input. Reset inputs get their
// active level from the registers they reach (through wires and inverters).
import type { SourceLoc } from '../../hdl/ir.ts';
import type { DiagnosticSink } from '../../hdl/diagnostics.ts';
import type { FlatDesign, FlatNetId } from './flatten.ts';

export interface ClockInfo {
  /** The clock input's flat net, or null when nothing is clocked. */
  net: FlatNetId | null;
  port: string | null;
}

/** Follows `id` cells back from `net`; returns the net at the end and whether an odd number of `not`s was crossed. */
function traceBack(flat: FlatDesign, net: FlatNetId, throughNot: boolean): { net: FlatNetId; inverted: boolean } {
  let inverted = false;
  for (let guard = 0; guard < flat.nets.length; guard++) {
    const d = flat.drivers[net];
    if (d?.kind !== 'cell') break;
    const c = flat.cells[d.cell];
    if (c.op === 'id') net = c.args[0];
    else if (throughNot && c.op === 'not') {
      net = c.args[0];
      inverted = !inverted;
    } else break;
  }
  return { net, inverted };
}

export function findClock(flat: FlatDesign, sink: DiagnosticSink): ClockInfo {
  const domains = new Map<string, { net: FlatNetId; user: string; loc: SourceLoc }>();
  const use = (clock: FlatNetId, user: string, loc: SourceLoc): void => {
    const root = traceBack(flat, clock, false).net;
    const d = flat.drivers[root];
    if (d?.kind !== 'input') {
      sink.error(
        'clock-domains',
        `${user} is clocked by '${flat.nets[clock].name}', which is not a top-level input; the built-in simulator does not support gated or generated clocks`,
        loc,
      );
      return;
    }
    const port = flat.ports[d.port].name;
    if (!domains.has(port)) domains.set(port, { net: root, user, loc });
  };
  for (const r of flat.regs) use(r.clock, `register '${r.name}'`, r.loc);
  for (const m of flat.memories) {
    for (const rp of m.readPorts) if (rp.sync && rp.clock !== undefined) use(rp.clock, `a read port of memory '${m.name}'`, rp.loc);
    for (const wp of m.writePorts) use(wp.clock, `a write port of memory '${m.name}'`, wp.loc);
  }
  if (domains.size > 1) {
    const names = [...domains.keys()];
    const first = [...domains.values()][0];
    sink.error(
      'clock-domains',
      `the design has ${names.length} clock domains (${names.map((n) => `'${n}'`).join(', ')}); the built-in simulator supports a single clock`,
      first.loc,
      [...domains].map(([port, x]) => ({ message: `${x.user} is clocked by '${port}'`, loc: x.loc })),
    );
  }
  const [only] = domains;
  return only ? { net: only[1].net, port: only[0] } : { net: null, port: null };
}

export interface ResetPort {
  port: string;
  net: FlatNetId;
  /** The level that asserts it, or a conflict when registers disagree. */
  activeLow: boolean;
  conflict?: string;
}

/** The reset inputs (ports with role 'reset') and the level that asserts each. */
export function findResetPorts(flat: FlatDesign): ResetPort[] {
  const levels = new Map<FlatNetId, Map<boolean, string>>();
  for (const r of flat.regs) {
    if (!r.reset) continue;
    const t = traceBack(flat, r.reset.net, true);
    let m = levels.get(t.net);
    if (!m) levels.set(t.net, (m = new Map()));
    const low = r.reset.activeLow !== t.inverted;
    if (!m.has(low)) m.set(low, r.name);
  }
  const out: ResetPort[] = [];
  for (const p of flat.ports) {
    if (p.dir !== 'input' || p.role !== 'reset') continue;
    const m = levels.get(p.net);
    if (!m || m.size === 0) {
      // Nothing tells the level: go by the usual naming of active-low resets.
      out.push({ port: p.name, net: p.net, activeLow: /(_n|_b|_l)$|^(rst|reset|res)n$/i.test(p.name) });
    } else if (m.size === 1) {
      out.push({ port: p.name, net: p.net, activeLow: [...m.keys()][0] });
    } else {
      out.push({
        port: p.name,
        net: p.net,
        activeLow: false,
        conflict: `reset input '${p.name}' is active-high for register '${m.get(false)}' but active-low for register '${m.get(true)}'`,
      });
    }
  }
  return out;
}
