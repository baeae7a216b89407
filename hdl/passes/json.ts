// The IR as JSON, exact in both directions.
//
// Encoding:
//   { "format": "spikeforge-ir", "version": 1, "top": ..., "modules": [...] }
// Modules, nets, cells, ... keep the field names of ir.ts, written in a fixed
// key order; optional fields are left out when absent.
// - Bigints of the IR (cell `value`, reset `value`, register `init`, memory
//   `init` words) are decimal strings: "255", "340282366920938463463374607431768211455".
// - `origin.params` is free-form, so there a bigint is tagged:
//   {"$bigint": "123"}; a non-finite number is {"$number": "NaN" | "Infinity"
//   | "-Infinity"}; an array hole or undefined array element is
//   {"$undefined": true}. Object keys with undefined values are dropped (as
//   JSON does). Functions, symbols and class instances other than plain
//   objects and arrays cannot be encoded and make irToJson throw.
import type {
  CellOp, IrCell, IrConnection, IrDesign, IrInstance, IrMemory, IrMemRead, IrMemWrite, IrModule, IrNet, IrPort, IrReg, SourceLoc,
} from '../ir.ts';
import { isCellOp } from './cell-semantics.ts';

export const IR_JSON_FORMAT = 'spikeforge-ir';
export const IR_JSON_VERSION = 1;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// ---- encoding ------------------------------------------------------------------

function encodeParam(x: unknown, path: string): Json {
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') return Number.isFinite(x) ? x : { $number: String(x) };
  if (typeof x === 'bigint') return { $bigint: x.toString() };
  if (x === undefined) return { $undefined: true };
  if (Array.isArray(x)) {
    const out: Json[] = [];
    for (let i = 0; i < x.length; i++) out.push(encodeParam(x[i], `${path}[${i}]`));
    return out;
  }
  if (typeof x === 'object' && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null)) {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = encodeParam(v, `${path}.${k}`);
    return out;
  }
  throw new Error(`irToJson: ${path} is a ${typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x}, which JSON cannot hold`);
}

function loc(l: SourceLoc): Json {
  return { file: l.file, line: l.line, column: l.column };
}

function encodeNet(n: IrNet): Json {
  const o: { [k: string]: Json } = { id: n.id, name: n.name, width: n.width, signed: n.signed, named: n.named };
  if (n.frac !== undefined) o.frac = n.frac;
  o.loc = loc(n.loc);
  return o;
}

function encodePort(p: IrPort): Json {
  const o: { [k: string]: Json } = { name: p.name, dir: p.dir, net: p.net };
  if (p.role !== undefined) o.role = p.role;
  return o;
}

function encodeCell(c: IrCell): Json {
  const o: { [k: string]: Json } = { op: c.op, out: c.out, args: [...c.args] };
  if (c.value !== undefined) o.value = c.value.toString();
  if (c.lo !== undefined) o.lo = c.lo;
  if (c.amount !== undefined) o.amount = c.amount;
  o.loc = loc(c.loc);
  return o;
}

function encodeReg(r: IrReg): Json {
  const o: { [k: string]: Json } = { q: r.q, d: r.d, clock: r.clock };
  if (r.enable !== undefined) o.enable = r.enable;
  if (r.reset !== undefined) o.reset = { net: r.reset.net, async: r.reset.async, activeLow: r.reset.activeLow, value: r.reset.value.toString() };
  if (r.init !== undefined) o.init = r.init.toString();
  o.loc = loc(r.loc);
  return o;
}

function encodeRead(p: IrMemRead): Json {
  const o: { [k: string]: Json } = { addr: p.addr, data: p.data, sync: p.sync };
  if (p.clock !== undefined) o.clock = p.clock;
  if (p.enable !== undefined) o.enable = p.enable;
  o.loc = loc(p.loc);
  return o;
}

function encodeWrite(p: IrMemWrite): Json {
  return { addr: p.addr, data: p.data, enable: p.enable, clock: p.clock, loc: loc(p.loc) };
}

function encodeMemory(m: IrMemory): Json {
  const o: { [k: string]: Json } = { name: m.name, width: m.width, depth: m.depth, signed: m.signed };
  if (m.init !== undefined) o.init = m.init.map((v) => v.toString());
  if (m.uninitialised) o.uninitialised = true;
  o.readPorts = m.readPorts.map(encodeRead);
  o.writePorts = m.writePorts.map(encodeWrite);
  o.loc = loc(m.loc);
  return o;
}

function encodeInstance(i: IrInstance): Json {
  return { name: i.name, module: i.module, connections: i.connections.map((c) => ({ port: c.port, net: c.net })), loc: loc(i.loc) };
}

function encodeModule(m: IrModule): Json {
  const o: { [k: string]: Json } = {
    name: m.name,
    origin: { design: m.origin.design, params: encodeParam(m.origin.params, `module '${m.name}' origin.params`) },
  };
  if (m.doc !== undefined) o.doc = m.doc;
  o.ports = m.ports.map(encodePort);
  o.nets = m.nets.map(encodeNet);
  o.cells = m.cells.map(encodeCell);
  o.regs = m.regs.map(encodeReg);
  o.memories = m.memories.map(encodeMemory);
  o.instances = m.instances.map(encodeInstance);
  o.loc = loc(m.loc);
  return o;
}

