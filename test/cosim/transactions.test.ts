// Transaction mode: the in-order scoreboard on its own, and the FIFO example
// driven by a reactive valid/ready stimulus on every installed back end,
// with reference models that are deliberately wrong in known ways.
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../hdl/index.ts';
import { Fifo } from '../../examples/fifo.ts';
import { fifoParts, params, tb } from '../../examples/fifo.tb.ts';
import { cosim, CosimTestbenchError, reactive, runTestbench, Scoreboard, TransactionMismatchError, type Payload, type TransactionModel } from '../../testbenches/cosim/index.ts';
import { BACKENDS, CACHE_DIR } from './helpers.ts';

describe('Scoreboard', () => {
  const run = (expected: number[], observed: number[], lookahead?: number) => {
    const sb = new Scoreboard<bigint>('s', lookahead === undefined ? {} : { lookahead });
    expected.forEach((v, i) => sb.expect(BigInt(v), i));
    observed.forEach((v, i) => sb.observe(BigInt(v), 100 + i));
    return sb.finish();
  };

  it('matches identical streams in order', () => {
    const r = run([1, 2, 3, 4], [1, 2, 3, 4]);
    expect(r).toEqual({ name: 's', matched: 4, missing: [], extra: [], different: [], ok: true });
  });

  it('reports a dropped item as missing, with its cycle, and matches the rest', () => {
    const r = run([1, 2, 3, 4, 5], [1, 2, 4, 5]);
    expect(r.matched).toBe(4);
    expect(r.missing).toEqual([{ payload: 3n, cycle: 2 }]);
    expect(r.extra).toEqual([]);
    expect(r.different).toEqual([]);
    expect(r.ok).toBe(false);
  });

  it('reports a duplicated item as extra, with its cycle', () => {
    const r = run([1, 2, 3], [1, 2, 2, 3]);
    expect(r.matched).toBe(3);
    expect(r.extra).toEqual([{ payload: 2n, cycle: 102 }]);
    expect(r.missing).toEqual([]);
  });

  it('reports a changed item as different, with both cycles', () => {
    const r = run([1, 2, 3], [1, 9, 3]);
    expect(r.matched).toBe(2);
    expect(r.different).toEqual([{ expected: { payload: 2n, cycle: 1 }, actual: { payload: 9n, cycle: 101 } }]);
  });

  it('reports items left at the end as missing or extra', () => {
    expect(run([1, 2, 3], [1]).missing.map((t) => t.payload)).toEqual([2n, 3n]);
    expect(run([1], [1, 7, 8]).extra.map((t) => t.payload)).toEqual([7n, 8n]);
  });

  it('decides the same whatever the arrival order', () => {
    const a = new Scoreboard<bigint>('a');
    const b = new Scoreboard<bigint>('b');
    const exp = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map(BigInt);
    const obs = [5, 6, 8, 9, 10, 11, 12, 13, 14, 15].map(BigInt);
    exp.forEach((v, i) => a.expect(v, i));
    obs.forEach((v, i) => a.observe(v, i));
    exp.forEach((v, i) => {
      b.expect(v, i);
      if (i < obs.length) b.observe(obs[i]!, i);
    });
    const ra = a.finish();
    const rb = b.finish();
    expect(ra.missing).toEqual([{ payload: 7n, cycle: 2 }]);
    expect({ ...rb, name: 'a' }).toEqual(ra);
  });

  it('compares record payloads field by field and describes problems', () => {
    const sb = new Scoreboard<Payload>('bus');
    sb.expect({ addr: 1n, data: 2n }, 3);
    sb.observe({ addr: 1n, data: 3n }, 5);
    const r = sb.finish();
    expect(r.different).toHaveLength(1);
    expect(sb.describe()).toEqual(['different: expected {addr: 1, data: 2} (cycle 3), got {addr: 1, data: 3} (cycle 5)']);
  });
});

