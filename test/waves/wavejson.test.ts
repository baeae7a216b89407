import { describe, expect, it } from 'vitest';
import type { Trace } from '../../testbenches/simulator.ts';
import {
  formatValue,
  looksLikeSpikes,
  traceToWaveJson,
  type WaveJson,
  type WaveTrace,
} from '../../generators/wavedrom/wavejson.ts';

const trace: Trace = {
  signals: [
    { name: 'en', width: 1, signed: false },
    { name: 'in_spike', width: 1, signed: false },
    { name: 'acc', width: 8, signed: true },
    { name: 'addr', width: 8, signed: false },
    { name: 'fire', width: 1, signed: false },
    { name: 'ready', width: 1, signed: false },
  ],
  startCycle: 10,
  values: [
    [1n, 1n, 1n, 0n, 0n, 1n],
    [0n, 1n, 0n, 0n, 1n, 0n],
    [0n, 5n, 5n, -3n, -3n, 127n],
    [0x0an, 0x0an, 0xffn, 0n, 0n, 0n],
    [1n, 1n, 0n, 0n, 0n, 0n],
    [0n, 0n, 0n, 0n, 0n, 0n],
  ],
};

describe('trace to WaveJSON', () => {
  it('draws clock, levels, spikes, buses and callouts for a window', () => {
    const json = traceToWaveJson(trace, {
      signals: ['en', 'in_spike', 'acc', 'addr', 'fire', 'ready'],
      from: 11,
      to: 16,
      title: 'LIF',
      spikes: ['fire'],
      radix: { addr: 'hex' },
      annotations: [
        { cycle: 14, signal: 'in_spike', text: 'spike' },
        { cycle: 12, signal: 'acc', text: 'leak' },
        { cycle: 10, signal: 'acc', text: 'before the window' },
      ],
    });
    const expected: WaveJson = {
      signal: [
        { name: 'clk', wave: 'p....' },
        { name: 'en', wave: '1.0.1' },
        { node: '...D.' },
        { name: 'in_spike', wave: 'Pl.Pl', node: '...C.' },
        { node: '.B...' },
        { name: 'acc', wave: '=.=.=', data: ['5', '-3', '127'], node: '.A...' },
        { name: 'addr', wave: '===..', data: ['0x0a', '0xff', '0x00'] },
        { name: 'fire', wave: 'Pl...' },
        { name: 'ready', wave: '0....' },
      ],
      edge: ['B->A', 'D->C', 'B-B leak', 'D-D spike'],
      head: { text: 'LIF', tick: 11 },
      // '0x0a' alone in one cycle needs more than the 40px of hscale 1.
      config: { hscale: 2 },
    };
    expect(json).toEqual(expected);
  });

  it('defaults to every signal over the whole trace, levels where auto-detection is off', () => {
    const json = traceToWaveJson(trace, { autoSpikes: false, clock: null, radix: 'hex', hscale: 3 });
    expect(json).toEqual({
      signal: [
        { name: 'en', wave: '1..0.1' },
        { name: 'in_spike', wave: '010.10' },
        { name: 'acc', wave: '==.=.=', data: ['0x00', '0x05', '0xfd', '0x7f'] },
        { name: 'addr', wave: '=.==..', data: ['0x0a', '0xff', '0x00'] },
        { name: 'fire', wave: '1.0...' },
        { name: 'ready', wave: '0.....' },
      ],
      head: { tick: 10 },
      config: { hscale: 3 },
    });
  });

  it('treats a signed value and its unsigned bit pattern as the same value', () => {
    const t: WaveTrace = {
      signals: [
        { name: 's', width: 8, signed: true },
        { name: 'b', width: 1, signed: true },
      ],
      startCycle: 0,
      values: [
        [-1n, 255n, 1n],
        [-1n, 1n, 0n],
      ],
    };
    expect(traceToWaveJson(t, { clock: null, autoSpikes: false }).signal).toEqual([
      { name: 's', wave: '=.=', data: ['-1', '1'] },
      { name: 'b', wave: '1.0' },
    ]);
  });

  it('lets a signal named like the clock be the clock lane', () => {
    const t: WaveTrace = {
      signals: [
        { name: 'clk', width: 1, signed: false },
        { name: 'q', width: 2, signed: false },
      ],
      startCycle: 0,
      values: [
        [1n, 1n],
        [1n, 2n],
      ],
    };
    expect(traceToWaveJson(t).signal).toEqual([
      { name: 'clk', wave: 'p.' },
      { name: 'q', wave: '==', data: ['1', '2'] },
    ]);
  });

  it('stacks callouts that would overlap into rows, nearest row first below', () => {
    const json = traceToWaveJson(trace, {
      signals: ['acc'],
      annotations: [
        { cycle: 11, signal: 'acc', text: 'first long callout' },
        { cycle: 12, signal: 'acc', text: 'second long callout' },
        { cycle: 12, signal: 'acc', text: 'x' },
        { cycle: 15, signal: 'acc', text: 'far' },
      ],
    });
    // Both cycle-12 callouts share one arrow target ('C'). The first callout
    // is too wide to centre on cycle 11 and moves one cycle right. It and the
    // fourth fit one row; the second and third each need a row above it.
    expect(json.signal).toEqual([
      { name: 'clk', wave: 'p.....' },
      { node: '..E...' },
      { node: '..D...' },
      { node: '..B..G' },
      { name: 'acc', wave: '==.=.=', data: ['0', '5', '-3', '127'], node: '.AC..F' },
    ]);
    expect(json.edge).toEqual([
      'B->A',
      'D->C',
      'E->C',
      'G->F',
      'B-B first long callout',
      'D-D second long callout',
      'E-E x',
      'G-G far',
    ]);
  });

  it('moves a callout inwards when it would stick out of the diagram', () => {
    const json = traceToWaveJson(trace, {
      signals: ['en'],
      annotations: [{ cycle: 10, signal: 'en', text: 'a callout wider than one cycle' }],
    });
    const row = json.signal[1].node!;
    expect(row.indexOf('B')).toBeGreaterThan(0);
    expect(json.signal[2].node).toBe('A.....');
  });

  it('lists annotations beyond the available node names in the footer', () => {
    const n = 60;
    const long: WaveTrace = {
      signals: [{ name: 'v', width: 4, signed: false }],
      startCycle: 0,
      values: [Array.from({ length: n }, (_, k) => BigInt(k % 16))],
    };
    const annotations = Array.from({ length: 45 }, (_, k) => ({ cycle: k, signal: 'v', text: `a${k}` }));
    const json = traceToWaveJson(long, { annotations });
    expect(json.edge?.length).toBe(2 * 41);
    expect(json.foot).toEqual({ text: 'cycle 41 v: a41; cycle 42 v: a42; cycle 43 v: a43; cycle 44 v: a44' });
    // Node names are single characters that WaveDrom does not print (not lowercase).
    const nodes = json.signal.flatMap((l) => [...(l.node ?? '')]).filter((c) => c !== '.');
    expect(new Set(nodes).size).toBe(82);
    expect(nodes.filter((c) => c === c.toLowerCase())).toEqual([]);
  });

  it('thins the cycle numbers when they would crowd', () => {
    const t: WaveTrace = { signals: [{ name: 'b', width: 1, signed: false }], startCycle: 100000, values: [Array(10).fill(0n)] };
    expect(traceToWaveJson(t).head).toEqual({ tick: 100000, every: 2 });
    expect(traceToWaveJson(t, { hscale: 2 }).head).toEqual({ tick: 100000 });
  });

  it('widens the diagram for long labels', () => {
    const t: WaveTrace = { signals: [{ name: 'w', width: 40, signed: false }], startCycle: 0, values: [[1n, 123456789012n, 2n]] };
    const hscale = traceToWaveJson(t).config.hscale;
    expect(hscale).toBeGreaterThanOrEqual(3); // 12 digits at about 8px each
    expect(hscale).toBeLessThanOrEqual(4);
  });

  it('rejects unknown names, bad windows and bad values with a clear message', () => {
    expect(() => traceToWaveJson(trace, { signals: ['acc', 'nope'] })).toThrow(
      /no signal 'nope'; available: en, in_spike, acc, addr, fire, ready/,
    );
    expect(() => traceToWaveJson(trace, { from: 9 })).toThrow(/window \[9, 16\)/);
    expect(() => traceToWaveJson(trace, { from: 12, to: 12 })).toThrow(/window/);
    expect(() => traceToWaveJson(trace, { to: 17 })).toThrow(/window/);
    expect(() => traceToWaveJson(trace, { spikes: ['acc'] })).toThrow(/8 bits wide; spikes are 1 bit/);
    expect(() => traceToWaveJson(trace, { signals: ['en'], annotations: [{ cycle: 11, signal: 'acc', text: 't' }] })).toThrow(
      /on 'acc', which is not shown/,
    );
    const bad: WaveTrace = { signals: [{ name: 'n', width: 3, signed: false }], startCycle: 0, values: [[9n]] };
    expect(() => traceToWaveJson(bad)).toThrow(/'n' at cycle 0: value 9 does not fit in 3 bits/);
  });
});

