// Memory semantics from hdl/ir.ts: read-first synchronous reads, asynchronous
// reads, out-of-range reads give 0 and writes are ignored, the later write
// port wins, read enables hold the data, and the testbench memory access.
import { describe, expect, it } from 'vitest';
import type { NetId } from '../../hdl/ir.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { design, ModuleBuilder } from './fixtures.ts';
import { Rng, s, u } from './reference.ts';

/** depth-word memory, two write ports (w0 then w1), one sync read (with enable), one async read. */
function ram(width: number, depth: number, addrBits: number, init: bigint[] = []) {
  const m = new ModuleBuilder('ram');
  const clk = m.input('clk', 1, { role: 'clock' });
  const p = (name: string, w: number): NetId => m.input(name, w);
  const [wa0, wd0, we0] = [p('wa0', addrBits), p('wd0', width), p('we0', 1)];
  const [wa1, wd1, we1] = [p('wa1', addrBits), p('wd1', width), p('we1', 1)];
  const [ra, re, aa] = [p('ra', addrBits), p('re', 1), p('aa', addrBits)];
  const rd = m.net(width, { name: 'rd', signed: true });
  const ad = m.net(width, { name: 'ad' });
  m.memory({
    name: 'mem',
    width,
    depth,
    signed: true,
    init,
    readPorts: [
      { addr: ra, data: rd, sync: true, clock: clk, enable: re, loc: { file: 'f', line: 1, column: 1 } },
      { addr: aa, data: ad, sync: false, loc: { file: 'f', line: 2, column: 1 } },
    ],
    writePorts: [
      { addr: wa0, data: wd0, enable: we0, clock: clk, loc: { file: 'f', line: 3, column: 1 } },
      { addr: wa1, data: wd1, enable: we1, clock: clk, loc: { file: 'f', line: 4, column: 1 } },
    ],
  });
  m.output('rd', rd);
  m.output('ad', ad);
  return design('ram', m.build());
}

describe('builtin simulator: memories', () => {
  for (const width of [8, 32, 70]) {
    it(`matches a reference model under random traffic (${width}-bit words)`, () => {
      const depth = 11;
      const init = [5n, 7n, u(-1n, width)];
      const sim = createBuiltinSimulator(ram(width, depth, 4, init));
      const model = Array.from({ length: depth }, (_, i) => init[i] ?? 0n);
      let rd = 0n;
      const rng = new Rng(width);
      for (let c = 0; c < 400; c++) {
        const v = {
          wa0: BigInt(rng.int(16)), wd0: rng.bits(width), we0: rng.bits(1),
          wa1: rng.int(4) === 0 ? 0n : BigInt(rng.int(16)), wd1: rng.bits(width), we1: rng.bits(1),
          ra: BigInt(rng.int(16)), re: rng.int(4) === 0 ? 0n : 1n, aa: BigInt(rng.int(16)),
        };
        if (rng.int(3) === 0) v.wa1 = v.wa0; // often collide on one address
        if (rng.int(3) === 0) v.ra = v.wa0; // and read what is being written
        for (const [k, x] of Object.entries(v)) sim.poke(k, x);
        // Asynchronous read: combinational, before the edge.
        expect(sim.peek('ad')).toBe(v.aa < depth ? model[Number(v.aa)] : 0n);
        sim.step();
        // Read-first: the synchronous read sees the contents before this edge's writes.
        if (v.re) rd = v.ra < depth ? model[Number(v.ra)] : 0n;
        if (v.we0 && v.wa0 < depth) model[Number(v.wa0)] = v.wd0;
        if (v.we1 && v.wa1 < depth) model[Number(v.wa1)] = v.wd1; // the later port wins
        expect(sim.peek('rd')).toBe(s(rd, width));
        for (let i = 0; i < depth; i++) expect(sim.readMemory('mem', i)).toBe(s(model[i], width));
      }
    });
  }

  it('reads first, lets the later write port win, and ignores writes past the end', () => {
    const sim = createBuiltinSimulator(ram(8, 5, 3, [10n, 11n, 12n, 13n, 14n]));
    sim.poke('ra', 2);
    sim.poke('re', 1);
    sim.poke('wa0', 2);
    sim.poke('wd0', 100);
    sim.poke('we0', 1);
    sim.poke('wa1', 2);
    sim.poke('wd1', 101);
    sim.poke('we1', 1);
    sim.step();
    expect(sim.peek('rd')).toBe(12n);
    expect(sim.readMemory('mem', 2)).toBe(101n);
    sim.poke('we1', 0);
    sim.poke('wa0', 6); // past the end (depth 5), within the address width
    sim.step();
    expect(sim.peek('rd')).toBe(101n);
    expect([0, 1, 2, 3, 4].map((i) => sim.readMemory('mem', i))).toEqual([10n, 11n, 101n, 13n, 14n]);
    sim.poke('ra', 7);
    sim.poke('aa', 5);
    sim.step();
    expect(sim.peek('rd')).toBe(0n);
    expect(sim.peek('ad')).toBe(0n);
  });

  it('holds synchronous read data while the read enable is low', () => {
    const sim = createBuiltinSimulator(ram(8, 4, 2, [1n, 2n, 3n, 4n]));
    sim.poke('ra', 3);
    sim.poke('re', 1);
    sim.step();
    expect(sim.peek('rd')).toBe(4n);
    sim.poke('re', 0);
    sim.poke('ra', 0);
    sim.step(3);
    expect(sim.peek('rd')).toBe(4n);
  });

  it('writeMemory is seen by asynchronous reads at once and by synchronous reads at the next edge', () => {
    const sim = createBuiltinSimulator(ram(70, 4, 2));
    sim.poke('aa', 1);
    sim.poke('ra', 1);
    sim.poke('re', 1);
    expect(sim.peek('ad')).toBe(0n);
    sim.writeMemory('mem', 1, -3n); // the memory is signed: accepted, stored as a pattern
    expect(sim.peek('ad')).toBe(u(-3n, 70));
    expect(sim.readMemory('mem', 1)).toBe(-3n);
    expect(sim.peek('rd')).toBe(0n);
    sim.step();
    expect(sim.peek('rd')).toBe(-3n);
    expect(() => sim.writeMemory('mem', 0, 1n << 70n)).toThrow(/70 bits/);
    expect(() => sim.readMemory('mem', 4)).toThrow(/0\.\.3/);
    expect(() => sim.readMemory('mam', 0)).toThrow(/'mem'/);
  });
});