/** The design as JSON text (see the header for the encoding); `indent` defaults to 1, 0 gives one line. */
export function irToJson(design: IrDesign, options: { indent?: number } = {}): string {
  const doc = { format: IR_JSON_FORMAT, version: IR_JSON_VERSION, top: design.top, modules: design.modules.map(encodeModule) };
  return JSON.stringify(doc, null, options.indent ?? 1) + '\n';
}

// ---- decoding ------------------------------------------------------------------

class Reader {
  constructor(readonly path: string) {}

  fail(what: string): never {
    throw new Error(`irFromJson: ${this.path}: ${what}`);
  }
}

type Obj = Record<string, unknown>;

function obj(x: unknown, path: string): Obj {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) new Reader(path).fail('expected an object');
  return x as Obj;
}

function arr(x: unknown, path: string): unknown[] {
  if (!Array.isArray(x)) new Reader(path).fail('expected an array');
  return x as unknown[];
}

function str(o: Obj, k: string, path: string): string {
  const v = o[k];
  if (typeof v !== 'string') new Reader(`${path}.${k}`).fail('expected a string');
  return v as string;
}

function num(o: Obj, k: string, path: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) new Reader(`${path}.${k}`).fail('expected a number');
  return v as number;
}

function bool(o: Obj, k: string, path: string): boolean {
  const v = o[k];
  if (typeof v !== 'boolean') new Reader(`${path}.${k}`).fail('expected true or false');
  return v as boolean;
}

function big(v: unknown, path: string): bigint {
  if (typeof v !== 'string' || !/^-?[0-9]+$/.test(v)) new Reader(path).fail('expected a decimal integer string');
  return BigInt(v as string);
}

function optNum(o: Obj, k: string, path: string): number | undefined {
  return o[k] === undefined ? undefined : num(o, k, path);
}

function decodeLoc(x: unknown, path: string): SourceLoc {
  const o = obj(x, path);
  return { file: str(o, 'file', path), line: num(o, 'line', path), column: num(o, 'column', path) };
}

function decodeParam(x: unknown, path: string): unknown {
  if (Array.isArray(x)) return x.map((v, i) => decodeParam(v, `${path}[${i}]`));
  if (x !== null && typeof x === 'object') {
    const o = x as Obj;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$bigint') return big(o.$bigint, `${path}.$bigint`);
    if (keys.length === 1 && keys[0] === '$number') {
      const s = o.$number;
      if (s !== 'NaN' && s !== 'Infinity' && s !== '-Infinity') new Reader(path).fail('bad $number');
      return Number(s);
    }
    if (keys.length === 1 && keys[0] === '$undefined' && o.$undefined === true) return undefined;
    const out: Obj = {};
    for (const k of keys) out[k] = decodeParam(o[k], `${path}.${k}`);
    return out;
  }
  return x;
}

function decodeNet(x: unknown, path: string): IrNet {
  const o = obj(x, path);
  const n: IrNet = { id: num(o, 'id', path), name: str(o, 'name', path), width: num(o, 'width', path), signed: bool(o, 'signed', path), named: bool(o, 'named', path), loc: decodeLoc(o.loc, `${path}.loc`) };
  const frac = optNum(o, 'frac', path);
  if (frac !== undefined) n.frac = frac;
  return n;
}

function decodePort(x: unknown, path: string): IrPort {
  const o = obj(x, path);
  const dir = str(o, 'dir', path);
  if (dir !== 'input' && dir !== 'output') new Reader(`${path}.dir`).fail(`expected 'input' or 'output', got '${dir}'`);
  const p: IrPort = { name: str(o, 'name', path), dir: dir as IrPort['dir'], net: num(o, 'net', path) };
  if (o.role !== undefined) {
    const role = str(o, 'role', path);
    if (role !== 'clock' && role !== 'reset') new Reader(`${path}.role`).fail(`expected 'clock' or 'reset', got '${role}'`);
    p.role = role as 'clock' | 'reset';
  }
  return p;
}

function netList(x: unknown, path: string): number[] {
  return arr(x, path).map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) new Reader(`${path}[${i}]`).fail('expected a net id');
    return v as number;
  });
}

function decodeCell(x: unknown, path: string): IrCell {
  const o = obj(x, path);
  const op = str(o, 'op', path);
  if (!isCellOp(op)) new Reader(`${path}.op`).fail(`unknown op '${op}'`);
  const c = { op: op as CellOp, out: num(o, 'out', path), args: netList(o.args, `${path}.args`) } as IrCell;
  if (o.value !== undefined) c.value = big(o.value, `${path}.value`);
  const lo = optNum(o, 'lo', path);
  if (lo !== undefined) c.lo = lo;
  const amount = optNum(o, 'amount', path);
  if (amount !== undefined) c.amount = amount;
  c.loc = decodeLoc(o.loc, `${path}.loc`);
  return c;
}

