// Fit checks: what overflows, and which known board would have room; and the
// names recovered from nextpnr's report.
import { describe, expect, it } from 'vitest';
import { findBoard } from '../../boards/defs/index.ts';
import { BoardError } from '../../boards/errors.ts';
import { assertFits, boardsThatFit, overflows } from '../../boards/flows/fit.ts';
import { userSignal } from '../../boards/flows/nextpnr-report.ts';
import { utilisationFromCells, type Utilisation } from '../../boards/flows/utilisation.ts';

const up5k = findBoard('icebreaker')!;

function use(u: Partial<Utilisation>): Utilisation {
  return { logic: 0, logicUnit: 'LC', flipFlops: 0, blockRams: 0, spram: 0, dsp: 0, io: 0, source: 'yosys synthesis', cells: {}, ...u };
}

describe('fit', () => {
  it('counts iCE40 cells: LCs at least max(LUT4, DFF), EBR, SPRAM, DSP', () => {
    const u = utilisationFromCells('ice40', { SB_LUT4: 100, SB_DFFE: 30, SB_DFFSR: 150, SB_CARRY: 20, SB_RAM40_4K: 3, SB_SPRAM256KA: 2, SB_MAC16: 1, $scopeinfo: 4 }, 'LC');
    expect(u).toMatchObject({ logic: 180, flipFlops: 180, blockRams: 3, spram: 2, dsp: 1 });
    expect(u.cells).not.toHaveProperty('$scopeinfo');
  });

  it('counts Xilinx block RAM in RAMB36 equivalents', () => {
    expect(utilisationFromCells('xilinx7', { RAMB36E1: 2, RAMB18E1: 3, LUT6: 5, LUT2: 1, FDRE: 4 }, 'LUT6')).toMatchObject({ blockRams: 3.5, logic: 6, flipFlops: 4 });
  });

  it('passes a design that fits', () => {
    expect(overflows(use({ logic: 5280, flipFlops: 10, blockRams: 30 }), up5k.device.capacity)).toEqual([]);
    expect(() => assertFits(use({ logic: 10 }), up5k, 'x')).not.toThrow();
  });

  it('names each overflow and the boards with room', () => {
    const u = use({ logic: 6000, flipFlops: 2000, blockRams: 31 });
    expect(overflows(u, up5k.device.capacity)).toEqual(['logic (LC): needs 6000, the device has 5280', 'block RAM (4 kbit): needs 31, the device has 30']);
    expect(boardsThatFit(u, up5k).map((b) => b.id)).toEqual(['ice40-hx8k', 'ulx3s', 'arty-a7-35', 'pynq-z2', 'de10-nano']);
    let err: BoardError | undefined;
    try {
      assertFits(u, up5k, 'after synthesis');
    } catch (e) {
      err = e as BoardError;
    }
    expect(err?.code).toBe('does-not-fit');
    expect(err?.message).toBe("the design does not fit the iCE40UP5K-SG48 on board 'icebreaker' (after synthesis)");
    expect(err?.details.at(-1)).toBe('devices with enough room (rough cross-family estimate): iCE40HX8K-CT256 (--board ice40-hx8k), LFE5U-85F-6BG381C (--board ulx3s), xc7a35ticsg324-1L (--board arty-a7-35), xc7z020clg400-1 (--board pynq-z2), 5CSEBA6U23I7 (--board de10-nano)');
  });

  it('says when no known board is big enough', () => {
    const u = use({ logic: 10_000_000 });
    expect(boardsThatFit(u, up5k)).toEqual([]);
    expect(() => assertFits(u, up5k, 'x')).toThrow(BoardError);
  });
});

describe('names in nextpnr reports', () => {
  it('keeps the user part of a name and drops generated ones', () => {
    expect(userSignal('count[0]$SB_IO_OUT')).toBe('count[0]');
    expect(userSignal('clk12$SB_IO_IN_$glb_clk')).toBe('clk12');
    expect(userSignal('value_SB_DFFESR_Q_7_D_SB_LUT4_O_LC')).toBe('value');
    expect(userSignal('$nextpnr_ICESTORM_LC_0')).toBeUndefined();
    expect(userSignal('$abc$1234$auto$x')).toBeUndefined();
  });
});
