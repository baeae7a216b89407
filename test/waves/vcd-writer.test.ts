import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SignalInfo, Trace } from '../../testbenches/simulator.ts';
import { vcdIdentifier } from '../../testbenches/vcd/identifiers.ts';
import { parseVcd, valueAt } from '../../testbenches/vcd/parser.ts';
import { vcdToTrace } from '../../testbenches/vcd/vcd-trace.ts';
import { VcdWriter, vcdString, writeVcd } from '../../testbenches/vcd/writer.ts';
import { rng, tempDir } from './helpers.ts';

const dir = tempDir('vcd-writer');

const small: Trace = {
  signals: [
    { name: 'a', width: 1, signed: false },
    { name: 'core.v', width: 4, signed: true },
    { name: 'core.lane0.s', width: 1, signed: false },
  ],
  startCycle: 0,
  values: [
    [0n, 1n, 1n],
    [0n, -1n, 3n],
    [0n, 0n, 1n],
  ],
};

describe('VCD identifier codes', () => {
  it('counts in bijective base 94 over printable ASCII', () => {
    expect(vcdIdentifier(0)).toBe('!');
    expect(vcdIdentifier(1)).toBe('"');
    expect(vcdIdentifier(93)).toBe('~');
    expect(vcdIdentifier(94)).toBe('!!');
    expect(vcdIdentifier(95)).toBe('!"');
    expect(vcdIdentifier(94 + 94 * 94 - 1)).toBe('~~');
    expect(vcdIdentifier(94 + 94 * 94)).toBe('!!!');
  });

  it('gives distinct printable codes', () => {
    const ids = Array.from({ length: 20000 }, (_, i) => vcdIdentifier(i));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[!-~]+$/.test(id))).toEqual([]);
    expect(() => vcdIdentifier(-1)).toThrow();
  });
});

