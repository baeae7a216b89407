// Per-cycle co-simulation of the LIF example against a golden model written
// from its documented equations (examples/lif-neuron.tb.ts), on every
// installed back end; an injected model bug must be caught at the right
// cycle, signal, values and back end, with a VCD and an SVG that parse.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { LifNeuron } from '../../examples/lif-neuron.ts';
import { LifModel, lifStimulus, params, tb } from '../../examples/lif-neuron.tb.ts';
import { cosim, CosimMismatchError, CosimTestbenchError, runTestbench, type GoldenModel, type SignalValues } from '../../testbenches/cosim/index.ts';
import { availableBackends } from '../../testbenches/backends.ts';
import { parseVcd, vcdToTrace } from '../../testbenches/vcd/index.ts';
import { BACKENDS, CACHE_DIR, haveVerilator, tempDir } from './helpers.ts';

const dir = tempDir('cosim-lif');
const ir = elaborate(LifNeuron, params);

/** The correct model's outputs, cycle by cycle, for the first n cycles of the stimulus. */
function reference(n: number): { membrane: bigint; spike: bigint }[] {
  const m = new LifModel(params);
  const stim = lifStimulus(1);
  const out: { membrane: bigint; spike: bigint }[] = [];
  for (let k = 0; k < n; k++) {
    const s = stim(k);
    const r = m.step({ step: BigInt(s.step), current: BigInt(s.current) });
    out.push({ membrane: BigInt(r.membrane), spike: r.spike ? 1n : 0n });
  }
  return out;
}

/** The correct model, except that at one cycle it reports membrane + 1. */
function offByOneAt(bad: number): GoldenModel {
  const inner = new LifModel(params);
  let k = 0;
  return {
    reset: () => {
      inner.reset();
      k = 0;
    },
    step: (inputs: SignalValues) => {
      const r = inner.step(inputs);
      return k++ === bad ? { ...r, membrane: r.membrane + 1 } : r;
    },
  };
}

