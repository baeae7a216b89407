// Which board pin each bit of the design's top-level ports goes to. The user
// names resources with `--pins port=resource,...`; every port not named is
// mapped by role and direction: the clock to the board's default clock, the
// reset to the board's reset button, other inputs to buttons then switches,
// outputs to LEDs. A port that cannot be mapped is an error that says which
// and what the board has left. All problems are reported together.
import type { IrDesign, IrModule } from '../hdl/ir.ts';
import { topModule } from '../hdl/ir.ts';
import { verilogNames } from '../generators/verilog/index.ts';
import { boardGroups, boardResources, defaultClock, type BoardDef, type BoardResource } from './board.ts';
import { BoardError } from './errors.ts';

export interface DesignPort {
  /** The port's Verilog name in the top module. */
  name: string;
  dir: 'input' | 'output';
  width: number;
  role?: 'clock' | 'reset';
  /** For the reset: the design resets while it is 0. */
  activeLow?: boolean;
}

/** What one bit of a port is connected to. */
export type BitTarget =
  | { kind: 'pin'; resource: BoardResource }
  /** An input tied to a constant (`--pins rst=0`). */
  | { kind: 'const'; value: 0 | 1 }
  /** An output left unconnected (`--pins busy=none`). */
  | { kind: 'open' };

export interface PortMapping {
  port: DesignPort;
  /** Index = bit. */
  bits: BitTarget[];
  /** How the mapping came about, for the report. */
  source: 'user' | 'auto';
}

export interface PinMap {
  board: BoardDef;
  ports: PortMapping[];
  /** Messages about choices made for the user (e.g. a reset tied inactive). */
  notes: string[];
}

/**
 * Whether the reset port of `mod` is active low, from the registers it resets
 * (in this module or, through instances, below). Undefined when nothing uses it.
 */
function resetActiveLow(ir: IrDesign, mod: IrModule, port: string): boolean | undefined {
  const p = mod.ports.find((x) => x.name === port);
  if (!p) return undefined;
  const r = mod.regs.find((g) => g.reset?.net === p.net);
  if (r) return r.reset!.activeLow;
  for (const inst of mod.instances) {
    const c = inst.connections.find((k) => k.net === p.net);
    const child = ir.modules.find((m) => m.name === inst.module);
    if (!c || !child || child.blackbox) continue;
    const low = resetActiveLow(ir, child, c.port);
    if (low !== undefined) return low;
  }
  return undefined;
}

/** The top module's ports as Verilog sees them. */
export function designPorts(ir: IrDesign): DesignPort[] {
  const top = topModule(ir);
  const names = verilogNames(top, ir);
  return top.ports.map((p, i) => {
    const d: DesignPort = { name: names.ports[i]!, dir: p.dir, width: top.nets[p.net]!.width };
    if (p.role) d.role = p.role;
    if (p.role === 'reset' && resetActiveLow(ir, top, p.name)) d.activeLow = true;
    return d;
  });
}

interface Request {
  text: string;
  port: string;
  bit?: number;
  targets: string[];
}

/** Splits `--pins` values ('a=b,c[2]=d', repeatable) into requests; syntax errors go to `errors`. */
function parseRequests(specs: readonly string[], errors: string[]): Request[] {
  const out: Request[] = [];
  for (const spec of specs) {
    for (const raw of spec.split(',')) {
      const text = raw.trim();
      if (!text) continue;
      const m = /^([A-Za-z_][A-Za-z0-9_$]*)(?:\[(\d+)\])?\s*=\s*(.+)$/.exec(text);
      if (!m) {
        errors.push(`--pins '${text}': expected port=resource, port[bit]=resource or port=r0+r1+...`);
        continue;
      }
      const r: Request = { text, port: m[1]!, targets: m[3]!.split('+').map((s) => s.trim()) };
      if (m[2] !== undefined) r.bit = Number(m[2]);
      if (r.targets.some((t) => t === '')) {
        errors.push(`--pins '${text}': empty resource name`);
        continue;
      }
      out.push(r);
    }
  }
  return out;
}

