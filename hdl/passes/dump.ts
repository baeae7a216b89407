// A stable, human-readable text form of the whole IR, for golden tests and
// the `spikeforge ir` command. Nodes are listed in IR order and referred to by
// net name (never by id), so the same design gives byte-identical text.
//
//   design top=counter
//
//   module counter  @examples/counter.ts:5
//     origin Counter {"width":8}
//     ports:
//       input clk: u1 clock
//       input rst: u1 reset
//       output count: u8
//     nets:
//       clk: u1 named  @examples/counter.ts:6
//       _t3: u8 temp  @examples/counter.ts:9
//     cells:
//       _t3:u8 = add(count, one)  @examples/counter.ts:9
//       top:u2 = slice(count, lo=6)  @examples/counter.ts:10
//     regs:
//       count:u8 = reg(_t3) clock=clk enable=en reset=rst(sync, active-high, value=0) init=0  @examples/counter.ts:8
//     memories:
//       mem: 16 x u8 init[2]=[1, 2]  @f.ts:3
//         read 0: rd:u8 = mem[addr] async  @f.ts:4
//         read 1: rs:u8 = mem[addr] sync clock=clk enable=en  @f.ts:5
//         write 0: mem[addr] = data enable=we clock=clk  @f.ts:6
//     instances:
//       u1 = adder(a=x, b=y, y=sum)  @f.ts:7
//
// A port whose net has another name shows it: `input a: u8 (net a_in)`.
// Nets with fraction bits show `s16 frac=8`. Memory init lists longer than 16
// words end in `... N more, fnv1a=xxxxxxxx` (a fingerprint of every word).
// Values are unsigned bit patterns in decimal. Empty sections are left out.
import type { IrCell, IrDesign, IrModule, IrNet } from '../ir.ts';
import { formatLoc } from '../ir.ts';
import { ModuleView, netType } from './ir-util.ts';

/** Initial memory words shown before the rest is summarised by a count and a hash. */
const INIT_WORDS_SHOWN = 16;

