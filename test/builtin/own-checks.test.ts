// The simulator's own checks (validate, flatten, clocking, schedule), run
// directly: the shared hdl/passes checks run first in createBuiltinSimulator,
// so these would otherwise never be exercised. They stay as a safety net.
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../hdl/diagnostics.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { findClock } from '../../testbenches/builtin/clocking.ts';
import { flattenDesign } from '../../testbenches/builtin/flatten.ts';
import { scheduleComb } from '../../testbenches/builtin/schedule.ts';
import { validateDesign } from '../../testbenches/builtin/validate.ts';
import {
  combLoop,
  doubleDriven,
  doubleDrivenAcrossInstance,
  gatedClock,
  oneClockThroughInstance,
  pointerChase,
  twoClocks,
  undriven,
  unconnectedInput,
  widthMismatch,
} from './bad-designs.ts';

function ownChecks(d: IrDesign): { codes: string[]; text: string } {
  const sink = new DiagnosticSink();
  validateDesign(d, sink);
  if (sink.count === 0) {
    const flat = flattenDesign(d, sink);
    if (flat) {
      findClock(flat, sink);
      scheduleComb(flat, sink);
    }
  }
  return { codes: sink.items.map((x) => x.code), text: sink.items.map((x) => x.message).join('\n') };
}

describe('builtin simulator: its own design checks', () => {
  it('finds each problem with the shared codes', () => {
    expect(ownChecks(twoClocks())).toEqual({
      codes: ['clock-domains'],
      text: "the design has 2 clock domains ('clk_a', 'clk_b'); the built-in simulator supports a single clock",
    });
    expect(ownChecks(gatedClock()).text).toMatch(/clocked by 'gclk', which is not a top-level input/);
    expect(ownChecks(doubleDriven()).text).toMatch(/net 'w' has 2 drivers/);
    expect(ownChecks(doubleDrivenAcrossInstance()).text).toMatch(/net 'w' has 2 drivers/);
    expect(ownChecks(combLoop()).text).toBe("combinational loop through 'loop_y' -> 'loop_z' -> 'loop_x' -> 'loop_y'");
    expect(ownChecks(pointerChase(false)).codes).toEqual(['comb-loop']);
    expect(ownChecks(widthMismatch())).toEqual({ codes: ['width-mismatch'], text: "add cell driving '_t2': argument 'b' is 5 bits, output is 4 (in module 'bad')" });
    expect(ownChecks(unconnectedInput())).toEqual({ codes: ['unconnected-port'], text: "input port 'c.x' is not connected" });
    expect(ownChecks(undriven()).text).toBe("net 'floating' is read by a not cell but nothing drives it");
  });

  it('passes good designs', () => {
    expect(ownChecks(oneClockThroughInstance()).codes).toEqual([]);
    expect(ownChecks(pointerChase(true)).codes).toEqual([]);
  });
});
