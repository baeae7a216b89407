// The structure of the board top: its ports and pins, the PLL instance and
// the clock/reset wiring of the core and the bridge, the power-on and button
// reset, and the errors that name what cannot be built.
import { describe, expect, it } from 'vitest';
import { Bool, design, DesignError, elaborate, findModule, topModule, UInt, type IrDesign } from '../../../hdl/index.ts';
import { artyA735, ice40Hx8k, icebreaker, ulx3s } from '../../../boards/defs/index.ts';
import { isBoardError } from '../../../boards/errors.ts';
import { designPorts, mapPins } from '../../../boards/pins.ts';
import { buildBoardTop, computeIce40Pll } from '../../../boards/wrapper/index.ts';
import { NeurosynapticCore, type CoreParams } from '../../../ip/core/index.ts';
import { tinyOdinLif } from '../../../ip/neuron/index.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { createBuiltinSimulator } from '../../../testbenches/builtin/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { lintVerilog } from '../../../testbenches/verilator-lint.ts';

const params: CoreParams = {
  neurons: 8,
  axons: 8,
  lanes: 1,
  weightWidth: 4,
  signMode: 'signed',
  wordWidth: 32,
  weights: Array.from({ length: 8 }, () => new Array<number>(8).fill(2)),
  inhibitory: [],
  neuron: tinyOdinLif({ threshold: 5 }),
  outputFifoDepth: 4,
};
const core = { design: NeurosynapticCore, params };

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

/** The names of the nets an instance's port is connected to, following plain wires (id cells) back to their source. */
function connection(ir: IrDesign, inst: string, port: string): string[] {
  const top = topModule(ir);
  const i = top.instances.find((x) => x.name === inst)!;
  let net = i.connections.find((x) => x.port === port)!.net;
  const names: string[] = [];
  for (;;) {
    names.push(top.nets.find((n) => n.id === net)!.name);
    const c = top.cells.find((x) => x.out === net && x.op === 'id');
    if (!c) return names;
    net = c.args[0]!;
  }
}

