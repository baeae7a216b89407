// computeIce40Pll against the real icepll (the WebAssembly build shipped in
// @yowasp/nextpnr-ice40): for each input/output pair the dividers, the
// filter range and the achieved frequency must be exactly what icepll prints.
import { runIcepll } from '@yowasp/nextpnr-ice40';
import { describe, expect, it } from 'vitest';
import { computeIce40Pll, planClock } from '../../../boards/wrapper/index.ts';
import { artyA735, de10Nano, ice40Hx8k, icebreaker, pynqZ2, ulx3s } from '../../../boards/defs/index.ts';
import { isBoardError } from '../../../boards/errors.ts';

interface IcepllResult {
  divr: number;
  divf: number;
  divq: number;
  filterRange: number;
  /** As printed, three decimals. */
  achieved: string;
}

/** Runs `icepll -i <in> -o <out>` and parses what it prints; null when it exits with an error. */
async function icepll(inMHz: number, outMHz: number): Promise<IcepllResult | { error: string }> {
  const chunks: Uint8Array[] = [];
  const collect = (b: Uint8Array | null): void => {
    if (b) chunks.push(Uint8Array.from(b));
  };
  try {
    await runIcepll(['-i', String(inMHz), '-o', String(outMHz)], {}, { stdout: collect, stderr: collect });
  } catch (e) {
    if (typeof (e as { code?: unknown }).code !== 'number') throw e;
    return { error: Buffer.concat(chunks).toString('utf8').trim() };
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const num = (re: RegExp): string => {
    const m = re.exec(text);
    if (!m) throw new Error(`icepll output without ${re}:\n${text}`);
    return m[1]!;
  };
  return {
    divr: Number(num(/DIVR:\s*(\d+)/)),
    divf: Number(num(/DIVF:\s*(\d+)/)),
    divq: Number(num(/DIVQ:\s*(\d+)/)),
    filterRange: Number(num(/FILTER_RANGE:\s*(\d+)/)),
    achieved: num(/F_PLLOUT:\s*([\d.]+) MHz \(achieved\)/),
  };
}

// Board oscillators (12, 25, 100 MHz, and the 10 / 133 MHz input limits) and outputs that are exact,
// slightly off, at a tie between candidates, and at the ends of the output range.
const PAIRS: [number, number][] = [
  [12, 48], [12, 16], [12, 24], [12, 25], [12, 30], [12, 33.3], [12, 36], [12, 40], [12, 50], [12, 60], [12, 66], [12, 72], [12, 75], [12, 80], [12, 90],
  [12, 96], [12, 100], [12, 120], [12, 133], [12, 150], [12, 200], [12, 275],
  [25, 16], [25, 50], [25, 65], [25, 100], [25, 125], [25, 140],
  [100, 48], [100, 60], [100, 133],
  [10, 17], [133, 275], [27, 31.5], [16, 47.5],
];

describe('computeIce40Pll', () => {
  it('chooses exactly what icepll chooses', async () => {
    for (const [fin, fout] of PAIRS) {
      const want = await icepll(fin, fout);
      if ('error' in want) throw new Error(`icepll -i ${fin} -o ${fout} failed: ${want.error}`);
      const got = computeIce40Pll(fin, fout, { tolerancePercent: 100 });
      const { achieved, ...dividers } = want;
      expect({ pair: [fin, fout], divr: got.divr, divf: got.divf, divq: got.divq, filterRange: got.filterRange }).toEqual({ pair: [fin, fout], ...dividers });
      // icepll prints three decimals (C rounds exact halves to even: 132.8125 -> 132.812).
      expect(Math.abs(got.achievedMHz - Number(achieved))).toBeLessThanOrEqual(0.0005 + 1e-9);
    }
  });

  it('refuses what icepll refuses, naming the frequency', async () => {
    for (const [fin, fout, re] of [[12, 300, /300 MHz/], [12, 10, /10 MHz/], [5, 48, /5 MHz reference/], [200, 48, /200 MHz reference/]] as const) {
      const want = await icepll(fin, fout);
      expect('error' in want).toBe(true);
      expect(() => computeIce40Pll(fin, fout)).toThrow(re);
    }
  });

  it('rejects an output further than the tolerance from the request, naming it and the closest', () => {
    // From 12 MHz the outputs near 17.1 MHz are 16.875 (1.3 % off) and 17.25 (0.9 % off).
    const closest = computeIce40Pll(12, 17.1, { tolerancePercent: 100 });
    const off = (Math.abs(closest.achievedMHz - 17.1) / 17.1) * 100;
    expect(off).toBeGreaterThan(0.5);
    let err: unknown;
    try {
      computeIce40Pll(12, 17.1, { tolerancePercent: 0.5 });
    } catch (e) {
      err = e;
    }
    expect(isBoardError(err)).toBe(true);
    expect((err as Error).message).toContain('17.1 MHz');
    expect((err as Error).message).toContain(closest.achievedMHz.toFixed(3));
    expect(computeIce40Pll(12, 17.1, { tolerancePercent: 1 }).achievedMHz).toBe(closest.achievedMHz);
  });

  it('keeps the oscillator without a PLL, picks the PLL primitive by the clock pin, and names what other families need', () => {
    expect(planClock(icebreaker, 12).pll).toBeNull();
    // iCEBreaker: the 12 MHz clock is on pin 35, the UP5K PLL's own pad.
    const p = planClock(icebreaker, 48);
    expect(p.pll?.primitive).toBe('SB_PLL40_PAD');
    expect(p.systemMHz).toBe(48);
    expect(planClock(icebreaker, 48, { ice40Primitive: 'core' }).pll?.primitive).toBe('SB_PLL40_CORE');
    // HX8K breakout: the clock on J3 is not a PLL pad.
    expect(planClock(ice40Hx8k, 48).pll?.primitive).toBe('SB_PLL40_CORE');
    expect(() => planClock(icebreaker, 48, { mode: 'none' })).toThrow(/48 MHz .*pll 'none'/);
    expect(() => planClock(ulx3s, 50)).toThrow(/EHXPLLL/);
    expect(() => planClock(artyA735, 50)).toThrow(/MMCME2_BASE or PLLE2_BASE/);
    expect(() => planClock(pynqZ2, 50)).toThrow(/MMCME2_BASE or PLLE2_BASE/);
    expect(() => planClock(de10Nano, 100)).toThrow(/altera_pll/);
  });
});