function decodeReg(x: unknown, path: string): IrReg {
  const o = obj(x, path);
  const r = { q: num(o, 'q', path), d: num(o, 'd', path), clock: num(o, 'clock', path) } as IrReg;
  const enable = optNum(o, 'enable', path);
  if (enable !== undefined) r.enable = enable;
  if (o.reset !== undefined) {
    const rp = `${path}.reset`;
    const ro = obj(o.reset, rp);
    r.reset = { net: num(ro, 'net', rp), async: bool(ro, 'async', rp), activeLow: bool(ro, 'activeLow', rp), value: big(ro.value, `${rp}.value`) };
  }
  if (o.init !== undefined) r.init = big(o.init, `${path}.init`);
  r.loc = decodeLoc(o.loc, `${path}.loc`);
  return r;
}

function decodeRead(x: unknown, path: string): IrMemRead {
  const o = obj(x, path);
  const p = { addr: num(o, 'addr', path), data: num(o, 'data', path), sync: bool(o, 'sync', path) } as IrMemRead;
  const clock = optNum(o, 'clock', path);
  if (clock !== undefined) p.clock = clock;
  const enable = optNum(o, 'enable', path);
  if (enable !== undefined) p.enable = enable;
  p.loc = decodeLoc(o.loc, `${path}.loc`);
  return p;
}

function decodeWrite(x: unknown, path: string): IrMemWrite {
  const o = obj(x, path);
  return { addr: num(o, 'addr', path), data: num(o, 'data', path), enable: num(o, 'enable', path), clock: num(o, 'clock', path), loc: decodeLoc(o.loc, `${path}.loc`) };
}

function decodeMemory(x: unknown, path: string): IrMemory {
  const o = obj(x, path);
  const m = { name: str(o, 'name', path), width: num(o, 'width', path), depth: num(o, 'depth', path), signed: bool(o, 'signed', path) } as IrMemory;
  if (o.init !== undefined) m.init = arr(o.init, `${path}.init`).map((v, i) => big(v, `${path}.init[${i}]`));
  if (o.uninitialised !== undefined && bool(o, 'uninitialised', path)) m.uninitialised = true;
  m.readPorts = arr(o.readPorts, `${path}.readPorts`).map((v, i) => decodeRead(v, `${path}.readPorts[${i}]`));
  m.writePorts = arr(o.writePorts, `${path}.writePorts`).map((v, i) => decodeWrite(v, `${path}.writePorts[${i}]`));
  m.loc = decodeLoc(o.loc, `${path}.loc`);
  return m;
}

function decodeConnection(x: unknown, path: string): IrConnection {
  const o = obj(x, path);
  return { port: str(o, 'port', path), net: num(o, 'net', path) };
}

function decodeInstance(x: unknown, path: string): IrInstance {
  const o = obj(x, path);
  return {
    name: str(o, 'name', path),
    module: str(o, 'module', path),
    connections: arr(o.connections, `${path}.connections`).map((v, i) => decodeConnection(v, `${path}.connections[${i}]`)),
    loc: decodeLoc(o.loc, `${path}.loc`),
  };
}

function decodeModule(x: unknown, path: string): IrModule {
  const o = obj(x, path);
  const origin = obj(o.origin, `${path}.origin`);
  const params = decodeParam(obj(origin.params, `${path}.origin.params`), `${path}.origin.params`) as Record<string, unknown>;
  const m = { name: str(o, 'name', path), origin: { design: str(origin, 'design', `${path}.origin`), params } } as IrModule;
  if (o.doc !== undefined) m.doc = str(o, 'doc', path);
  m.ports = arr(o.ports, `${path}.ports`).map((v, i) => decodePort(v, `${path}.ports[${i}]`));
  m.nets = arr(o.nets, `${path}.nets`).map((v, i) => decodeNet(v, `${path}.nets[${i}]`));
  m.cells = arr(o.cells, `${path}.cells`).map((v, i) => decodeCell(v, `${path}.cells[${i}]`));
  m.regs = arr(o.regs, `${path}.regs`).map((v, i) => decodeReg(v, `${path}.regs[${i}]`));
  m.memories = arr(o.memories, `${path}.memories`).map((v, i) => decodeMemory(v, `${path}.memories[${i}]`));
  m.instances = arr(o.instances, `${path}.instances`).map((v, i) => decodeInstance(v, `${path}.instances[${i}]`));
  m.loc = decodeLoc(o.loc, `${path}.loc`);
  return m;
}

/** Parses text written by irToJson; throws an Error naming the JSON path of anything malformed. */
export function irFromJson(text: string): IrDesign {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`irFromJson: not JSON: ${(e as Error).message}`);
  }
  const o = obj(doc, '$');
  if (o.format !== IR_JSON_FORMAT) new Reader('$.format').fail(`expected '${IR_JSON_FORMAT}', got ${JSON.stringify(o.format)}`);
  if (o.version !== IR_JSON_VERSION) new Reader('$.version').fail(`unsupported version ${JSON.stringify(o.version)} (this reader knows ${IR_JSON_VERSION})`);
  return {
    top: str(o, 'top', '$'),
    modules: arr(o.modules, '$.modules').map((m, i) => decodeModule(m, `$.modules[${i}]`)),
  };
}
