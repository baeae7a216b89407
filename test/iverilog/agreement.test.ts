// Icarus against the built-in simulator on every example design: the same
// random stimulus, every signal observed on every cycle after reset, must give
// identical values ("simulators of every back end agree cycle for cycle from
// reset"). Also reset styles and a design without a clock.
import { describe, expect, it } from 'vitest';
import { design, elaborate, SInt, UInt, type Design } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { Fifo } from '../../examples/fifo.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import { NeuronPair } from '../../examples/neuron-pair.ts';
import { PipelineStage } from '../../examples/pipeline-stage.ts';
import { LifArray } from '../../bench/lif-array.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { haveIcarus, Rng, simulators, testCache } from './helpers.ts';

/** A counter with an asynchronous, active-low reset named rst_n. */
const AsyncCounter = design('AsyncCounter', {}, (m) => {
  m.setResetStyle({ name: 'rst_n', async: true, activeLow: true });
  const en = m.input('en', UInt(1));
  const value = m.reg('value', UInt(6), { reset: 9 });
  m.when(en, () => value.set(value.addWrap(1)));
  const out = m.output('out', UInt(6));
  out.set(value);
  return { en, out };
});

/** No registers, so no clock: outputs follow the inputs. */
const Combinational = design('Combinational', {}, (m) => {
  const a = m.input('a', SInt(8));
  const b = m.input('b', SInt(8));
  const sum = m.output('sum', SInt(9));
  sum.set(a.add(b));
  return { a, b, sum };
});

/** Names Verilog cannot take as they are (keywords), inside an instance with a keyword name. */
const KeywordInner = design('KeywordInner', {}, (m) => {
  const input = m.input('input', UInt(4));
  const begin = m.reg('begin', UInt(4), { reset: 0 });
  begin.set(begin.addWrap(input));
  const output = m.output('output', UInt(4));
  output.set(begin.xor(input));
  return { input, output };
});
const KeywordNames = design('KeywordNames', {}, (m) => {
  const wire = m.input('wire', UInt(4));
  const always = m.instance('always', KeywordInner, {});
  always.input.set(wire);
  const end = m.output('end', UInt(4));
  end.set(always.output);
  return { wire, end };
});

const cases: [string, Design<any, any>, object][] = [
  ['keyword-names', KeywordNames, {}],
  ['counter', Counter, { width: 5 }],
  ['lif-neuron', LifNeuron, {}],
  ['fifo', Fifo, { width: 8, addrBits: 2 }],
  ['neuron-pair', NeuronPair, { threshold: 300 }],
  ['pipeline-stage', PipelineStage, { width: 12 }],
  ['lif-array', LifArray, { neurons: 6 }],
  ['async-counter', AsyncCounter, {}],
];

describe.skipIf(!haveIcarus)('Icarus back end agrees with the built-in simulator', () => {
  const open = simulators(testCache());

  for (const [name, des, params] of cases) {
    it(`on ${name}`, () => {
      const d = elaborate(des, params);
      const ours = open(d);
      const ref = createBuiltinSimulator(d);
      const signals = ours.signals().map((s) => s.name);
      const inputs = d.modules
        .find((m) => m.name === d.top)!
        .ports.filter((p) => p.dir === 'input' && !p.role)
        .map((p) => ({ name: p.name, width: ours.signals().find((s) => s.name === p.name)!.width }));
      const rng = new Rng(name.length * 97);
      const stimulus = {
        inputs: inputs.map((i) => i.name),
        // Narrow inputs often 1 so that enables and valids are mostly on.
        cycles: Array.from({ length: 250 }, () => inputs.map((i) => (i.width === 1 ? (rng.int(4) === 0 ? 0n : 1n) : rng.bits(Math.min(i.width, 10))))),
        observe: signals,
      };
      ours.reset(2);
      ref.reset(2);
      for (const s of signals) expect([s, ours.peek(s)]).toEqual([s, ref.peek(s)]);
      const a = ours.run(stimulus);
      const b = ref.run(stimulus);
      for (let c = 0; c < b.length; c++) expect([c, a[c]]).toEqual([c, b[c]]);
      // Something must have moved.
      expect(new Set(b.map((r) => r.join(','))).size).toBeGreaterThan(5);
      ref.close();
    });
  }

  it('drives an asynchronous active-low reset: deasserted at start, acting without an edge', () => {
    const sim = open(elaborate(AsyncCounter, {}));
    expect(sim.peek('rst_n')).toBe(1n);
    sim.reset(0); // no clock edge at all: only an asynchronous reset can act
    expect(sim.peek('out')).toBe(9n);
    sim.poke('en', 1);
    sim.step(4);
    expect(sim.peek('out')).toBe(13n);
    sim.reset(3);
    expect(sim.peek('rst_n')).toBe(1n);
    expect(sim.peek('out')).toBe(9n);
    // Poking the reset by hand works too.
    sim.poke('rst_n', 0);
    expect(sim.peek('out')).toBe(9n);
    sim.step(2);
    expect(sim.peek('out')).toBe(9n);
    sim.poke('rst_n', 1);
    sim.step(2);
    expect(sim.peek('out')).toBe(11n);
  });

  it('runs a design without registers or clock', () => {
    const sim = open(elaborate(Combinational, {}));
    const rng = new Rng(1);
    for (let k = 0; k < 20; k++) {
      const a = BigInt(rng.range(-128, 127));
      const b = BigInt(rng.range(-128, 127));
      sim.poke('a', a);
      sim.poke('b', b);
      expect(sim.peek('sum')).toBe(a + b);
    }
    sim.step(3);
    expect(sim.cycle).toBe(3);
    expect(sim.run({ inputs: ['a', 'b'], cycles: [[-128, -128], [127, 127]], observe: ['sum'] })).toEqual([[-256n], [254n]]);
  });
});
