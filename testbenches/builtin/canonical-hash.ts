// A stable hash of a design for the compiled-model cache: a canonical text fed
// to SHA-256. Source locations and a module's origin/doc are left out, since
// none of them changes what the hardware does. The IR's own fields are written
// in a fixed order (fast); any field this file does not know is still written,
// generically with sorted keys, so a new IR field can never cause a stale hit.
import { createHash } from 'node:crypto';
import type { IrCell, IrDesign, IrMemory, IrModule, IrNet, IrReg } from '../../hdl/ir.ts';

const IGNORED = new Set(['loc', 'origin', 'doc']);

function generic(x: unknown, out: string[]): void {
  if (x === null || x === undefined) out.push('null');
  else if (typeof x === 'bigint') out.push(`b${x.toString(16)}`);
  else if (typeof x === 'number' || typeof x === 'boolean') out.push(String(x));
  else if (typeof x === 'string') out.push(JSON.stringify(x));
  else if (Array.isArray(x)) {
    out.push('[');
    x.forEach((v, i) => {
      if (i > 0) out.push(',');
      generic(v, out);
    });
    out.push(']');
  } else if (typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => !IGNORED.has(k) && o[k] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(k), ':');
      generic(o[k], out);
    });
    out.push('}');
  } else throw new Error(`cannot hash a ${typeof x} found in the IR`);
}

/** Writes the fields of `o` that are not in `known` (nor ignored), generically. */
function extras(o: object, known: ReadonlySet<string>, out: string[]): void {
  const rec = o as Record<string, unknown>;
  for (const k in rec) {
    if (known.has(k) || IGNORED.has(k) || rec[k] === undefined) continue;
    const rest: Record<string, unknown> = {};
    for (const k2 in rec) if (!known.has(k2) && !IGNORED.has(k2)) rest[k2] = rec[k2];
    out.push('+');
    generic(rest, out);
    return;
  }
}

const opt = (v: unknown): string => (v === undefined ? '' : typeof v === 'bigint' ? v.toString(16) : String(v));

const NET = new Set(['id', 'name', 'width', 'signed', 'named', 'frac']);
const CELL = new Set(['op', 'out', 'args', 'value', 'lo', 'amount']);
const REG = new Set(['q', 'd', 'clock', 'enable', 'reset', 'init']);
const MODULE = new Set(['name', 'ports', 'nets', 'cells', 'regs', 'memories', 'instances']);

function net(n: IrNet, out: string[]): void {
  out.push(`N${n.id},${JSON.stringify(n.name)},${n.width},${+n.signed},${+n.named},${opt(n.frac)}`);
  extras(n, NET, out);
}

function cell(c: IrCell, out: string[]): void {
  out.push(`C${c.op},${c.out},${c.args.join(' ')},${opt(c.value)},${opt(c.lo)},${opt(c.amount)}`);
  extras(c, CELL, out);
}

function reg(r: IrReg, out: string[]): void {
  out.push(`R${r.q},${r.d},${r.clock},${opt(r.enable)},${opt(r.init)},`);
  if (r.reset) generic(r.reset, out);
  extras(r, REG, out);
}

function memory(m: IrMemory, out: string[]): void {
  out.push('M');
  generic(m, out); // few and small
}

function module(m: IrModule, out: string[]): void {
  out.push('\nmodule', JSON.stringify(m.name));
  generic(m.ports, out);
  for (const n of m.nets) net(n, out);
  for (const c of m.cells) cell(c, out);
  for (const r of m.regs) reg(r, out);
  for (const x of m.memories) memory(x, out);
  generic(m.instances, out);
  extras(m, MODULE, out);
}

/** SHA-256 (hex) of the design's canonical text; designs that differ only in locations hash alike. */
export function designHash(design: IrDesign): string {
  const out: string[] = [`top ${JSON.stringify(design.top)}`];
  for (const m of design.modules) module(m, out);
  extras(design, new Set(['top', 'modules']), out);
  return createHash('sha256').update(out.join('\n')).digest('hex');
}
