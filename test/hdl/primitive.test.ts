// Black boxes (vendor primitives): ports only in the IR, parameters per
// instance, referred to by name in Verilog, rejected by simulators.
import { describe, expect, it } from 'vitest';
import { Bool, design, DesignError, elaborate, primitive } from '../../hdl/index.ts';
import { dumpIr } from '../../hdl/passes/index.ts';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';

const Pll = primitive('SB_PLL40_PAD', { DIVR: 0, DIVF: 0, DIVQ: 0, FEEDBACK_PATH: 'SIMPLE' }, (m) => ({
  PACKAGEPIN: m.input('PACKAGEPIN', Bool()),
  PLLOUTCORE: m.output('PLLOUTCORE', Bool()),
  RESETB: m.input('RESETB', Bool()),
}));

const Top = design('PllTop', {}, (m) => {
  const clkIn = m.input('clk_in', Bool());
  const a = m.instance('pll_a', Pll, { DIVF: 66, DIVQ: 5 });
  const b = m.instance('pll_b', Pll, { DIVF: 10 });
  for (const p of [a, b]) {
    p.PACKAGEPIN.set(clkIn);
    p.RESETB.set(1);
  }
  m.output('out_a', Bool()).set(a.PLLOUTCORE);
  m.output('out_b', Bool()).set(b.PLLOUTCORE);
  return {};
});

describe('black boxes', () => {
  const ir = elaborate(Top);
  it('is one port-only module whatever the instance parameters', () => {
    const boxes = ir.modules.filter((m) => m.blackbox);
    expect(boxes.map((m) => m.name)).toEqual(['SB_PLL40_PAD']);
    expect(boxes[0]!.cells).toEqual([]);
    const top = ir.modules.find((m) => m.name === 'PllTop')!;
    expect(top.instances.map((i) => i.params)).toEqual([
      [{ name: 'DIVF', value: 66 }, { name: 'DIVQ', value: 5 }, { name: 'DIVR', value: 0 }, { name: 'FEEDBACK_PATH', value: 'SIMPLE' }],
      [{ name: 'DIVF', value: 10 }, { name: 'DIVQ', value: 0 }, { name: 'DIVR', value: 0 }, { name: 'FEEDBACK_PATH', value: 'SIMPLE' }],
    ]);
    expect(dumpIr(ir)).toContain('pll_a = SB_PLL40_PAD #(DIVF=66, DIVQ=5, DIVR=0, FEEDBACK_PATH="SIMPLE")');
  });
  it('is instantiated with its parameters and not emitted', () => {
    const v = emitVerilog(ir);
    expect(v).not.toMatch(/^module SB_PLL40_PAD/m);
    expect(v).toContain('SB_PLL40_PAD #(.DIVF(66), .DIVQ(5), .DIVR(0), .FEEDBACK_PATH("SIMPLE")) pll_a (');
  });
  it('rejects an unknown instance parameter', () => {
    const Bad = design('BadPll', {}, (m) => {
      m.instance('p', Pll, { DIVX: 1 } as never);
      return {};
    });
    expect(() => elaborate(Bad)).toThrow(/design 'SB_PLL40_PAD' has no parameter 'DIVX'/);
  });
  it('cannot be simulated, and the error names the instance', () => {
    expect(() => createBuiltinSimulator(ir)).toThrow(DesignError);
    expect(() => createBuiltinSimulator(ir)).toThrow(/instance 'pll_a' in module 'PllTop' is the black box 'SB_PLL40_PAD'/);
  });
});

describe('generated clocks', () => {
  const ClockPll = primitive('SB_PLL40_CORE', { DIVF: 0 }, (m) => ({
    REFERENCECLK: m.input('REFERENCECLK', Bool()),
    PLLOUTGLOBAL: m.output('PLLOUTGLOBAL', Bool(), { role: 'clock' }),
  }));
  const Blink = design('Blink', {}, (m) => {
    const r = m.reg('r', Bool(), { reset: 0 });
    r.set(r.not());
    const led = m.output('led', Bool());
    led.set(r);
    return { led };
  });
  const Top = design('ClockedTop', {}, (m) => {
    const pll = m.instance('pll', ClockPll, { DIVF: 63 });
    pll.REFERENCECLK.set(m.clock);
    const b = m.instance('blink', Blink, {}, { clock: pll.PLLOUTGLOBAL });
    m.output('led', Bool()).set(b.led);
    return {};
  });

  it('lets a black-box clock output clock a child, and the checks accept it', () => {
    const ir = elaborate(Top);
    const top = ir.modules.find((m) => m.name === 'ClockedTop')!;
    const blink = top.instances.find((i) => i.name === 'blink')!;
    const clkConn = blink.connections.find((c) => c.port === 'clk')!;
    expect(top.nets[clkConn.net]!.name).toBe('pll_PLLOUTGLOBAL');
    expect(emitVerilog(ir)).toMatch(/\.clk\(pll_PLLOUTGLOBAL\)/);
  });

  it('still rejects a clock made by ordinary logic', () => {
    const Gated = design('Gated', {}, (m) => {
      const en = m.input('en', Bool());
      const b = m.instance('blink', Blink, {}, { clock: m.clock.and(en) });
      m.output('led', Bool()).set(b.led);
      return {};
    });
    expect(() => elaborate(Gated)).toThrow(/derived or gated clocks are not supported/);
  });
});