describe('FIFO in transaction mode', () => {
  it.each(BACKENDS)('moves every word through in order on %s (reactive valid/ready driver)', (backend) => {
    const r = runTestbench(tb, { backends: [backend], cacheDir: CACHE_DIR });
    const b = r.backends[0]!;
    expect(b.backend).toBe(backend);
    expect(b.cycles).toBe(3000);
    const [deq] = b.transactions!;
    expect(deq!.name).toBe('deq');
    expect(deq!.ok).toBe(true);
    // The driver offers a few hundred words; every one was taken and came out.
    expect(b.transactionCounts!.enq).toBeGreaterThan(300);
    expect(b.transactionCounts!.deq).toBe(b.transactionCounts!.enq);
    expect(deq!.matched).toBe(b.transactionCounts!.enq);
  });

  it('keeps valid/ready: the reactive driver saw back-pressure (the FIFO was full at times)', () => {
    // Count cycles with enq_valid high and enq_ready low from the driver's own view.
    let stalled = 0;
    const parts = fifoParts(7, 3000);
    const inner = parts.stimulus as (k: number, o: Record<string, bigint>) => Record<string, number> | null;
    cosim({
      design: Fifo,
      params,
      stimulus: reactive((k, o) => {
        const rec = inner(k, o);
        if (rec && rec.enq_valid === 1 && o.enq_ready === 0n) stalled++;
        return rec;
      }),
      transactions: parts.transactions!,
      backends: ['builtin'],
    });
    expect(stalled).toBeGreaterThan(20);
  });

  describe.each(BACKENDS)('with a wrong reference model on %s', (backend) => {
    const ir = elaborate(Fifo, params);
    const runWith = (model: () => TransactionModel): TransactionMismatchError => {
      const parts = fifoParts(11, 1500);
      try {
        cosim({ design: ir, stimulus: parts.stimulus!, transactions: { ...parts.transactions!, model }, backends: [backend], cacheDir: CACHE_DIR });
      } catch (e) {
        if (e instanceof TransactionMismatchError) return e;
        throw e;
      }
      throw new Error('no transaction mismatch');
    };
    const nth = (n: number, f: (p: Payload, k: number) => { stream: string; payload: Payload }[]): (() => TransactionModel) => () => {
      let i = 0;
      return (_s, p, k) => (i++ === n ? f(p, k) : [{ stream: 'deq', payload: p }]);
    };

    it('a model that predicts one word twice finds it missing', () => {
      const e = runWith(nth(40, (p) => [{ stream: 'deq', payload: p }, { stream: 'deq', payload: p }]));
      const sb = e.reports[0]!.scoreboards[0]!;
      expect(sb.missing).toHaveLength(1);
      expect(sb.extra).toHaveLength(0);
      expect(sb.different).toHaveLength(0);
      expect(e.message).toContain(`transaction mismatch on ${backend}`);
      expect(e.message).toContain('1 missing');
    });

    it('a model that forgets one word finds it extra, at the cycle it came out', () => {
      const e = runWith(nth(40, () => []));
      const sb = e.reports[0]!.scoreboards[0]!;
      expect(sb.extra).toHaveLength(1);
      expect(sb.missing).toHaveLength(0);
      expect(sb.extra[0]!.cycle).toBeGreaterThan(0);
    });

    it('a model that changes one word finds it different, with both cycles', () => {
      let enqCycle = -1;
      const e = runWith(
        nth(40, (p, k) => {
          enqCycle = k;
          return [{ stream: 'deq', payload: ((p as bigint) + 1n) & 255n }];
        }),
      );
      const sb = e.reports[0]!.scoreboards[0]!;
      expect(sb.different).toHaveLength(1);
      const d = sb.different[0]!;
      expect(d.expected.payload).toBe(((d.actual.payload as bigint) + 1n) & 255n);
      expect(d.expected.cycle).toBe(enqCycle);
      // A word leaves the FIFO at least two cycles after it went in (RAM write, registered read).
      expect(d.actual.cycle).toBeGreaterThanOrEqual(enqCycle + 2);
    });

    it('a transaction model that throws is a testbench error naming its cycle', () => {
      const parts = fifoParts(11, 500);
      expect(() =>
        cosim({
          design: ir,
          stimulus: parts.stimulus!,
          transactions: { ...parts.transactions!, model: () => () => { throw new Error('model gave up'); } },
          backends: [backend],
          cacheDir: CACHE_DIR,
        }),
      ).toThrow(CosimTestbenchError);
    });
  });
});