function describe(r: BoardResource): string {
  return `${r.name} (pin ${r.pin}${r.label ? `, ${r.label}` : ''})`;
}

/** 'pin:XX' names a package pin directly, with the board's default IO standard. */
function rawPin(board: BoardDef, name: string): BoardResource | undefined {
  const m = /^pin:([A-Za-z0-9_]+)$/.exec(name);
  if (!m) return undefined;
  const r: BoardResource = { name: `pin_${m[1]}`, kind: 'header', pin: m[1]!, activeLow: false, direction: 'inout' };
  if (board.ioStandard) r.ioStandard = board.ioStandard;
  return r;
}

/**
 * Maps every bit of every top-level port to a board resource (or a tie for
 * inputs, or nothing for outputs when the user says so). Throws one
 * BoardError listing every problem.
 */
export function mapPins(board: BoardDef, ports: readonly DesignPort[], specs: readonly string[] = []): PinMap {
  const errors: string[] = [];
  const notes: string[] = [];
  const resources = boardResources(board);
  const byName = new Map(resources.map((r) => [r.name, r]));
  const groups = new Map(boardGroups(board).map((g) => [g.name, g]));
  const portByName = new Map(ports.map((p) => [p.name, p]));
  const mapped = new Map<string, (BitTarget | undefined)[]>();
  const sources = new Map<string, PortMapping['source']>();
  /** The board's resources were listed once already. */
  let listed = false;
  /** Ports whose --pins entry was wrong: not mapped automatically as well (one message is enough). */
  const failed = new Set<string>();
  /** Resource name -> who took it, to catch double use. */
  const taken = new Map<string, string>();

  const bitsOf = (p: DesignPort): (BitTarget | undefined)[] => {
    let b = mapped.get(p.name);
    if (!b) {
      b = new Array<BitTarget | undefined>(p.width).fill(undefined);
      mapped.set(p.name, b);
    }
    return b;
  };
  const who = (p: DesignPort, bit: number): string => (p.width === 1 ? `'${p.name}'` : `'${p.name}[${bit}]'`);

  /** Assigns one bit; checks direction and double use. */
  const assign = (p: DesignPort, bit: number, r: BoardResource, text: string): void => {
    if (p.dir === 'input' && r.direction === 'out') {
      errors.push(`--pins '${text}': ${describe(r)} is an output of the board (${r.kind}), but ${who(p, bit)} is a design input`);
      return;
    }
    if (p.dir === 'output' && r.direction === 'in') {
      errors.push(`--pins '${text}': ${describe(r)} is an input of the board (${r.kind}), but ${who(p, bit)} is a design output`);
      return;
    }
    const key = `pin ${r.pin}`;
    const prev = taken.get(key);
    if (prev) {
      errors.push(`--pins '${text}': ${describe(r)} is already used by ${prev}`);
      return;
    }
    taken.set(key, who(p, bit));
    bitsOf(p)[bit] = { kind: 'pin', resource: r };
  };

  /** The resources a target name stands for: one resource, a group, or a raw pin. */
  const expand = (name: string): BoardResource[] | undefined => {
    const one = byName.get(name) ?? rawPin(board, name);
    if (one) return [one];
    const g = groups.get(name);
    if (g) return g.members.map((m) => byName.get(m)!);
    return undefined;
  };

  const knownTargets = (): string[] => [
    `resources: ${resources.map((r) => r.name).join(', ')}`,
    `groups: ${[...groups.keys()].join(', ') || '(none)'}`,
    "also: pin:<package pin>, 0 or 1 (tie an input), none (leave an output open)",
  ];

  // 1. What the user asked for.
  for (const req of parseRequests(specs, errors)) {
    const p = portByName.get(req.port);
    if (!p) {
      errors.push(`--pins '${req.text}': the design has no port '${req.port}'`, `  ports: ${ports.map((q) => `${q.name} (${q.dir}, ${q.width} bit${q.width === 1 ? '' : 's'})`).join(', ')}`);
      continue;
    }
    if (req.bit !== undefined && req.bit >= p.width) {
      errors.push(`--pins '${req.text}': '${p.name}' has ${p.width} bit${p.width === 1 ? '' : 's'}, there is no bit ${req.bit}`);
      continue;
    }
    sources.set(p.name, 'user');
    const before = errors.length;
    mapRequest(p, req);
    if (errors.length > before) failed.add(p.name);
  }

  function mapRequest(p: DesignPort, req: Request): void {
    const first = req.bit ?? 0;
    const want = req.bit === undefined ? p.width : 1;
    if (bitsOf(p).slice(first, first + want).some((b) => b !== undefined)) {
      errors.push(`--pins '${req.text}': ${req.bit === undefined ? `'${p.name}'` : who(p, req.bit)} is mapped more than once`);
      return;
    }
    // Ties and open outputs.
    if (req.targets.length === 1 && ['0', '1', 'none'].includes(req.targets[0]!)) {
      const t = req.targets[0]!;
      if (t === 'none' && p.dir === 'input') {
        errors.push(`--pins '${req.text}': an input cannot be left open; tie it with ${p.name}=0 or ${p.name}=1`);
        return;
      }
      if (t !== 'none' && p.dir === 'output') {
        errors.push(`--pins '${req.text}': an output cannot be tied; leave it open with ${p.name}=none or map it to a resource`);
        return;
      }
      for (let i = 0; i < want; i++) bitsOf(p)[first + i] = t === 'none' ? { kind: 'open' } : { kind: 'const', value: t === '1' ? 1 : 0 };
      return;
    }
    const list: BoardResource[] = [];
    let bad = false;
    for (const t of req.targets) {
      const rs = expand(t);
      if (!rs) {
        errors.push(`--pins '${req.text}': board '${board.id}' has no resource or group '${t}'`);
        if (!listed) errors.push(...knownTargets().map((l) => `  ${l}`));
        listed = true;
        bad = true;
        break;
      }
      list.push(...rs);
    }
    if (bad) return;
    if (list.length < want) {
      errors.push(`--pins '${req.text}': '${p.name}'${req.bit === undefined ? '' : `[${req.bit}]`} needs ${want} pin${want === 1 ? '' : 's'}, '${req.targets.join('+')}' has ${list.length}`);
      return;
    }
    if (req.targets.length > 1 && list.length > want) {
      errors.push(`--pins '${req.text}': '${p.name}' has ${want} bit${want === 1 ? '' : 's'}, but ${list.length} resources are listed`);
      return;
    }
    // A group wider than the port: its first members, bit 0 on the first.
    for (let i = 0; i < want; i++) assign(p, first + i, list[i]!, req.text);
  }

  // 2. Everything else, by role and direction.
  const free = (names: string[]): BoardResource[] =>
    names.map((n) => byName.get(n)!).filter((r) => r && !taken.has(`pin ${r.pin}`));
  for (const p of ports) {
    const bits = bitsOf(p);
    if (failed.has(p.name) || bits.every((b) => b !== undefined)) continue;
    if (!sources.has(p.name)) sources.set(p.name, 'auto');
    const missing = bits.map((b, i) => (b === undefined ? i : -1)).filter((i) => i >= 0);
    let pool: BoardResource[];
    let what: string;
    if (p.role === 'clock') {
      const c = defaultClock(board);
      pool = free([c.name]);
      what = `clock ${c.name}`;
    } else if (p.role === 'reset') {
      if (!board.reset) {
        for (const i of missing) bits[i] = { kind: 'const', value: p.activeLow ? 1 : 0 };
        notes.push(`reset '${p.name}' is tied inactive: board '${board.id}' has no reset button (map it with --pins ${p.name}=<resource>); registers start from their power-up values`);
        continue;
      }
      pool = free([board.reset]);
      what = `reset button ${board.reset}`;
    } else if (p.dir === 'input') {
      pool = free([...board.buttons.map((_, i) => `btn${i}`).filter((n) => n !== board.reset), ...board.switches.map((_, i) => `sw${i}`)]);
      const nb = board.buttons.filter((_, i) => `btn${i}` !== board.reset).length;
      what = `${nb} button${nb === 1 ? '' : 's'} (besides the reset) and ${board.switches.length} switch${board.switches.length === 1 ? '' : 'es'}`;
    } else {
      pool = free(board.leds.map((_, i) => `led${i}`));
      what = `${board.leds.length} LED${board.leds.length === 1 ? '' : 's'}`;
    }
    if (pool.length < missing.length) {
      const hint = [...groups.keys()].join(', ');
      errors.push(
        `port '${p.name}' (${p.dir}, ${p.width} bit${p.width === 1 ? '' : 's'}${p.role ? `, ${p.role}` : ''}) cannot be mapped on board '${board.id}': ` +
          `${missing.length === p.width ? 'it needs' : `${missing.length} unmapped bit${missing.length === 1 ? '' : 's'} need`} ${missing.length} pin${missing.length === 1 ? '' : 's'}, ` +
          `the board has ${what}, ${pool.length} of ${pool.length === 1 ? 'it' : 'them'} free`,
        `  map it with --pins ${p.name}=<resource or group>${p.dir === 'input' ? `, tie it with --pins ${p.name}=0` : `, or leave it open with --pins ${p.name}=none`} (groups: ${hint || 'none'})`,
      );
      continue;
    }
    missing.forEach((bit, k) => {
      const r = pool[k]!;
      taken.set(`pin ${r.pin}`, who(p, bit));
      bits[bit] = { kind: 'pin', resource: r };
    });
  }

  if (errors.length) {
    const n = errors.filter((e) => !e.startsWith('  ')).length;
    throw new BoardError('pin-mapping', `${n} problem${n === 1 ? '' : 's'} mapping the ports of the design to board '${board.id}'`, errors);
  }
  return {
    board,
    ports: ports.map((p) => ({ port: p, bits: mapped.get(p.name)! as BitTarget[], source: sources.get(p.name) ?? 'auto' })),
    notes,
  };
}