/** JSON with sorted keys and bigints as "123n": equal parameter sets give equal text. */
function stableJson(x: unknown): string {
  if (typeof x === 'bigint') return JSON.stringify(`${x}n`);
  if (Array.isArray(x)) return `[${x.map(stableJson).join(',')}]`;
  if (x && typeof x === 'object') {
    const keys = Object.keys(x).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson((x as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (x === undefined || typeof x === 'function' || typeof x === 'symbol') return 'null';
  return JSON.stringify(x);
}

/** FNV-1a over the decimal words: a short fingerprint of long init lists. */
function fingerprint(words: readonly bigint[]): string {
  let h = 0x811c9dc5;
  for (const w of words) {
    const s = `${w},`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h.toString(16).padStart(8, '0');
}

function typeText(n: IrNet): string {
  return n.frac ? `${netType(n)} frac=${n.frac}` : netType(n);
}

function cellText(c: IrCell, view: ModuleView): string {
  const out = view.net(c.out);
  const lhs = out ? `${out.name}:${netType(out)}` : view.name(c.out);
  const args = c.args.map((a) => view.name(a));
  if (c.op === 'const') args.push(c.value === undefined ? '?' : c.value.toString());
  if (c.lo !== undefined) args.push(`lo=${c.lo}`);
  if (c.amount !== undefined) args.push(`amount=${c.amount}`);
  if (c.op !== 'const' && c.value !== undefined) args.push(`value=${c.value}`);
  return `${lhs} = ${c.op}(${args.join(', ')})  @${formatLoc(c.loc)}`;
}

function moduleText(m: IrModule): string[] {
  const view = new ModuleView(m);
  const name = (id: number): string => view.name(id);
  const lines: string[] = [`module ${m.name}  @${formatLoc(m.loc)}`];
  lines.push(`  origin ${m.origin.design} ${stableJson(m.origin.params)}`);
  if (m.doc !== undefined) lines.push(`  doc ${JSON.stringify(m.doc)}`);
  if (m.blackbox) lines.push('  blackbox');

  if (m.ports.length > 0) {
    lines.push('  ports:');
    for (const p of m.ports) {
      const n = view.net(p.net);
      let s = `    ${p.dir} ${p.name}: ${n ? typeText(n) : '?'}`;
      if (p.role) s += ` ${p.role}`;
      if (!n || n.name !== p.name) s += ` (net ${name(p.net)})`;
      lines.push(s);
    }
  }
  if (m.nets.length > 0) {
    lines.push('  nets:');
    for (const n of m.nets) lines.push(`    ${n.name}: ${typeText(n)} ${n.named ? 'named' : 'temp'}  @${formatLoc(n.loc)}`);
  }
  if (m.cells.length > 0) {
    lines.push('  cells:');
    for (const c of m.cells) lines.push(`    ${cellText(c, view)}`);
  }
  if (m.regs.length > 0) {
    lines.push('  regs:');
    for (const r of m.regs) {
      const q = view.net(r.q);
      let s = `    ${q ? `${q.name}:${netType(q)}` : name(r.q)} = reg(${name(r.d)}) clock=${name(r.clock)}`;
      if (r.enable !== undefined) s += ` enable=${name(r.enable)}`;
      if (r.reset) {
        s += ` reset=${name(r.reset.net)}(${r.reset.async ? 'async' : 'sync'}, ${r.reset.activeLow ? 'active-low' : 'active-high'}, value=${r.reset.value})`;
      }
      if (r.init !== undefined) s += ` init=${r.init}`;
      lines.push(`${s}  @${formatLoc(r.loc)}`);
    }
  }
  if (m.memories.length > 0) {
    lines.push('  memories:');
    for (const mem of m.memories) {
      let s = `    ${mem.name}: ${mem.depth} x ${netType(mem)}`;
      if (mem.init) {
        const shown = mem.init.slice(0, INIT_WORDS_SHOWN).map(String);
        if (mem.init.length > INIT_WORDS_SHOWN) shown.push(`... ${mem.init.length - INIT_WORDS_SHOWN} more, fnv1a=${fingerprint(mem.init)}`);
        s += ` init[${mem.init.length}]=[${shown.join(', ')}]`;
      }
      if (mem.uninitialised) s += ' uninitialised';
      lines.push(`${s}  @${formatLoc(mem.loc)}`);
      mem.readPorts.forEach((rp, i) => {
        const d = view.net(rp.data);
        let r = `      read ${i}: ${d ? `${d.name}:${netType(d)}` : name(rp.data)} = ${mem.name}[${name(rp.addr)}] ${rp.sync ? 'sync' : 'async'}`;
        if (rp.clock !== undefined) r += ` clock=${name(rp.clock)}`;
        if (rp.enable !== undefined) r += ` enable=${name(rp.enable)}`;
        lines.push(`${r}  @${formatLoc(rp.loc)}`);
      });
      mem.writePorts.forEach((wp, i) => {
        lines.push(`      write ${i}: ${mem.name}[${name(wp.addr)}] = ${name(wp.data)} enable=${name(wp.enable)} clock=${name(wp.clock)}  @${formatLoc(wp.loc)}`);
      });
    }
  }
  if (m.instances.length > 0) {
    lines.push('  instances:');
    for (const inst of m.instances) {
      const conns = inst.connections.map((c) => `${c.port}=${name(c.net)}`).join(', ');
      const params = inst.params?.length ? ` #(${inst.params.map((p) => `${p.name}=${JSON.stringify(p.value)}`).join(', ')})` : '';
      lines.push(`    ${inst.name} = ${inst.module}${params}(${conns})  @${formatLoc(inst.loc)}`);
    }
  }
  return lines;
}

/** The whole design as text: a header line, then every module in IR order, separated by blank lines. */
export function dumpIr(design: IrDesign): string {
  const parts = [`design top=${design.top}`];
  for (const m of design.modules) {
    parts.push('');
    // One push per line: spreading a million-line module would overflow the stack.
    for (const line of moduleText(m)) parts.push(line);
  }
  return parts.join('\n') + '\n';
}
