import { describe, expect, it } from 'vitest';
import { combSummaries, findCombLoops, runChecks } from '../../hdl/passes/index.ts';
import { design, FILE, ModuleFixture } from './fixtures.ts';

describe('findCombLoops', () => {
  it('finds a loop inside a module and shows it as a path of user names with their lines', () => {
    const f = new ModuleFixture('top');
    const x = f.input('x', 1);
    const a = f.net('a', 1, { line: 3 });
    const b = f.net('b', 1, { line: 4 });
    const t = f.temp(1);
    f.cell('and', t, [x, b], { line: 10 });
    f.cell('id', a, [t], { line: 11 });
    f.cell('not', b, [a], { line: 12 });
    f.cell('id', f.output('y', 1), [a]);
    const ds = findCombLoops(design([f.build()]));
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d.code).toBe('comb-loop');
    // Starts at the lowest-id named net of the loop ('a'); temporaries are left out of the message.
    expect(d.message).toBe("combinational loop in module 'top': a -> b -> a");
    expect(d.loc).toEqual({ file: FILE, line: 3, column: 3 });
    expect(d.related!.map((r) => [r.loc.line, r.message])).toEqual([
      [12, "'a' -> 'b' through cell not"],
      [10, "'b' -> '_t3' through cell and"],
      [11, "'_t3' -> 'a' through cell id"],
    ]);
  });

  it('finds a cell that feeds itself', () => {
    const f = new ModuleFixture('top');
    const s = f.output('s', 4);
    f.cell('add', s, [s, f.input('k', 4)], { line: 8 });
    const ds = findCombLoops(design([f.build()]));
    expect(ds.map((d) => d.message)).toEqual(["combinational loop in module 'top': s -> s"]);
    expect(ds[0]!.related!.map((r) => r.loc.line)).toEqual([8]);
  });

  it('lets registers and synchronous reads break a loop, but not asynchronous reads', () => {
    const build = (sync: boolean, viaReg: boolean) => {
      const f = new ModuleFixture('top');
      const clk = f.input('clk', 1, { role: 'clock' });
      const addr = f.net('addr', 2);
      const data = f.net('data', 2);
      const mem = f.memory('m', 2, 4);
      f.read(mem, addr, data, sync ? { sync: true, clock: clk, line: 20 } : { line: 20 });
      if (viaReg) f.reg(addr, data, clk, { init: 0n });
      else f.cell('not', addr, [data], { line: 21 });
      f.cell('id', f.output('y', 2), [data]);
      return design([f.build()]);
    };
    expect(findCombLoops(build(true, false))).toEqual([]);
    expect(findCombLoops(build(false, true))).toEqual([]);
    const ds = findCombLoops(build(false, false));
    expect(ds.map((d) => d.message)).toEqual(["combinational loop in module 'top': addr -> data -> addr"]);
    expect(ds[0]!.related!.map((r) => [r.loc.line, r.message])).toEqual([
      [20, "'addr' -> 'data' through asynchronous read port 0 of memory 'm'"],
      [21, "'data' -> 'addr' through cell not"],
    ]);
  });

  it('finds a loop that closes through two module instances, using per-module summaries', () => {
    // pass: y = a (combinational); hold: y = reg(a) (registered).
    const pass = new ModuleFixture('pass');
    pass.cell('id', pass.output('y', 1), [pass.input('a', 1)]);
    const hold = new ModuleFixture('hold');
    const clk = hold.input('clk', 1, { role: 'clock' });
    hold.reg(hold.output('y', 1), hold.input('a', 1), clk, { init: 0n });

    const loop = new ModuleFixture('top');
    const p = loop.net('p', 1);
    const q = loop.net('q', 1);
    loop.instance('u1', 'pass', { a: p, y: q }, 70);
    loop.instance('u2', 'pass', { a: q, y: p }, 71);
    loop.cell('id', loop.output('o', 1), [p]);
    const d1 = design([pass.build(), hold.build(), loop.build()]);
    expect(runChecks(d1).map((d) => d.code)).toEqual(['comb-loop']);
    const ds = findCombLoops(d1);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toBe("combinational loop in module 'top': p -> q (through instance 'u1') -> p (through instance 'u2')");
    expect(ds[0]!.related!.map((r) => [r.loc.line, r.message])).toEqual([
      [70, "'p' -> 'q' through instance 'u1' of module 'pass' (port 'a' -> 'y')"],
      [71, "'q' -> 'p' through instance 'u2' of module 'pass' (port 'a' -> 'y')"],
    ]);

    // The same wiring with a registered child has no loop.
    const safe = new ModuleFixture('top');
    const c = safe.input('clk', 1, { role: 'clock' });
    const p2 = safe.net('p', 1);
    const q2 = safe.net('q', 1);
    safe.instance('u1', 'pass', { a: p2, y: q2 });
    safe.instance('u2', 'hold', { clk: c, a: q2, y: p2 });
    safe.cell('id', safe.output('o', 1), [p2]);
    const d2 = design([pass.build(), hold.build(), safe.build()]);
    expect(findCombLoops(d2)).toEqual([]);
    expect(runChecks(d2)).toEqual([]);
    const sums = combSummaries(d2);
    expect([...sums.get('pass')!.paths]).toEqual([['a', ['y']]]);
    expect([...sums.get('hold')!.paths]).toEqual([]);
  });

  it('propagates summaries up several levels and reports a loop inside a child once, not per instance', () => {
    const inner = new ModuleFixture('inner');
    const t = inner.net('t', 1);
    inner.cell('xor', t, [t, inner.input('a', 1)], { line: 90 });
    inner.cell('id', inner.output('y', 1), [t]);
    const mid = new ModuleFixture('mid');
    const y = mid.output('y', 1);
    mid.instance('i0', 'inner', { a: mid.input('a', 1), y });
    const top = new ModuleFixture('top');
    const w = top.net('w', 1);
    top.instance('m0', 'mid', { a: w, y: w }, 95);
    top.instance('m1', 'mid', { a: top.input('x', 1), y: top.output('z', 1) });
    const ds = findCombLoops(design([inner.build(), mid.build(), top.build()]));
    expect(ds.map((d) => [d.loc.line, d.message])).toEqual([
      [inner.m.nets[0]!.loc.line, "combinational loop in module 'inner': t -> t"],
      [top.m.nets[0]!.loc.line, "combinational loop in module 'top': w -> w (through instance 'm0')"],
    ]);
  });

  it('handles a 200k-net chain without overflowing the stack, with and without a loop', () => {
    const N = 200_000;
    const build = (closed: boolean) => {
      const f = new ModuleFixture('chain');
      const start = f.net('start', 1, { line: 1 });
      let prev = start;
      for (let i = 0; i < N; i++) prev = f.op('not', [prev], 1, { line: 2 });
      if (closed) f.cell('id', start, [prev], { line: 3 });
      else f.cell('id', start, [f.input('seed', 1)], { line: 3 });
      f.cell('id', f.output('y', 1), [prev]);
      return design([f.build()]);
    };
    expect(findCombLoops(build(false))).toEqual([]);
    const ds = findCombLoops(build(true));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toBe("combinational loop in module 'chain': start -> start");
    expect(ds[0]!.related).toHaveLength(65);
    expect(ds[0]!.related!.at(-1)!.message).toBe(`... and ${N + 1 - 64} more steps back to 'start'`);
  });
});
