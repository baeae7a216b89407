// Lowest-index-first priority encoding and round-robin selection over a list
// of 1-bit request signals, as balanced trees: depth log2(n), every net at
// most log2(n) bits wide (fast in the built-in simulator, small in LUTs).
import { addrWidth, Bool, UInt, type Signal } from '../../hdl/index.ts';

export interface Pick {
  /** Some request is set. */
  any: Signal;
  /** Index of the chosen request, UInt(addrWidth(n)); meaningless when `any` is low. */
  index: Signal;
}

/** The lowest set request. `req` must be non-empty and every element 1 bit. */
export function lowestSet(req: readonly Signal[]): Pick {
  const n = req.length;
  if (n === 0) throw new RangeError('lowestSet: no requests');
  const zero = req[0]!.lit(0, Bool());
  const w = addrWidth(n);
  if (n === 1) return { any: req[0]!, index: req[0]!.lit(0, UInt(w)) };
  // Pad to a power of two with constant zeros; constant folding removes them.
  let size = 1;
  while (size < n) size *= 2;
  const padded = Array.from({ length: size }, (_, i) => (i < n ? req[i]! : zero));
  // Level 1: pairs give a 1-bit index; each further level adds the high bit.
  let level: Pick[] = [];
  for (let i = 0; i < size; i += 2) {
    const a = padded[i]!;
    const b = padded[i + 1]!;
    level.push({ any: a.or(b), index: a.not() });
  }
  while (level.length > 1) {
    const next: Pick[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const lo = level[i]!;
      const hi = level[i + 1]!;
      next.push({
        any: lo.any.or(hi.any),
        index: lo.any.select(zero.cat(lo.index), hi.any.lit(1, Bool()).cat(hi.index)),
      });
    }
    level = next;
  }
  const top = level[0]!;
  return { any: top.any, index: top.index.width === w ? top.index : top.index.truncate(w) };
}

/**
 * Round-robin choice: the first set request at or after `pointer`, wrapping
 * around to the lowest set request below it. `pointer` is UInt(addrWidth(n)).
 */
export function roundRobinPick(req: readonly Signal[], pointer: Signal): Pick {
  const atOrAfter = req.map((r, i) => r.and(pointer.le(i)));
  const upper = lowestSet(atOrAfter);
  const all = lowestSet(req);
  return { any: all.any, index: upper.any.select(upper.index, all.index) };
}

/** OR of 1-bit signals as a balanced tree. */
export function anyOf(bits: readonly Signal[]): Signal {
  if (bits.length === 0) throw new RangeError('anyOf: no signals');
  let level = bits.slice();
  while (level.length > 1) {
    const next: Signal[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i]!.or(level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** Concatenation of 1-bit signals with element 0 in bit 0 (a spike vector). */
export function packBits(bits: readonly Signal[]): Signal {
  if (bits.length === 1) return bits[0]!;
  const rev = bits.slice().reverse();
  return rev[0]!.cat(...rev.slice(1));
}
