// Benchmark design (c): a read-modify-write loop over a RAM, as a block RAM
// would run it. Every cycle the RAM is read (synchronously) at `addr`; the next
// cycle writes back what was read plus `data` plus `increment` at the same
// address, if that cycle was enabled. `addr` walks by `stride` on enabled cycles.
import { Bool, design, UInt } from '../../hdl/index.ts';

export interface RamRmwParams {
  /** Words; a power of two. */
  depth: number;
  width: number;
  /** Added by every write-back (the bench's one-line edit changes it). */
  increment: number;
}

/** Word i of the RAM at power-up. */
export function ramInit(i: number, width: number): number {
  return Math.imul(i, 0x9e3779b1) >>> (32 - width);
}

export const RamRmw = design('RamRmw', { depth: 4096, width: 32, increment: 1 } as RamRmwParams, (m, p) => {
  const abits = Math.log2(p.depth);
  if (!Number.isInteger(abits)) throw new Error('RamRmw: depth must be a power of two');
  const en = m.input('en', Bool());
  const stride = m.input('stride', UInt(abits));
  const data = m.input('data', UInt(p.width));
  const q = m.output('q', UInt(p.width));
  const wrAddr = m.output('wr_addr', UInt(abits));
  const ram = m.memory('ram', { type: UInt(p.width), depth: p.depth, init: Array.from({ length: p.depth }, (_, i) => ramInit(i, p.width)) });
  // A power-up value too, so the word read during the reset cycle is defined on four-state simulators.
  const addr = m.reg('addr', UInt(abits), { reset: 0, init: 0 });
  const addr1 = m.reg('addr1', UInt(abits), { reset: 0 });
  // Powers up at 0 too: otherwise a random power-up value could write during the reset cycle.
  const valid1 = m.reg('valid1', Bool(), { reset: 0, init: 0 });
  const data1 = m.reg('data1', UInt(p.width), { reset: 0 });
  const word = ram.read(addr, { sync: true, name: 'word' });
  ram.write(addr1, word.addWrap(data1).addWrap(p.increment), valid1);
  m.when(en, () => addr.set(addr.addWrap(stride)));
  addr1.set(addr);
  valid1.set(en);
  data1.set(data);
  q.set(word);
  wrAddr.set(addr1);
  return { en, stride, data, q, wr_addr: wrAddr };
});
