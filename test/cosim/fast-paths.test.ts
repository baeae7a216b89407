// The harness's fast paths must not change what cosim() accepts or reports:
// model values of every kind on narrow signals (kept as numbers) and wide ones
// (bigints), input records read by name with a general path for anything
// unusual, and a mismatch report whose waveform window does not depend on
// how the run was cut into batches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bool, design, elaborate, SInt, UInt } from '../../hdl/index.ts';
import { cosim, CosimMismatchError, reactive, type GoldenModel, type InputRecord, type ModelValue, type SignalValues } from '../../testbenches/cosim/index.ts';
import { BACKENDS, CACHE_DIR, tempDir } from './helpers.ts';

const dir = tempDir('cosim-fast');

/** `total` (64 bits) sums `a`; `held` is `b` registered (signed); `odd` is a[0], combinational. */
const Acc = design('Acc', {}, (m) => {
  const a = m.input('a', UInt(8));
  const b = m.input('b', SInt(8));
  const total = m.output('total', UInt(64));
  const held = m.output('held', SInt(8));
  const odd = m.output('odd', Bool());
  const acc = m.reg('acc', UInt(64), { reset: 0 });
  const r = m.reg('r', SInt(8), { reset: 0 });
  acc.set(acc.addWrap(a.zext(64)));
  r.set(b);
  total.set(acc);
  held.set(r);
  odd.set(a.bit(0));
  return { a, b, total, held, odd };
});
const ir = elaborate(Acc, {});

/** Inputs of cycle k: a walks through 0..255, b through -128..127. */
const input = (k: number) => ({ a: (k * 37) % 256, b: ((k * 53) % 256) - 128 });
const records: InputRecord[] = Array.from({ length: 300 }, (_, k) => input(k));

type Shape = (x: { total: bigint; held: number; odd: boolean }) => Record<string, ModelValue>;

/** The model, with its values handed back in a chosen shape, and optionally wrong in one cycle. */
function accModel(shape: Shape, wrongAt = -1, wrong?: (x: Record<string, ModelValue>) => Record<string, ModelValue>): GoldenModel {
  let total = 0n;
  let k = 0;
  return {
    reset: () => {
      total = 0n;
      k = 0;
    },
    step: (i: SignalValues) => {
      total = (total + i.a!) & 0xffff_ffff_ffff_ffffn;
      const out = shape({ total, held: Number(i.b), odd: (i.a! & 1n) === 1n });
      return k++ === wrongAt && wrong ? wrong(out) : out;
    },
  };
}