describe('LIF neuron against its golden model', () => {
  it('lists the back ends this machine has', () => {
    expect(availableBackends()).toEqual(BACKENDS);
  });

  it.each(BACKENDS)('agrees with the model in every cycle on %s', (backend) => {
    const r = runTestbench(tb, { backends: [backend], cacheDir: CACHE_DIR });
    expect(r.reference).toBe('model');
    expect(r.cycles).toBe(5000);
    expect(r.observe).toEqual(['spike', 'membrane']);
    expect(r.backends).toHaveLength(1);
    expect(r.backends[0]!.backend).toBe(backend);
    expect(r.backends[0]!.cycles).toBe(5000);
    expect(r.backends[0]!.seconds).toBeGreaterThan(0);
    expect(r.backends[0]!.cyclesPerSecond).toBeCloseTo(5000 / r.backends[0]!.seconds, 3);
  });

  it('the stimulus reaches spikes, saturation and negative membranes (so the comparison means something)', () => {
    const ref = reference(5000);
    expect(ref.filter((x) => x.spike === 1n).length).toBeGreaterThan(20);
    expect(ref.some((x) => x.membrane === -32768n)).toBe(true);
    expect(ref.some((x) => x.membrane > 0n && x.membrane < 900n)).toBe(true);
  });

  it('runs every available back end in one call, in lockstep', () => {
    const r = cosim({ design: ir, model: new LifModel(params), stimulus: lifStimulus(1), cycles: 3000, backends: 'all', cacheDir: CACHE_DIR });
    expect(r.backends.map((b) => b.label)).toEqual(BACKENDS);
    for (const b of r.backends) expect(b.cycles).toBe(3000);
  });

  it('takes a Design with params as well as IR, and arrays of input records', () => {
    const stim = lifStimulus(3);
    const records = Array.from({ length: 400 }, (_, k) => stim(k));
    const r = cosim({ design: LifNeuron, params, model: new LifModel(params), stimulus: records, backends: ['builtin'] });
    expect(r.cycles).toBe(400);
  });

  describe.each(BACKENDS)('an injected model bug on %s', (backend) => {
    const bad = 37;
    const vcd = join(dir, `bug-${backend}.vcd`);
    const wave = join(dir, `bug-${backend}.svg`);
    let error: CosimMismatchError | null = null;
    try {
      cosim({ design: ir, model: offByOneAt(bad), stimulus: lifStimulus(1), cycles: 1000, backends: [backend], vcd, wave, cacheDir: CACHE_DIR });
    } catch (e) {
      if (!(e instanceof CosimMismatchError)) throw e;
      error = e;
    }
    const truth = reference(bad + 1)[bad]!;

    it('is reported with cycle, signal, expected, actual and back end', () => {
      expect(error).not.toBeNull();
      const e = error!;
      expect(e.cycle).toBe(bad);
      expect(e.signal).toBe('membrane');
      expect(e.actual).toBe(truth.membrane);
      expect(e.expected).toBe(truth.membrane + 1n);
      expect(e.backend).toBe(backend);
      expect(e.label).toBe(backend);
      expect(e.clockCycle).toBe(1 + bad + 1); // one reset cycle, then the edge that ends cycle 37
      // Verilator also ran from random initial state (three seeds by default): the model is wrong for every run.
      const labels = backend === 'verilator' ? ['verilator', 'verilator-seed1', 'verilator-seed2', 'verilator-seed3'] : [backend];
      expect(e.all.map((x) => [x.label, x.cycle, x.signal])).toEqual(labels.map((l) => [l, bad, 'membrane']));
      expect(e.message).toContain(`cycle ${bad}`);
      expect(e.message).toMatch(new RegExp(`'membrane' expected ${truth.membrane + 1n}( \\(0x[0-9a-f]+\\))?, got ${truth.membrane}\\b`));
      expect(e.message).toContain(backend);
      // The run went on at least through the diagram's window (5 cycles); a batch runs to its end.
      expect(e.runs.map((r) => r.label)).toEqual(labels);
      expect(e.runs[0]).toMatchObject({ label: backend, backend, failed: true });
      expect(e.runs[0]!.cycles).toBeGreaterThanOrEqual(bad + 6);
    });

    it('leaves a VCD that parses and shows the hardware value at the reported clock cycle', () => {
      expect(error!.vcd).toBe(vcd);
      const parsed = parseVcd(readFileSync(vcd, 'utf8'));
      const trace = vcdToTrace(parsed, { signals: ['membrane', 'current', 'v'] });
      const at = (name: string, c: number) => trace.values[trace.signals.findIndex((s) => s.name === name)]![c - trace.startCycle]!;
      expect(at('membrane', error!.clockCycle)).toBe(truth.membrane);
      expect(at('v', error!.clockCycle)).toBe(truth.membrane);
      // Samples run through the window after the mismatch (the VCD covers every simulated cycle).
      expect(trace.startCycle + trace.values[0]!.length - 1).toBe(1 + error!.runs[0]!.cycles);
    });

    it('writes an SVG of the window with the expected lane and the callout', () => {
      expect(error!.wave).toBe(wave);
      const svg = readFileSync(wave, 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('membrane (expected)');
      expect(svg).toContain(`expected ${truth.membrane + 1n}, got ${truth.membrane} (${backend})`);
      // The window: columns from 10 clock cycles before the mismatch's column to 5 after
      // (the tick labels mark the column edges, so the last one is one past the last column).
      const ticks = [...svg.matchAll(/<text x="[\d.]+" y="-5">(\d+)<\/text>/g)].map((m) => Number(m[1]));
      expect(Math.min(...ticks)).toBe(error!.clockCycle - 10);
      expect(Math.max(...ticks)).toBe(error!.clockCycle + 6);
    });
  });

  it.each(BACKENDS)('a stimulus that throws leaves the VCD of the run so far on disk (%s)', (backend) => {
    const vcd = join(dir, `throws-${backend}.vcd`);
    const inner = lifStimulus(2);
    let error: unknown = null;
    try {
      cosim({
        design: ir,
        model: new LifModel(params),
        stimulus: (k) => {
          if (k === 1500) throw new Error('stimulus broke');
          return inner(k);
        },
        cycles: 5000,
        backends: [backend],
        vcd,
        batchSize: 1024,
        cacheDir: CACHE_DIR,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CosimTestbenchError);
    expect((error as CosimTestbenchError).cycle).toBe(1500);
    expect((error as Error).message).toContain('stimulus broke');
    expect((error as Error).message).toContain(vcd);
    expect(existsSync(vcd)).toBe(true);
    const trace = vcdToTrace(parseVcd(readFileSync(vcd, 'utf8')), { signals: ['membrane'] });
    // Cycles 0..1499 ran (the ones before the throw, across the batch boundary at 1024): the last sample is clock cycle 1 + 1500.
    expect(trace.startCycle + trace.values[0]!.length - 1).toBe(1 + 1500);
  });

  it('a model that throws names the cycle', () => {
    expect(() =>
      cosim({
        design: ir,
        model: { step: (i) => { if (i.current === 5n) throw new Error('no fives'); return { spike: 0, membrane: 0 }; } },
        stimulus: (k) => ({ step: 0, current: k }),
        cycles: 10,
        backends: ['builtin'],
      }),
    ).toThrow(/model threw at cycle 5: no fives/);
  });

  it('rejects stimulus records that name unknown inputs or values that do not fit', () => {
    const base = { design: ir, model: new LifModel(params), cycles: 4, backends: ['builtin' as const] };
    expect(() => cosim({ ...base, stimulus: [{ step: 1, curent: 3 }] })).toThrow(/cannot drive 'curent': the design has no such input/);
    expect(() => cosim({ ...base, stimulus: [{ step: 1, spike: 1 }] })).toThrow(/cannot drive 'spike': it is an output/);
    expect(() => cosim({ ...base, stimulus: [{ step: 2 }] })).toThrow(/input 'step' is 1 bit wide; 2 does not fit/);
  });

  it('rejects a model that leaves out an observed signal or returns a name the design does not have', () => {
    const stimulus = [{ step: 1, current: 1 }];
    expect(() => cosim({ design: ir, model: { step: () => ({ spike: 0 }) }, stimulus, backends: ['builtin'] })).toThrow(/no value for observed signal 'membrane'/);
    expect(() => cosim({ design: ir, model: { step: () => ({ spike: 0, membrane: 1, membrame: 2 }) }, stimulus, backends: ['builtin'] })).toThrow(/'membrame', which is not a signal/);
  });

  it('observes internal signals when asked, and without a model compares the back ends with the first', () => {
    const r = cosim({ design: ir, stimulus: lifStimulus(4), cycles: 2000, backends: BACKENDS, observe: ['membrane', 'v', 'integrated', 'fire'], cacheDir: CACHE_DIR });
    expect(r.reference).toBe(BACKENDS.length > 1 ? 'builtin' : null);
    expect(r.observe).toEqual(['membrane', 'v', 'integrated', 'fire']);
  });

  it.skipIf(!haveVerilator)('repeats the Verilator run from random initial state with each randReset seed (default 1, 2, 3)', () => {
    const r = cosim({ design: ir, model: new LifModel(params), stimulus: lifStimulus(5), cycles: 2000, backends: ['verilator'], randReset: [4, 9], cacheDir: CACHE_DIR });
    expect(r.backends.map((b) => [b.label, b.randReset])).toEqual([['verilator', undefined]]);
    expect(r.randReset.map((b) => [b.label, b.randReset])).toEqual([
      ['verilator-seed4', 4],
      ['verilator-seed9', 9],
    ]);
    for (const b of [...r.backends, ...r.randReset]) expect(b.cycles).toBe(2000);
    const byDefault = cosim({ design: ir, model: new LifModel(params), stimulus: lifStimulus(5), cycles: 200, backends: ['builtin', 'verilator'], cacheDir: CACHE_DIR });
    expect(byDefault.randReset.map((b) => b.label)).toEqual(['verilator-seed1', 'verilator-seed2', 'verilator-seed3']);
    expect(cosim({ design: ir, model: new LifModel(params), stimulus: lifStimulus(5), cycles: 200, backends: ['verilator'], randReset: false, cacheDir: CACHE_DIR }).randReset).toEqual([]);
    expect(cosim({ design: ir, model: new LifModel(params), stimulus: lifStimulus(5), cycles: 200, backends: ['builtin'], cacheDir: CACHE_DIR }).randReset).toEqual([]);
  });
});
