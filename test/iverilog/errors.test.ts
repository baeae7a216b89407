// Errors the Icarus back end reports: bad names and values (as the built-in
// back end words them), unknown (x/z) values, compile failures with iverilog's
// own message, several clocks, a missing tool, a vvp that died, use after close.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bool, design, elaborate, UInt } from '../../hdl/index.ts';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { Counter } from '../../examples/counter.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';
import { createIcarusSimulator } from '../../testbenches/iverilog/index.ts';
import { haveIcarus, runScript, simulators, testCache, vvpChildren } from './helpers.ts';

const repo = path.resolve(import.meta.dirname, '../..');

describe.skipIf(!haveIcarus)('Icarus back end: errors', () => {
  const cache = testCache();
  const open = simulators(cache);

  it('rejects bad names and values with the same words as the built-in back end', () => {
    const sim = open(elaborate(Counter, {}));
    sim.reset();
    expect(() => sim.peek('cnt')).toThrow(/no signal named 'cnt'; close names: .*'count'/);
    expect(() => sim.poke('count', 1)).toThrow(/cannot poke 'count': it is an output port; only top-level inputs can be poked/);
    expect(() => sim.poke('value', 1)).toThrow(/cannot poke 'value': it is an internal signal/);
    expect(() => sim.poke('clk', 1)).toThrow(/cannot poke 'clk': it is the clock, which step\(\) drives/);
    expect(() => sim.poke('enable', 1)).toThrow(/no input named 'enable'; close names: 'en'/);
    expect(() => sim.poke('en', 2)).toThrow(/input 'en' is 1 bit wide; 2 does not fit \(allowed -1\.\.1\)/);
    expect(() => sim.poke('en', 0.5)).toThrow(/not an integer/);
    expect(() => sim.step(-1)).toThrow(/step\(-1\): the cycle count must be an integer >= 0/);
    expect(() => sim.step(1.5)).toThrow(/step\(1\.5\)/);
    expect(() => sim.readMemory('mem', 0)).toThrow(/no memory named 'mem' \(the design has none\)/);
    // Nothing above reached the simulation.
    expect(sim.cycle).toBe(1);
    expect(sim.peek('count')).toBe(0n);
  });

  it('names the signal when Icarus has x: registers before the first reset', () => {
    const sim = open(elaborate(NeuronPair, {}));
    expect(() => sim.peek('fast.v')).toThrow(/peek\('fast\.v'\): signal 'fast\.v' \(16 bits\) is unknown in Icarus \(value 16'hxxxx/);
    expect(() => sim.peek('fast_count')).toThrow(/signal 'fast_count'/);
    // Inputs are defined from the start, and combinational logic on them alone too.
    expect(sim.peek('current')).toBe(0n);
    expect(() => sim.run({ inputs: ['step'], cycles: [[0]], observe: ['current', 'slow.v'] })).toThrow(/run\(\), cycle 1: signal 'slow\.v'.*unknown/);
    sim.reset();
    expect(sim.peek('fast.v')).toBe(0n);
  });

  it('reports x from hand-written Verilog too, never a silent 0', () => {
    const d = elaborate(Counter, { width: 4 });
    // The generator's Verilog with the counter's output bits 3:2 left floating.
    const verilog = emitVerilog(d).replace(/assign count = value;/, "assign count = {2'bz1, value[1:0]};");
    expect(verilog).toContain("2'bz1");
    const sim = open(d, { verilog });
    sim.reset();
    expect(() => sim.peek('count')).toThrow(/signal 'count' \(4 bits\) is unknown in Icarus \(value 4'hZ/);
    expect(sim.peek('value')).toBe(0n);
  });

  it("reports a compile failure with iverilog's own message", () => {
    const d = elaborate(Counter, {});
    const broken = emitVerilog(d).replace('assign count = value;', 'assign count = value +;');
    let message = '';
    try {
      createIcarusSimulator(d, { cacheDir: cache, verilog: broken });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/iverilog could not compile the generated Verilog/);
    expect(message).toMatch(/dut\.v:\d+: syntax error/);
    const kept = /sources kept in (\S+)\)/.exec(message)?.[1];
    expect(kept && fs.existsSync(path.join(kept, 'dut.v'))).toBe(true);
    fs.rmSync(kept!, { recursive: true, force: true });
    // A Verilog without a signal the IR names: iverilog cannot bind the testbench's reference.
    const renamed = emitVerilog(d).replace(/\bvalue\b/g, 'val');
    let unbound = '';
    try {
      createIcarusSimulator(d, { cacheDir: cache, verilog: renamed });
    } catch (e) {
      unbound = (e as Error).message;
    }
    expect(unbound).toMatch(/dut\.value/);
    fs.rmSync(/sources kept in (\S+)\)/.exec(unbound)![1]!, { recursive: true, force: true });
  });

  it('rejects a design with two clock domains', () => {
    const TwoClocks = design('TwoClocks', {}, (m) => {
      const clk2 = m.input('clk2', Bool());
      const a = m.reg('a', UInt(4), { reset: 0 });
      const b = m.reg('b', UInt(4), { init: 0, clock: clk2 });
      a.set(a.addWrap(1));
      b.set(b.addWrap(1));
      const out = m.output('out', UInt(4));
      out.set(a.xor(b));
      return { clk2, out };
    });
    const d = elaborate(TwoClocks, {}, { check: false });
    const top = d.modules.find((x) => x.name === d.top)!;
    top.ports.find((p) => p.name === 'clk2')!.role = 'clock';
    expect(() => createIcarusSimulator(d, { cacheDir: cache })).toThrow(/2 clock domains \('clk', 'clk2'\); the Icarus back end supports a single clock/);
  });

  it('throws MissingToolError with the install command when iverilog is absent', () => {
    const script = `
      import { createIcarusSimulator } from ${JSON.stringify(path.join(repo, 'testbenches/iverilog/index.ts'))};
      import { elaborate } from ${JSON.stringify(path.join(repo, 'hdl/index.ts'))};
      import { Counter } from ${JSON.stringify(path.join(repo, 'examples/counter.ts'))};
      try { createIcarusSimulator(elaborate(Counter, {})); console.log('no error'); }
      catch (e) { console.log(e.name + ': ' + e.message); }
    `;
    const out = runScript(script, { PATH: '/nonexistent' });
    expect(out.trim()).toBe('MissingToolError: iverilog is not installed (install it with: apt-get install iverilog)');
  });

  it('checks options before starting anything', () => {
    const before = vvpChildren().length;
    const d = elaborate(Counter, {});
    expect(() => createIcarusSimulator(d, { cacheDir: cache, trace: { signals: ['count', 'cnt'] } })).toThrow(/no signal named 'cnt'/);
    expect(() => createIcarusSimulator(d, { cacheDir: cache, batchChunkRows: 0 })).toThrow(/batchChunkRows must be an integer >= 1, not 0/);
    expect(vvpChildren().length).toBe(before);
    const plain = open(d);
    expect(() => plain.trace!()).toThrow(/created without tracing/);
  });

  it('reports a vvp that died, and refuses use after close', () => {
    const sim = createIcarusSimulator(elaborate(Counter, {}), { cacheDir: cache });
    sim.reset();
    process.kill(sim.startInfo.pid, 'SIGKILL');
    expect(() => sim.peek('count')).toThrow(/vvp stopped unexpectedly/);
    sim.close();
    expect(fs.existsSync(sim.startInfo.workDir)).toBe(false);
    expect(() => sim.peek('count')).toThrow(/this simulator is closed/);
    expect(() => sim.step()).toThrow(/this simulator is closed/);
    sim.close(); // twice is fine
  });
});