describe('VCD writer', () => {
  it('writes the header, nested scopes, $dumpvars, clock edges and only changed values', () => {
    const expected = [
      '$version spikeforge $end',
      '$comment spikeforge period=10 clock=clk top=top signed=core.v $end',
      '$timescale 1ns $end',
      '$scope module top $end',
      '$var wire 1 ! clk $end',
      '$var wire 1 " a $end',
      '$scope module core $end',
      '$var wire 4 # v [3:0] $end',
      '$scope module lane0 $end',
      '$var wire 1 $ s $end',
      '$upscope $end',
      '$upscope $end',
      '$upscope $end',
      '$enddefinitions $end',
      '#0',
      '$dumpvars',
      '0!',
      '0"',
      'b0 #',
      '0$',
      '$end',
      '#10',
      '1!',
      '1"',
      'b1111 #',
      '#15',
      '0!',
      '#20',
      '1!',
      'b11 #',
      '1$',
      '#25',
      '0!',
      '#30',
      '',
    ].join('\n');
    expect(vcdString(small)).toBe(expected);
  });

  it('streams to a file with the same bytes as the string form, every time', () => {
    const path = join(dir, 'small.vcd');
    writeVcd(path, small);
    const first = readFileSync(path, 'utf8');
    writeVcd(path, small);
    expect(readFileSync(path, 'utf8')).toBe(first);
    expect(first).toBe(vcdString(small));
    expect(first).not.toContain('$date');
  });

  it('reads back through the parser as the same trace (random widths, signs and hierarchy)', () => {
    const r = rng(7);
    const names = ['x', 'core.acc', 'core.lane0.v', 'core.lane0.spike', 'core.lane1.v', 'router.north.data', 'wide'];
    const signals: SignalInfo[] = names.map((name, i) => ({
      name,
      width: name === 'wide' ? 70 : name.endsWith('spike') || name === 'x' ? 1 : 1 + r.int(24),
      signed: i % 2 === 1,
    }));
    const cycles = 300;
    const values = signals.map((s) =>
      Array.from({ length: cycles }, () => {
        const raw = r.int(3) === 0 ? 0n : r.bits(s.width);
        const half = 1n << BigInt(s.width - 1);
        return s.signed && raw >= half ? raw - 2n * half : raw;
      }),
    );
    const trace: Trace = { signals, startCycle: 5, values };
    const path = join(dir, 'random.vcd');
    writeVcd(path, trace, { flushEvery: 7 });
    const vcd = parseVcd(readFileSync(path, 'utf8'));
    expect(vcd.version).toBe('spikeforge');
    expect(vcd.timescale).toEqual({ magnitude: 1, unit: 'ns' });
    expect(vcd.signals.map((s) => s.name)).toEqual(['top.clk', ...names.map((n) => `top.${n}`)]);
    expect(vcd.signals.find((s) => s.name === 'top.core.lane0.v')?.scope).toEqual(['top', 'core', 'lane0']);
    expect(vcdToTrace(vcd)).toEqual(trace);

    // Value changes only: one entry in $dumpvars, then one per actual change.
    signals.forEach((s, i) => {
      const row = values[i];
      const changes = row.filter((v, k) => k === 0 || v !== row[k - 1]).length;
      expect(vcd.signals[i + 1].changes.length).toBe(changes);
    });
  });

  it('toggles the clock: rising at each sample, falling half a period later, low before cycle 0', () => {
    const vcd = parseVcd(vcdString(small, { period: 4, timescale: '10ps' }));
    expect(vcd.timescale).toEqual({ magnitude: 10, unit: 'ps' });
    const clk = vcd.signals[0];
    expect(clk.name).toBe('top.clk');
    expect(clk.changes).toEqual([
      [0, 0n],
      [4, 1n],
      [6, 0n],
      [8, 1n],
      [10, 0n],
    ]);
    expect(vcd.endTime).toBe(12);
    expect(vcdString(small, { timescale: '100 us' })).toContain('\n$timescale 100us $end\n');
  });

  it('starts high when the first sample follows an edge, and fills skipped cycles with clock pulses', () => {
    const sigs: SignalInfo[] = [{ name: 'q', width: 3, signed: false }];
    const text = (() => {
      const path = join(dir, 'gaps.vcd');
      const w = new VcdWriter(path, sigs);
      w.sample(2, [1n]);
      w.sample(3, [1n]);
      w.sample(6, [5n]);
      w.close();
      return readFileSync(path, 'utf8');
    })();
    const vcd = parseVcd(text);
    const [clk, q] = vcd.signals;
    expect(clk.changes.map(([t, v]) => `${t}:${v}`).join(' ')).toBe(
      '20:1 25:0 30:1 35:0 40:1 45:0 50:1 55:0 60:1 65:0',
    );
    expect(q.changes).toEqual([
      [20, 1n],
      [60, 5n],
    ]);
    // The held value shows in the skipped cycles.
    const trace = vcdToTrace(vcd);
    expect(trace.startCycle).toBe(2);
    expect(trace.values).toEqual([[1n, 1n, 1n, 1n, 5n]]);
  });

  it('replaces a top-level 1-bit clk signal by the generated clock and can leave the clock out', () => {
    const trace: Trace = {
      signals: [
        { name: 'clk', width: 1, signed: false },
        { name: 'd', width: 2, signed: false },
      ],
      startCycle: 1,
      values: [
        [1n, 1n],
        [2n, 3n],
      ],
    };
    const vcd = parseVcd(vcdString(trace));
    expect(vcd.signals.map((s) => s.name)).toEqual(['top.clk', 'top.d']);
    expect(vcd.signals[0].changes.map(([t]) => t)).toEqual([10, 15, 20, 25]);

    const bare = parseVcd(vcdString(trace, { clock: null, top: 'dut' }));
    expect(bare.signals.map((s) => s.name)).toEqual(['dut.clk', 'dut.d']);
    expect(bare.endTime).toBe(29);
    const back = vcdToTrace(bare);
    expect(back.startCycle).toBe(1);
    expect(back.values).toEqual(trace.values);
  });

  it('rejects bad input before writing anything of the sample', () => {
    const path = join(dir, 'bad.vcd');
    const w = new VcdWriter(path, small.signals, { flushEvery: 1 });
    w.sample(0, [0n, 0n, 0n]);
    const before = readFileSync(path, 'utf8');
    expect(() => w.sample(1, [0n, 16n, 0n])).toThrow(/core\.v.*cycle 1.*does not fit in 4 bits/);
    expect(() => w.sample(1, [0n, -9n, 0n])).toThrow(/does not fit/);
    expect(() => w.sample(1, [0n, 0n])).toThrow(/2 values for 3 signals/);
    expect(() => w.sample(0, [0n, 0n, 0n])).toThrow(/does not come after/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    w.sample(1, [0n, -8n, 1n]);
    w.close();
    w.close();
    expect(() => w.sample(2, [0n, 0n, 0n])).toThrow(/after close/);

    const one: SignalInfo[] = [{ name: 'a', width: 1, signed: false }];
    expect(() => vcdString({ signals: [...one, ...one], startCycle: 0, values: [[0n], [0n]] })).toThrow(/twice/);
    expect(() => vcdString({ signals: [{ name: 'a b', width: 1, signed: false }], startCycle: 0, values: [[0n]] })).toThrow(
      /whitespace/,
    );
    expect(() => vcdString(small, { timescale: '3ns' })).toThrow(/timescale/);
    expect(() => vcdString(small, { period: 5 })).toThrow(/even/);
  });

  it('has flushed the samples so far when a testbench stops without close()', () => {
    const path = join(dir, 'unclosed.vcd');
    const w = new VcdWriter(path, small.signals, { flushEvery: 2 });
    for (let c = 0; c < 5; c++) w.sample(c, [BigInt(c & 1), BigInt(c), 0n]);
    // Not closed: cycles 0..3 went out with the flushes after the 2nd and 4th samples.
    const vcd = parseVcd(readFileSync(path, 'utf8'));
    const v = vcd.signals.find((s) => s.name === 'top.core.v')!;
    expect(valueAt(v, 30)).toBe(3n);
    expect(vcd.endTime).toBe(30);
    w.close();
    expect(valueAt(v, 40)).toBe(3n); // the parsed copy is a snapshot
    expect(valueAt(parseVcd(readFileSync(path, 'utf8')).signals[2], 40)).toBe(4n);
  });

  it('keeps every sample on disk when the process dies of an uncaught exception', () => {
    const path = join(dir, 'crash.vcd');
    const script = join(dir, 'crash.ts');
    const writerUrl = pathToFileURL(join(import.meta.dirname, '../../testbenches/vcd/writer.ts')).href;
    writeFileSync(
      script,
      [
        `import { VcdWriter } from ${JSON.stringify(writerUrl)};`,
        `const w = new VcdWriter(${JSON.stringify(path)}, [{ name: 'n', width: 8, signed: false }]);`,
        `for (let c = 0; c < 10; c++) w.sample(c, [BigInt(c * 3)]);`,
        `throw new Error('testbench failed at cycle 9');`,
      ].join('\n'),
    );
    let failed = false;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: join(import.meta.dirname, '../..'), stdio: 'pipe' });
    } catch (e) {
      failed = true;
      expect(String((e as { stderr: Buffer }).stderr)).toContain('testbench failed at cycle 9');
    }
    expect(failed).toBe(true);
    const trace = vcdToTrace(parseVcd(readFileSync(path, 'utf8')));
    expect(trace.startCycle).toBe(0);
    expect(trace.values).toEqual([[0n, 3n, 6n, 9n, 12n, 15n, 18n, 21n, 24n, 27n]]);
  });

  it('handles more signals than one-character codes cover', () => {
    const signals: SignalInfo[] = Array.from({ length: 200 }, (_, i) => ({ name: `bank${i % 4}.s${i}`, width: 1 + (i % 9), signed: false }));
    const values = signals.map((s, i) => [BigInt(i) & ((1n << BigInt(s.width)) - 1n), 0n]);
    const trace: Trace = { signals, startCycle: 0, values };
    const vcd = parseVcd(vcdString(trace));
    expect(new Set(vcd.signals.map((s) => s.id)).size).toBe(201);
    expect(vcd.signals.some((s) => s.id.length === 2)).toBe(true);
    expect(vcdToTrace(vcd, { signals: signals.map((s) => s.name) })).toEqual(trace);
  });
});
