// An independent statement of the cell semantics for the tests, written a
// different way from hdl/passes/cell-semantics.ts: bits as binary strings,
// BigInt.asUintN/asIntN, and floor division spelled out. The tests compare
// evalCell and constant folding against this.
import type { CellOp } from '../../hdl/ir.ts';

const u = (v: bigint, w: number): bigint => BigInt.asUintN(w, v);
const s = (v: bigint, w: number): bigint => BigInt.asIntN(w, v);
/** Bits, most significant first. */
const binary = (v: bigint, w: number): string => u(v, w).toString(2).padStart(w, '0');
const fromBinary = (b: string): bigint => (b.length === 0 ? 0n : BigInt(`0b${b}`));

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b !== a && a < 0n !== b < 0n ? q - 1n : q;
}

function bitwise(a: bigint, b: bigint, w: number, f: (x: boolean, y: boolean) => boolean): bigint {
  const x = binary(a, w);
  const y = binary(b, w);
  let out = '';
  for (let i = 0; i < w; i++) out += f(x[i] === '1', y[i] === '1') ? '1' : '0';
  return fromBinary(out);
}

export interface RefParams {
  value?: bigint;
  lo?: number;
  amount?: number;
}

export function referenceEval(op: CellOp, args: bigint[], widths: number[], signed: boolean[], ow: number, p: RefParams): bigint {
  const [a = 0n, b = 0n] = args;
  const [wa = 1, wb = 1] = widths;
  const cmp = (): [bigint, bigint] => (signed[0] ? [s(a, wa), s(b, wb)] : [a, b]);
  const amount = (): bigint => (p.amount !== undefined ? BigInt(p.amount) : b);
  switch (op) {
    case 'const':
      return u(p.value!, ow);
    case 'id':
      return a;
    case 'not':
      return 2n ** BigInt(ow) - 1n - a;
    case 'and':
      return bitwise(a, b, ow, (x, y) => x && y);
    case 'or':
      return bitwise(a, b, ow, (x, y) => x || y);
    case 'xor':
      return bitwise(a, b, ow, (x, y) => x !== y);
    case 'neg':
      return u(-a, ow);
    case 'add':
      return u(a + b, ow);
    case 'sub':
      return u(a - b, ow);
    case 'mul':
      return u(a * b, ow);
    case 'eq':
      return cmp()[0] === cmp()[1] ? 1n : 0n;
    case 'ne':
      return cmp()[0] !== cmp()[1] ? 1n : 0n;
    case 'lt':
      return cmp()[0] < cmp()[1] ? 1n : 0n;
    case 'le':
      return cmp()[0] <= cmp()[1] ? 1n : 0n;
    case 'gt':
      return cmp()[0] > cmp()[1] ? 1n : 0n;
    case 'ge':
      return cmp()[0] >= cmp()[1] ? 1n : 0n;
    case 'shl':
      return u(a * 2n ** amount(), wa);
    case 'shr':
      return a / 2n ** amount();
    case 'sra': {
      // 2^amount can be huge for a wide dynamic amount; past the width the result is settled anyway.
      const k = amount() > BigInt(wa) ? BigInt(wa) : amount();
      return u(floorDiv(s(a, wa), 2n ** k), wa);
    }
    case 'slice': {
      const bits = binary(a, wa);
      return fromBinary(bits.slice(wa - p.lo! - ow, wa - p.lo!));
    }
    case 'concat':
      return fromBinary(args.map((x, i) => binary(x, widths[i]!)).join(''));
    case 'zext':
      return a;
    case 'sext':
      return u(s(a, wa), ow);
    case 'mux': {
      const arms = args.length - 1;
      const k = a < BigInt(arms) ? Number(a) : arms - 1;
      return args[k + 1]!;
    }
    case 'redand':
      return binary(a, wa).includes('0') ? 0n : 1n;
    case 'redor':
      return binary(a, wa).includes('1') ? 1n : 0n;
    case 'redxor':
      return BigInt([...binary(a, wa)].filter((c) => c === '1').length % 2);
  }
}