describe('cosim fast paths', () => {
  const shapes: [string, Shape][] = [
    ['bigints', (x) => ({ total: x.total, held: BigInt(x.held), odd: x.odd ? 1n : 0n })],
    ['numbers, signed values, booleans', (x) => ({ total: Number(x.total), held: x.held, odd: x.odd })],
    ['unsigned patterns for signed signals', (x) => ({ total: Number(x.total), held: x.held & 0xff, odd: x.odd ? 1 : 0 })],
  ];
  it.each(shapes)('accepts model values as %s', (_, shape) => {
    const r = cosim({ design: ir, model: accModel(shape), stimulus: records, backends: ['builtin'], batchSize: 64 });
    expect(r.cycles).toBe(300);
  });

  it('reports a wrong value on a wide signal with bigints', () => {
    const bad = 120;
    let error: CosimMismatchError | null = null;
    try {
      cosim({ design: ir, model: accModel(shapes[0]![1], bad, (x) => ({ ...x, total: (x.total as bigint) | (1n << 62n) })), stimulus: records, backends: ['builtin'] });
    } catch (e) {
      if (!(e instanceof CosimMismatchError)) throw e;
      error = e;
    }
    let sum = 0n;
    for (let k = 0; k <= bad; k++) sum += BigInt(input(k).a);
    expect(error).not.toBeNull();
    expect(error!.cycle).toBe(bad);
    expect(error!.signal).toBe('total');
    expect(error!.actual).toBe(sum);
    expect(error!.expected).toBe(sum | (1n << 62n));
  });

  it('reports a wrong value on a narrow signed signal as its signed reading, whatever form the model gave', () => {
    const bad = 77;
    const truth = BigInt(input(bad).b);
    for (const [, shape] of shapes.slice(1)) {
      let error: CosimMismatchError | null = null;
      try {
        cosim({ design: ir, model: accModel(shape, bad, (x) => ({ ...x, held: (Number(x.held) + 1) & 0xff })), stimulus: records, backends: ['builtin'] });
      } catch (e) {
        if (!(e instanceof CosimMismatchError)) throw e;
        error = e;
      }
      expect(error).not.toBeNull();
      expect([error!.cycle, error!.signal, error!.actual]).toEqual([bad, 'held', truth]);
      expect(error!.expected).toBe(BigInt.asIntN(8, truth + 1n));
      expect(error!.inputs).toEqual({ rst: 0n, a: BigInt(input(bad).a), b: truth });
    }
  });

  describe.each(BACKENDS)('the report of a mismatch does not depend on batches (%s)', (backend) => {
    const bad = 21;
    const run = (name: string, extra: object): { e: CosimMismatchError; svg: string } => {
      const wave = join(dir, `${backend}-${name}.svg`);
      try {
        cosim({ design: ir, model: accModel(shapes[1]![1], bad, (x) => ({ ...x, odd: !x.odd })), stimulus: records, backends: [backend], wave, cacheDir: CACHE_DIR, randReset: false, ...extra });
      } catch (e) {
        if (!(e instanceof CosimMismatchError)) throw e;
        return { e, svg: readFileSync(wave, 'utf8') };
      }
      throw new Error('no mismatch');
    };
    // The window (cycles 11..26) spans three batches of 8; the reactive run goes cycle by cycle.
    const whole = run('whole', {});
    const small = run('small', { batchSize: 8 });
    const stepped = run('stepped', { stimulus: reactive((k) => records[k]) });

    it('finds the same cycle, values and inputs', () => {
      expect(whole.e.cycle).toBe(bad);
      expect(whole.e.signal).toBe('odd');
      expect(whole.e.actual).toBe(BigInt(input(bad).a & 1));
      for (const other of [small, stepped]) {
        expect([other.e.cycle, other.e.signal, other.e.expected, other.e.actual]).toEqual([whole.e.cycle, whole.e.signal, whole.e.expected, whole.e.actual]);
        expect(other.e.inputs).toEqual(whole.e.inputs);
        expect(other.e.all).toEqual(whole.e.all);
      }
    });

    it('draws the same diagram, with the expected lane from before the batch boundaries', () => {
      for (const x of [whole, small, stepped]) {
        expect(x.svg).toContain('odd (expected)');
        expect(x.svg).toContain(`expected ${whole.e.expected}, got ${whole.e.actual} (${backend})`);
      }
      // Both stop 5 cycles after the mismatch (the whole batch runs on, so its input lanes show one more value).
      expect(small.svg === stepped.svg).toBe(true);
    });
  });

  describe('input records', () => {
    const model = () => accModel(shapes[1]![1]);
    it('may list inputs in any order, or only some of them (the rest keep their values)', () => {
      const varied: InputRecord[] = records.map((r, k) => {
        const rec = r as { a: number; b: number };
        return k % 2 === 0 ? { b: rec.b, a: rec.a } : { a: rec.a, b: rec.b };
      });
      const r = cosim({ design: ir, model: model(), stimulus: varied, backends: ['builtin'], batchSize: 32 });
      expect(r.cycles).toBe(300);
      // Left-out inputs keep their values: the model (and the hardware) see the full records.
      const full = records.map((_, k) => ({ a: Math.floor(k / 4), b: (Math.floor(k / 4) % 200) - 100 }));
      const sparse: InputRecord[] = full.map((r, k) => (k % 4 === 0 ? r : k % 4 === 1 ? { b: r.b } : k % 4 === 2 ? ({} as InputRecord) : { b: r.b, a: r.a }));
      const inner = model();
      let k = 0;
      const checking: GoldenModel = {
        reset: () => inner.reset!(),
        step: (i) => {
          expect([i.a, i.b]).toEqual([BigInt(full[k]!.a), BigInt(full[k]!.b)]);
          k++;
          return inner.step(i);
        },
      };
      expect(cosim({ design: ir, model: checking, stimulus: sparse, backends: ['builtin'], batchSize: 32 }).cycles).toBe(300);
      expect(k).toBe(300);
    });

    it('reports an unknown key, even after known ones', () => {
      const bad = [...records.slice(0, 10), { a: 1, b: 2, c: 3 }];
      expect(() => cosim({ design: ir, model: model(), stimulus: bad, backends: ['builtin'] })).toThrow(/cycle 10: cannot drive 'c': the design has no such input/);
      const output = [...records.slice(0, 10), { a: 1, total: 2 }];
      expect(() => cosim({ design: ir, model: model(), stimulus: output, backends: ['builtin'] })).toThrow(/cannot drive 'total': it is an output/);
    });

    it('reports the first value that does not fit in the record order', () => {
      expect(() => cosim({ design: ir, model: model(), stimulus: [{ b: 300, a: 256 }], backends: ['builtin'] })).toThrow(/input 'b' is 8 bits wide; 300 does not fit/);
      expect(() => cosim({ design: ir, model: model(), stimulus: [{ a: 256, b: 300 }], backends: ['builtin'] })).toThrow(/input 'a' is 8 bits wide; 256 does not fit/);
    });

    it('treats an undefined value as before: ignored until the input had a value, then rejected', () => {
      expect(cosim({ design: ir, model: model(), stimulus: [{ a: undefined as unknown as number, b: 0 }], backends: ['builtin'] }).cycles).toBe(1);
      expect(() => cosim({ design: ir, model: model(), stimulus: [{ a: 1, b: 0 }, { a: undefined as unknown as number }], backends: ['builtin'] })).toThrow(/input 'a' is 8 bits wide; undefined does not fit/);
    });
  });
});

