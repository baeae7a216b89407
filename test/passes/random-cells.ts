// Random well-formed cells (operand widths 1..130, signed and unsigned) for
// the semantics and folding tests.
import type { CellOp } from '../../hdl/ir.ts';
import type { Rng } from './fixtures.ts';
import type { RefParams } from './reference-semantics.ts';

export interface RandomCase {
  op: CellOp;
  args: bigint[];
  widths: number[];
  signed: boolean[];
  outWidth: number;
  params: RefParams;
}

export const FOLDABLE_OPS: CellOp[] = [
  'id', 'not', 'and', 'or', 'xor', 'neg', 'add', 'sub', 'mul',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'shl', 'shr', 'sra', 'slice', 'concat',
  'zext', 'sext', 'mux', 'redand', 'redor', 'redxor',
];

export const MAX_WIDTH = 130;

export function randomCase(rng: Rng, op: CellOp): RandomCase {
  const w = rng.int(1, MAX_WIDTH);
  const sg = rng.bool();
  const operand = (width: number, signed = sg): [bigint, number, boolean] => [rng.bits(width), width, signed];
  let ops: [bigint, number, boolean][];
  let outWidth = w;
  const params: RefParams = {};
  switch (op) {
    case 'id': case 'not': case 'neg':
      ops = [operand(w)];
      break;
    case 'and': case 'or': case 'xor': case 'add': case 'sub': case 'mul':
      ops = [operand(w), operand(w)];
      if (rng.int(0, 3) === 0) ops[1] = [ops[0]![0], w, sg]; // equal operands hit the equality edges
      break;
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
      ops = [operand(w), operand(w)];
      if (rng.int(0, 3) === 0) ops[1] = [ops[0]![0], w, sg];
      outWidth = 1;
      break;
    case 'shl': case 'shr': case 'sra':
      if (rng.bool()) {
        ops = [operand(w)];
        params.amount = rng.int(0, w + 3);
      } else {
        const aw = rng.int(1, 9);
        ops = [operand(w), [BigInt(rng.int(0, Math.min(2 ** aw - 1, w + 3))) , aw, false]];
        if (rng.int(0, 4) === 0) ops[1] = [rng.bits(aw), aw, false];
      }
      break;
    case 'slice': {
      params.lo = rng.int(0, w - 1);
      outWidth = rng.int(1, w - params.lo);
      ops = [operand(w)];
      break;
    }
    case 'concat': {
      const n = rng.int(1, 4);
      ops = [];
      for (let i = 0; i < n; i++) ops.push(operand(rng.int(1, 40), rng.bool()));
      outWidth = ops.reduce((t, o) => t + o[1], 0);
      break;
    }
    case 'zext': case 'sext':
      ops = [operand(Math.min(w, MAX_WIDTH - 1))];
      outWidth = ops[0]![1] + rng.int(1, MAX_WIDTH - ops[0]![1]);
      break;
    case 'mux': {
      const sw = rng.int(1, 3);
      const arms = rng.int(1, 2 ** sw + 1);
      ops = [[rng.bits(sw), sw, false]];
      for (let i = 0; i < arms; i++) ops.push(operand(w));
      break;
    }
    case 'redand': case 'redor': case 'redxor':
      ops = [operand(w)];
      if (op === 'redand' && rng.int(0, 3) === 0) ops[0]![0] = 2n ** BigInt(w) - 1n;
      outWidth = 1;
      break;
    default:
      throw new Error(`randomCase: ${op}`);
  }
  return { op, args: ops.map((o) => o[0]), widths: ops.map((o) => o[1]), signed: ops.map((o) => o[2]), outWidth, params };
}