/** The clock resource the design's clock port is on, if it is on a clock pin. */
export function clockResource(map: PinMap): { port: DesignPort; resource: BoardResource } | undefined {
  for (const m of map.ports) {
    if (m.port.role !== 'clock') continue;
    const b = m.bits[0];
    if (b?.kind === 'pin') return { port: m.port, resource: b.resource };
  }
  return undefined;
}

/** Every distinct resource the mapping uses, in port and bit order. */
export function usedResources(map: PinMap): BoardResource[] {
  const out: BoardResource[] = [];
  const seen = new Set<string>();
  for (const m of map.ports) {
    for (const b of m.bits) {
      if (b.kind !== 'pin' || seen.has(b.resource.name)) continue;
      seen.add(b.resource.name);
      out.push(b.resource);
    }
  }
  return out;
}

/** The port a `--pins` entry names ('count[2]=led0' -> 'count'). */
function entryPort(entry: string): string | undefined {
  return /^\s*([A-Za-z_][A-Za-z0-9_$]*)/.exec(entry)?.[1];
}

/** `base` specs (e.g. the board wrapper's) with every port the user maps left to the user's specs. */
export function mergePinSpecs(base: readonly string[], user: readonly string[]): string[] {
  const userEntries = user.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const mine = new Set(userEntries.map(entryPort).filter((p): p is string => p !== undefined));
  const kept = base.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((e) => e && !mine.has(entryPort(e) ?? ''));
  return [...kept, ...userEntries];
}