/** A 100-bit accumulator (wider than 64 bits: batches go through run(), values stay bigints) beside a narrow output. */
const Wide = design('Wide', {}, (m) => {
  const a = m.input('a', UInt(8));
  const big = m.output('big', UInt(100));
  const low = m.output('low', UInt(8));
  const acc = m.reg('acc', UInt(100), { reset: 0 });
  acc.set(acc.addWrap(a.zext(100).shl(90)).addWrap(a.zext(100)));
  big.set(acc);
  low.set(a);
  return { a, big, low };
});
const wideIr = elaborate(Wide, {});
const MASK100 = (1n << 100n) - 1n;
const wideRecords: InputRecord[] = records.map((r) => ({ a: (r as { a: number }).a }));

function wideModel(wrongAt = -1): GoldenModel {
  let acc = 0n;
  let k = 0;
  return {
    reset: () => {
      acc = 0n;
      k = 0;
    },
    step: (i) => {
      acc = (acc + (i.a! << 90n) + i.a!) & MASK100;
      return { big: k++ === wrongAt ? acc ^ (1n << 95n) : acc, low: Number(i.a) };
    },
  };
}

describe('cosim with an observed signal wider than 64 bits', () => {
  it.each(BACKENDS)('agrees with the model, and the back ends agree without one (%s)', (backend) => {
    expect(cosim({ design: wideIr, model: wideModel(), stimulus: wideRecords, backends: [backend], cacheDir: CACHE_DIR, randReset: false, batchSize: 64 }).cycles).toBe(300);
  });

  it('compares every back end with the first without a model', () => {
    const r = cosim({ design: wideIr, stimulus: wideRecords, backends: BACKENDS, cacheDir: CACHE_DIR, randReset: false, batchSize: 64 });
    expect(r.reference).toBe(BACKENDS.length > 1 ? BACKENDS[0] : null);
    expect(r.cycles).toBe(300);
  });

  it('reports a wrong wide value, and the same diagram whatever the batches', () => {
    const bad = 45;
    let acc = 0n;
    for (let k = 0; k <= bad; k++) acc = (acc + (BigInt(input(k).a) << 90n) + BigInt(input(k).a)) & MASK100;
    const svgs: string[] = [];
    for (const extra of [{ batchSize: 8 }, { stimulus: reactive((k) => wideRecords[k]) }]) {
      const wave = join(dir, `wide-${svgs.length}.svg`);
      let error: CosimMismatchError | null = null;
      try {
        cosim({ design: wideIr, model: wideModel(bad), stimulus: wideRecords, backends: ['builtin'], wave, ...extra });
      } catch (e) {
        if (!(e instanceof CosimMismatchError)) throw e;
        error = e;
      }
      expect(error).not.toBeNull();
      expect([error!.cycle, error!.signal, error!.actual, error!.expected]).toEqual([bad, 'big', acc, acc ^ (1n << 95n)]);
      svgs.push(readFileSync(wave, 'utf8'));
    }
    expect(svgs[0]).toContain('big (expected)');
    expect(svgs[0] === svgs[1]).toBe(true);
  });
});