describe('labels and spike detection', () => {
  it('formats signed values signed in decimal and as bit patterns otherwise', () => {
    const s8 = { name: 's', width: 8, signed: true };
    const u8 = { name: 'u', width: 8, signed: false };
    expect(formatValue(-3n, s8, 'dec')).toBe('-3');
    expect(formatValue(253n, s8, 'dec')).toBe('-3'); // an unsigned pattern of a signed signal
    expect(formatValue(-128n, s8, 'dec')).toBe('-128');
    expect(formatValue(127n, s8, 'dec')).toBe('127');
    expect(formatValue(253n, u8, 'dec')).toBe('253');
    expect(formatValue(-3n, s8, 'hex')).toBe('0xfd');
    expect(formatValue(-3n, s8, 'bin')).toBe('0b11111101');
    expect(formatValue(5n, { name: 'n', width: 9, signed: false }, 'hex')).toBe('0x005');
  });

  it('finds spike trains: isolated 1s, at most a third of the samples', () => {
    expect(looksLikeSpikes([0n, 0n, 1n, 0n, 0n, 1n])).toBe(true);
    expect(looksLikeSpikes([1n, 0n, 0n])).toBe(true);
    expect(looksLikeSpikes([0n, 1n, 1n, 0n, 0n, 0n, 0n, 0n])).toBe(false); // two in a row
    expect(looksLikeSpikes([1n, 0n, 1n, 0n])).toBe(false); // too dense
    expect(looksLikeSpikes([0n, 0n, 0n])).toBe(false);
  });
});
