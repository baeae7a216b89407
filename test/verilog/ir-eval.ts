// An independent evaluator of one IR module (no instances), written from the
// semantics in hdl/ir.ts for the differential tests: the expected values the
// emitted Verilog must reproduce in a real simulator. Deliberately shares no
// code with the generator or the other simulators.
import type { IrModule, NetId } from '../../hdl/ir.ts';

const m = (w: number): bigint => (1n << BigInt(w)) - 1n;
const sgn = (v: bigint, w: number): bigint => (v >> BigInt(w - 1)) & 1n ? v - (1n << BigInt(w)) : v;

export class IrEval {
  private readonly state = new Map<NetId, bigint>();
  private readonly mems: bigint[][];
  private readonly nets: Map<NetId, { width: number; signed: boolean }>;

  constructor(readonly mod: IrModule) {
    this.nets = new Map(mod.nets.map((n) => [n.id, n]));
    for (const r of mod.regs) this.state.set(r.q, r.init ?? 0n);
    this.mems = mod.memories.map((mem) => Array.from({ length: mem.depth }, (_, i) => (mem.init?.[i] ?? 0n) & m(mem.width)));
    for (const mem of mod.memories) for (const p of mem.readPorts) if (p.sync) this.state.set(p.data, 0n);
  }

  private w(id: NetId): number {
    return this.nets.get(id)!.width;
  }

  /** Every net's value for these inputs and the current state (asynchronous resets applied first). */
  settle(inputs: Record<string, bigint>): Map<NetId, bigint> {
    const val = new Map<NetId, bigint>();
    for (const p of this.mod.ports) if (p.dir === 'input') val.set(p.net, (inputs[p.name] ?? 0n) & m(this.w(p.net)));
    const active = (r: NonNullable<IrModule['regs'][number]['reset']>): boolean => {
      const v = val.get(r.net)!;
      return r.activeLow ? v === 0n : v !== 0n;
    };
    for (const r of this.mod.regs) {
      if (r.reset?.async && active(r.reset)) this.state.set(r.q, r.reset.value & m(this.w(r.q)));
    }
    for (const [k, v] of this.state) val.set(k, v);
    const byOut = new Map(this.mod.cells.map((c) => [c.out, c]));
    const asyncReads = new Map<NetId, { mem: number; addr: NetId }>();
    this.mod.memories.forEach((mem, i) => mem.readPorts.forEach((p) => !p.sync && asyncReads.set(p.data, { mem: i, addr: p.addr })));
    const get = (id: NetId): bigint => {
      const known = val.get(id);
      if (known !== undefined) return known;
      const ar = asyncReads.get(id);
      let v: bigint;
      if (ar) {
        const a = get(ar.addr);
        v = a < BigInt(this.mems[ar.mem]!.length) ? this.mems[ar.mem]![Number(a)]! : 0n;
      } else {
        const c = byOut.get(id);
        if (!c) throw new Error(`net ${id} has no value`);
        v = this.cell(c, get);
      }
      val.set(id, v);
      return v;
    };
    for (const n of this.mod.nets) get(n.id);
    return val;
  }

  private cell(c: IrModule['cells'][number], get: (id: NetId) => bigint): bigint {
    const w = this.w(c.out);
    const a = c.args.map(get);
    const aw = c.args.map((x) => this.w(x));
    const signedArgs = c.args.length > 0 && this.nets.get(c.args[0]!)!.signed;
    const num = (i: number): bigint => (signedArgs ? sgn(a[i]!, aw[i]!) : a[i]!);
    const amount = (): bigint => (c.amount !== undefined ? BigInt(c.amount) : a[1]!);
    let r: bigint;
    switch (c.op) {
      case 'const': r = c.value!; break;
      case 'id': r = a[0]!; break;
      case 'not': r = ~a[0]!; break;
      case 'and': r = a[0]! & a[1]!; break;
      case 'or': r = a[0]! | a[1]!; break;
      case 'xor': r = a[0]! ^ a[1]!; break;
      case 'neg': r = -a[0]!; break;
      case 'add': r = a[0]! + a[1]!; break;
      case 'sub': r = a[0]! - a[1]!; break;
      case 'mul': r = a[0]! * a[1]!; break;
      case 'eq': r = a[0] === a[1] ? 1n : 0n; break;
      case 'ne': r = a[0] !== a[1] ? 1n : 0n; break;
      case 'lt': r = num(0) < num(1) ? 1n : 0n; break;
      case 'le': r = num(0) <= num(1) ? 1n : 0n; break;
      case 'gt': r = num(0) > num(1) ? 1n : 0n; break;
      case 'ge': r = num(0) >= num(1) ? 1n : 0n; break;
      case 'shl': r = amount() >= BigInt(w) ? 0n : a[0]! << amount(); break;
      case 'shr': r = amount() >= BigInt(w) ? 0n : a[0]! >> amount(); break;
      case 'sra': {
        const n = amount() >= BigInt(w) ? BigInt(w - 1) : amount();
        r = sgn(a[0]!, w) >> n; // BigInt >> is arithmetic (floor)
        break;
      }
      case 'slice': r = a[0]! >> BigInt(c.lo ?? 0); break;
      case 'concat': r = a.reduce((acc, x, i) => (acc << BigInt(aw[i]!)) | x, 0n); break;
      case 'zext': r = a[0]!; break;
      case 'sext': r = sgn(a[0]!, aw[0]!); break;
      case 'mux': {
        const arms = a.length - 1;
        const sel = a[0]! >= BigInt(arms) ? arms - 1 : Number(a[0]!);
        r = a[1 + sel]!;
        break;
      }
      case 'redand': r = a[0] === m(aw[0]!) ? 1n : 0n; break;
      case 'redor': r = a[0] !== 0n ? 1n : 0n; break;
      case 'redxor': {
        let p = 0n;
        for (let v = a[0]!; v > 0n; v >>= 1n) p ^= v & 1n;
        r = p;
        break;
      }
      default: throw new Error(`op ${c.op}`);
    }
    return r & m(w);
  }

  /** One rising clock edge with these inputs (all registers and memories share the clock). */
  step(inputs: Record<string, bigint>): void {
    const v = this.settle(inputs);
    const next = new Map<NetId, bigint>();
    for (const r of this.mod.regs) {
      const rs = r.reset;
      const active = rs && (rs.activeLow ? v.get(rs.net)! === 0n : v.get(rs.net)! !== 0n);
      if (active) next.set(r.q, rs!.value & m(this.w(r.q)));
      else if (r.enable === undefined || v.get(r.enable)! !== 0n) next.set(r.q, v.get(r.d)!);
    }
    // Synchronous reads see the words from before this edge's writes.
    this.mod.memories.forEach((mem, i) => {
      for (const p of mem.readPorts) {
        if (!p.sync || (p.enable !== undefined && v.get(p.enable)! === 0n)) continue;
        const a = v.get(p.addr)!;
        next.set(p.data, a < BigInt(mem.depth) ? this.mems[i]![Number(a)]! : 0n);
      }
    });
    this.mod.memories.forEach((mem, i) => {
      for (const p of mem.writePorts) {
        const a = v.get(p.addr)!;
        if (v.get(p.enable)! !== 0n && a < BigInt(mem.depth)) this.mems[i]![Number(a)] = v.get(p.data)!;
      }
    });
    for (const [k, x] of next) this.state.set(k, x);
  }

  outputs(values: Map<NetId, bigint>): Record<string, bigint> {
    const out: Record<string, bigint> = {};
    for (const p of this.mod.ports) if (p.dir === 'output') out[p.name] = values.get(p.net)!;
    return out;
  }
}
