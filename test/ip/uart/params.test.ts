// UART parameter checks: the divider is clockHz / baud rounded, at least 4,
// within 2 % of the requested rate; every error names the parameter and
// points at the user's line.
import { describe, expect, it } from 'vitest';
import { DesignError, elaborate } from '../../../hdl/index.ts';
import { clocksPerBit, SpikeBridge, UartRx, UartTx, uartTiming, validateUartParams } from '../../../ip/uart/index.ts';

describe('UART parameters', () => {
  it('derives the divider by rounding clockHz / baud', () => {
    expect(clocksPerBit({ clockHz: 12_000_000, baud: 115_200 })).toBe(104); // 104.17
    expect(clocksPerBit({ clockHz: 48_000_000, baud: 3_000_000 })).toBe(16);
    expect(clocksPerBit({ clockHz: 8_000_000, baud: 1_000_000 })).toBe(8);
    const t = uartTiming({ clockHz: 12_000_000, baud: 115_200 });
    expect(t.actualBaud).toBeCloseTo(12_000_000 / 104, 6);
    expect(t.errorPercent).toBeCloseTo(0.16, 2);
  });

  it('rejects a divider below 4, naming baud and clockHz', () => {
    const errs = validateUartParams({ clockHz: 10_000_000, baud: 3_000_000 });
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^baud: 3000000 baud/);
    expect(errs[0]).toContain('clockHz');
    expect(errs[0]).toContain('at least 4');
    expect(validateUartParams({ clockHz: 4_000_000, baud: 1_000_000 })).toEqual([]);
  });

  it('rejects a baud error above 2 %', () => {
    // 1 MHz / 115200 = 8.68 -> 9 -> 111111 baud, 3.5 % slow.
    const errs = validateUartParams({ clockHz: 1_000_000, baud: 115_200 });
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/^baud: /);
    expect(errs[0]).toContain('3.55 %');
    // 1.8432 MHz / 115200 = 16 exactly.
    expect(validateUartParams({ clockHz: 1_843_200, baud: 115_200 })).toEqual([]);
    // 12 MHz / 230400 = 52.08 -> 52: 0.16 % off.
    expect(validateUartParams({ clockHz: 12_000_000, baud: 230_400 })).toEqual([]);
  });

  it('rejects non-integer or non-positive values by name', () => {
    expect(validateUartParams({ clockHz: 0, baud: 9600 })[0]).toMatch(/^clockHz: /);
    expect(validateUartParams({ clockHz: 12e6, baud: 9600.5 })[0]).toMatch(/^baud: /);
    expect(() => clocksPerBit({ clockHz: 1e6, baud: 1e6 })).toThrow(/baud: /);
  });

  it('makes the hardware builders report a design error at the caller', () => {
    for (const d of [UartRx, UartTx] as const) {
      let err: unknown;
      try {
        elaborate(d, { clockHz: 1_000_000, baud: 115_200 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DesignError);
      const diag = (err as DesignError).diagnostics;
      expect(diag.map((x) => x.code)).toEqual(['uart-params']);
      expect(diag[0]!.message).toContain('baud: ');
      expect(diag[0]!.loc.file).toMatch(/params\.test\.ts$/);
    }
    expect(() => elaborate(SpikeBridge, { clockHz: 8_000_000, baud: 1_000_000, axonWidth: 17 })).toThrow(/axonWidth: /);
  });
});