describe('buildBoardTop', () => {
  it('has the board ports, and pins that map onto the board', () => {
    const top = buildBoardTop(icebreaker, core, { pll: 'none' });
    const ir = elaborate(top.design);
    const ports = topModule(ir).ports.map((p) => `${p.dir} ${p.name}${p.role ? ` (${p.role})` : ''}`);
    expect(ports).toEqual([
      'input clk (clock)',
      'input rst (reset)',
      'input uart_rx',
      'output uart_tx',
      'output led_heartbeat',
      'output led_spike_in',
      'output led_spike_out',
      'output led_error',
    ]);
    const map = mapPins(icebreaker, designPorts(ir), top.pins);
    const pinOf = Object.fromEntries(map.ports.map((m) => [m.port.name, m.bits[0]!.kind === 'pin' ? m.bits[0]!.resource.pin : m.bits[0]!.kind]));
    // iCEBreaker: 12 MHz clock on pin 35, user button on 10, FTDI UART rx 6 / tx 9, LEDs 11 (red) and 37 (green) first.
    expect(pinOf).toEqual({ clk: '35', rst: '10', uart_rx: '6', uart_tx: '9', led_heartbeat: '11', led_spike_in: '37', led_spike_out: '26', led_error: '27' });
    expect(top.uart.clocksPerBit).toBe(104);
    expect(top.clock.pll).toBeNull();
  });

  it('puts the core and the bridge on the PLL clock and the synchronised reset', () => {
    const top = buildBoardTop(ice40Hx8k, core, { freqMHz: 48 });
    // icepll -i 12 -o 48: DIVR 0, DIVF 63, DIVQ 4, FILTER_RANGE 1.
    expect(top.clock.pll?.config).toMatchObject({ divr: 0, divf: 63, divq: 4, filterRange: 1, achievedMHz: 48 });
    expect(top.uart.clocksPerBit).toBe(417); // 48 MHz / 115200
    // A clock driven by a black box's output is not accepted by the IR checks yet (see docs/board-top.md).
    const ir = elaborate(top.design);
    const t = topModule(ir);
    const pll = t.instances.find((i) => i.name === 'pll')!;
    expect(pll.module).toBe('SB_PLL40_CORE');
    expect(findModule(ir, 'SB_PLL40_CORE').blackbox).toBe(true);
    expect(pll.params).toEqual([
      { name: 'DIVF', value: 63 },
      { name: 'DIVQ', value: 4 },
      { name: 'DIVR', value: 0 },
      { name: 'FEEDBACK_PATH', value: 'SIMPLE' },
      { name: 'FILTER_RANGE', value: 1 },
    ]);
    expect(connection(ir, 'pll', 'REFERENCECLK').at(-1)).toBe('clk');
    for (const inst of ['core', 'bridge']) {
      expect(connection(ir, inst, 'clk')).toEqual(['sys_clk', 'pll_PLLOUTGLOBAL']);
      expect(connection(ir, inst, 'rst')).toEqual(['rst_sys']);
    }
    // Every register of the top runs on the PLL output.
    const sysClk = t.nets.find((n) => n.name === 'sys_clk')!.id;
    expect(t.regs.every((r) => r.clock === sysClk)).toBe(true);
    expect(() => createBuiltinSimulator(ir)).toThrow(/black box 'SB_PLL40_CORE'.*pll: 'none'/);
    // iCEBreaker: the clock pin is the PLL's pad.
    const pad = elaborate(buildBoardTop(icebreaker, core, { freqMHz: 48 }).design);
    expect(topModule(pad).instances.find((i) => i.name === 'pll')!.module).toBe('SB_PLL40_PAD');
    expect(connection(pad, 'pll', 'PACKAGEPIN').at(-1)).toBe('clk');
  });

  it('holds the system in reset after power-up and after the button, for resetCycles', () => {
    const top = buildBoardTop(icebreaker, core, { pll: 'none', resetCycles: 20 });
    const sim = createBuiltinSimulator(elaborate(top.design));
    sim.poke('uart_rx', 1);
    const high: number[] = [];
    for (let c = 0; c < 40; c++) {
      high.push(Number(sim.peek('rst_sys')));
      sim.step();
    }
    const released = high.indexOf(0);
    expect(released).toBeGreaterThanOrEqual(20);
    expect(released).toBeLessThanOrEqual(24);
    expect(high.slice(released).every((v) => v === 0)).toBe(true);
    // The button asserts the reset within a few cycles; it stays for resetCycles after release.
    sim.poke('rst', 1);
    sim.step(3);
    expect(sim.peek('rst_sys')).toBe(1n);
    sim.step(10);
    sim.poke('rst', 0);
    let n = 0;
    while (sim.peek('rst_sys') === 1n && n < 100) {
      sim.step();
      n++;
    }
    expect(n).toBeGreaterThanOrEqual(20);
    expect(n).toBeLessThanOrEqual(24);
    sim.close();
  });

  it('names what cannot be built', () => {
    // 12 MHz cannot be made exactly 97.3 MHz within 0.1 %.
    const e1 = thrown(() => buildBoardTop(icebreaker, core, { freqMHz: 97.3, pllTolerancePercent: 0.1 }));
    expect(isBoardError(e1)).toBe(true);
    expect(e1.message).toContain('97.3 MHz');
    expect(computeIce40Pll(12, 97.3, { tolerancePercent: 100 }).achievedMHz).not.toBe(97.3);
    const e2 = thrown(() => buildBoardTop(icebreaker, core, { pll: 'none', baud: 4_000_000 }));
    expect(isBoardError(e2)).toBe(true);
    expect(e2.message).toContain('4000000 baud');
    expect(isBoardError(e2) && e2.details[0]).toMatch(/^baud: /);
    expect(thrown(() => buildBoardTop(ulx3s, core, { freqMHz: 50 })).message).toContain('EHXPLLL');
    expect(thrown(() => buildBoardTop(artyA735, core, { freqMHz: 50 })).message).toContain('MMCME2_BASE or PLLE2_BASE');
    const noUart = { ...icebreaker, id: 'bare', uart: undefined } as unknown as typeof icebreaker;
    expect(thrown(() => buildBoardTop(noUart, core)).message).toContain("board 'bare' has no UART");
    expect(buildBoardTop(noUart, core, { uartPins: { rx: 'pmod1a_1', tx: 'pmod1a_2' } }).pins).toContain('uart_rx=pmod1a_1');
  });

  it('maps a core with other port names, ties its extra inputs, and reports a bad map at elaboration', () => {
    // A core with its own names and an extra input; it echoes each event's axon as a spike, one cycle later.
    const Echo = design('EchoCore', {}, (m) => {
      const take = m.input('take', Bool());
      const step = m.input('step', Bool());
      const axon = m.input('axon', UInt(5));
      const gain = m.input('gain', UInt(3));
      const ack = m.output('ack', Bool());
      const valid = m.reg('valid', Bool(), { reset: 0 });
      const addr = m.reg('addr', UInt(5), { reset: 0 });
      const spike = m.output('spike', { valid: Bool(), addr: UInt(5) });
      const accepted = m.input('accepted', Bool());
      const busy = m.output('busy', Bool());
      ack.set(valid.not());
      m.when(take.and(valid.not()).and(step.not()), () => {
        valid.set(1);
        addr.set(axon);
      }).elseWhen(accepted, () => valid.set(0));
      spike.valid.set(valid);
      spike.addr.set(addr.xor(gain.zext(5)));
      busy.set(valid);
      return { take, step, axon, gain, ack, spike, accepted, busy };
    });
    const ports = { inValid: 'take', inReady: 'ack', inTick: 'step', inAxon: 'axon', outValid: 'spike.valid', outReady: 'accepted', outAddr: 'spike.addr', busy: 'busy' };
    const ir = elaborate(buildBoardTop(icebreaker, { design: Echo, ports }, { pll: 'none' }).design);
    const t = topModule(ir);
    expect(t.instances.find((i) => i.name === 'bridge')!.module).toMatch(/axonWidth5.*neuronWidth5/);
    const err = thrown(() => elaborate(buildBoardTop(icebreaker, { design: Echo, ports: { ...ports, busy: 'idle', inReady: 'take' } }, { pll: 'none' }).design));
    expect(err).toBeInstanceOf(DesignError);
    const msgs = (err as DesignError).diagnostics.filter((d) => d.code === 'board-top-core').map((d) => d.message);
    // Reported at the line that called buildBoardTop.
    const locs = (err as DesignError).diagnostics.filter((d) => d.code === 'board-top-core').map((d) => d.loc.file);
    expect(locs.every((f) => f.endsWith('board-top.test.ts'))).toBe(true);
    expect(msgs).toEqual([
      expect.stringContaining("inReady = 'take' is a core input, expected an output"),
      expect.stringContaining("busy = 'idle' is not a port of the core"),
    ]);
  });

  it('connects the weight port of a core with runtime-loaded weights to the bridge', () => {
    // Two lanes of 12 neurons, 10 axons, 16-bit words of four 4-bit weights: 10 x 3 = 30 words per bank.
    const runtime: CoreParams = { ...params, neurons: 24, axons: 10, lanes: 2, wordWidth: 16, weights: Array.from({ length: 10 }, () => new Array<number>(24).fill(1)), weightLoad: 'runtime' };
    const ir = elaborate(buildBoardTop(icebreaker, { design: NeurosynapticCore, params: runtime }, { pll: 'none' }).design);
    const t = topModule(ir);
    const bridge = findModule(ir, t.instances.find((i) => i.name === 'bridge')!.module)!;
    // The bank address is 5 bits (30 words) and one lane bit: 6 bits.
    const width = (net: number): number => bridge.nets.find((n) => n.id === net)!.width;
    expect(bridge.ports.filter((p) => p.name.startsWith('core_wload')).map((p) => `${p.dir} ${p.name} ${width(p.net)}`)).toEqual([
      'output core_wload_valid 1',
      'output core_wload_addr 6',
      'output core_wload_data 16',
    ]);
    expect(bridge.origin.params).toMatchObject({ weightWords: 30, weightBanks: 2, weightWordWidth: 16 });
    for (const port of ['wload_valid', 'wload_addr', 'wload_data']) expect(connection(ir, 'core', port)).toContain(`bridge_core_${port}`);
    // A core with initial weights has no weight port, and neither has its bridge.
    const plain = elaborate(buildBoardTop(icebreaker, core, { pll: 'none' }).design);
    const plainBridge = findModule(plain, topModule(plain).instances.find((i) => i.name === 'bridge')!.module)!;
    expect(plainBridge.ports.some((p) => p.name.startsWith('core_wload'))).toBe(false);
  });

  it('reports a weight port it cannot serve, at the line that called buildBoardTop', () => {
    const Half = design('HalfCore', {}, (m) => {
      const inp = m.input('in', { valid: Bool(), tick: Bool(), axon: UInt(4) });
      const out = m.output('out', { valid: Bool(), addr: UInt(4) });
      const inReady = m.output('in_ready', Bool());
      const outReady = m.input('out_ready', Bool());
      const busy = m.output('busy', Bool());
      const wv = m.input('wload_valid', Bool());
      const wa = m.input('wload_addr', UInt(18));
      const wd = m.input('wload_data', UInt(8));
      const r = m.reg('r', UInt(8), { reset: 0 });
      m.when(wv.and(inp.valid).and(inp.tick).and(outReady), () => r.set(wd.xor(wa.slice(7, 0)).xor(inp.axon.zext(8))));
      out.valid.set(r.orR());
      out.addr.set(r.slice(3, 0));
      inReady.set(1);
      busy.set(0);
      return { in_valid: inp.valid, in_tick: inp.tick, in_axon: inp.axon, in_ready: inReady, out_valid: out.valid, out_addr: out.addr, out_ready: outReady, busy, wload_valid: wv, wload_addr: wa, wload_data: wd };
    });
    const messages = (spec: Parameters<typeof buildBoardTop>[1]): string[] => {
      const err = thrown(() => elaborate(buildBoardTop(icebreaker, spec, { pll: 'none' }).design));
      expect(err).toBeInstanceOf(DesignError);
      const d = (err as DesignError).diagnostics.filter((x) => x.code === 'board-top-core');
      expect(d.every((x) => x.loc.file.endsWith('board-top.test.ts'))).toBe(true);
      return d.map((x) => x.message);
    };
    expect(messages({ design: Half })).toEqual([expect.stringContaining("'wload_addr' is 18 bits; the write-weight packet carries a 16-bit address")]);
    expect(messages({ design: Half, ports: { wloadData: 'nothing' } })).toEqual([expect.stringContaining("the core has 'wload_valid' and 'wload_addr' but not 'nothing'; a weight port needs all three")]);
    // A memory that does not match the address width.
    const core16 = { ...NEURO16, weightMemory: { words: 100, banks: 1 } };
    expect(messages(core16 as Parameters<typeof buildBoardTop>[1])).toEqual([expect.stringContaining("'wload_addr' is 4 bits, but 1 bank(s) of 100 words are addressed with 7 bits (weightMemory)")]);
  });

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    it('the top with a runtime-loaded core lints clean, and so does one with initial weights', () => {
      for (const p of [{ ...params, weightLoad: 'runtime' as const, wordWidth: 12 }, params]) {
        const v = emitVerilog(elaborate(buildBoardTop(icebreaker, { design: NeurosynapticCore, params: p }, { pll: 'none', name: 'LintTop' }).design));
        const r = lintVerilog(v, 'LintTop');
        expect(r.warnings).toEqual([]);
        expect(r.ok).toBe(true);
      }
    });
  });
});

/** ip/core with 16 words of weights (4 x 4 neurons of 4-bit weights in 4-bit words), runtime-loaded. */
const NEURO16 = {
  design: NeurosynapticCore,
  params: { ...params, neurons: 4, axons: 4, wordWidth: 4, weights: Array.from({ length: 4 }, () => new Array<number>(4).fill(1)), weightLoad: 'runtime' as const },
};
