// Port-to-pin mapping and the pin-level top: automatic mapping by role and
// direction, every --pins form, and each mistake reported with the port and
// what the board has.
import { describe, expect, it } from 'vitest';
import { design, elaborate, Bool, UInt } from '../../hdl/index.ts';
import { Counter } from '../../examples/counter.ts';
import { findBoard } from '../../boards/defs/index.ts';
import { BoardError } from '../../boards/errors.ts';
import { designPorts, mapPins, mergePinSpecs, type DesignPort, type PinMap } from '../../boards/pins.ts';
import { emitPinShim } from '../../boards/shim.ts';

const icebreaker = findBoard('icebreaker')!;
const hx8k = findBoard('ice40-hx8k')!;

const counterPorts = (width: number): DesignPort[] => [
  { name: 'clk', dir: 'input', width: 1, role: 'clock' },
  { name: 'rst', dir: 'input', width: 1, role: 'reset' },
  { name: 'en', dir: 'input', width: 1 },
  { name: 'clear', dir: 'input', width: 1 },
  { name: 'count', dir: 'output', width },
];

/** port[bit] -> resource name, 'tie0'/'tie1' or 'open'. */
function flat(map: PinMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of map.ports) {
    m.bits.forEach((b, i) => {
      const key = m.port.width === 1 ? m.port.name : `${m.port.name}[${i}]`;
      out[key] = b.kind === 'pin' ? b.resource.name : b.kind === 'const' ? `tie${b.value}` : 'open';
    });
  }
  return out;
}

function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(BoardError);
    return [(e as BoardError).message, ...(e as BoardError).details];
  }
  throw new Error('expected a BoardError');
}

describe('designPorts', () => {
  it('reads the top ports with roles and widths from the IR', () => {
    expect(designPorts(elaborate(Counter, { width: 5 }))).toEqual(counterPorts(5));
  });

  it('finds an active-low reset from the registers it resets', () => {
    const D = design('LowReset', {}, (m) => {
      m.setResetStyle({ name: 'rst_n', activeLow: true });
      const q = m.output('q', Bool());
      const r = m.reg('r', Bool(), { reset: 0 });
      r.set(r.not());
      q.set(r);
      return { q };
    });
    expect(designPorts(elaborate(D, {})).find((p) => p.name === 'rst_n')).toMatchObject({ role: 'reset', activeLow: true });
  });
});

describe('mapPins: automatic', () => {
  it('puts the clock on the board clock, the reset on the reset button, inputs on buttons, outputs on LEDs', () => {
    const map = mapPins(icebreaker, counterPorts(7));
    expect(flat(map)).toEqual({
      clk: 'clk12', rst: 'btn0', en: 'btn1', clear: 'btn2',
      'count[0]': 'led0', 'count[1]': 'led1', 'count[2]': 'led2', 'count[3]': 'led3', 'count[4]': 'led4', 'count[5]': 'led5', 'count[6]': 'led6',
    });
    // Every bit of every port is constrained.
    for (const m of map.ports) for (const b of m.bits) expect(b).toBeDefined();
    expect(map.ports.every((m) => m.source === 'auto')).toBe(true);
  });

  it('ties the reset inactive, with a note, on a board without a reset button', () => {
    const map = mapPins(hx8k, counterPorts(8), ['en=j3_t1,clear=0']);
    expect(flat(map)).toMatchObject({ rst: 'tie0', en: 'j3_t1', clear: 'tie0', 'count[7]': 'led7' });
    expect(map.notes.join('\n')).toMatch(/reset 'rst' is tied inactive: board 'ice40-hx8k' has no reset button/);
  });

  it('says which port cannot be mapped and what the board has left', () => {
    const p = problems(() => mapPins(icebreaker, counterPorts(8)));
    expect(p[0]).toMatch(/1 problem mapping the ports of the design to board 'icebreaker'/);
    expect(p[1]).toMatch(/port 'count' \(output, 8 bits\) cannot be mapped on board 'icebreaker': it needs 8 pins, the board has 7 LEDs, 7 of them free/);
    expect(p[2]).toMatch(/--pins count=<resource or group>.*count=none.*groups: leds, buttons, pmod1a, pmod1b/);
  });

  it('reports every unmappable port at once (inputs on a board without buttons)', () => {
    const p = problems(() => mapPins(hx8k, counterPorts(8)));
    expect(p[0]).toMatch(/2 problems/);
    expect(p.join('\n')).toMatch(/port 'en' \(input, 1 bit\)/);
    expect(p.join('\n')).toMatch(/port 'clear' \(input, 1 bit\)/);
  });
});

describe('mapPins: --pins', () => {
  it('takes groups (bit 0 on the first member), lists, single bits, raw pins, ties and open outputs', () => {
    const ports: DesignPort[] = [...counterPorts(8), { name: 'busy', dir: 'output', width: 1 }, { name: 'sel', dir: 'input', width: 2 }];
    const map = mapPins(icebreaker, ports, ['count=pmod1a', 'busy=none,sel[0]=pmod1b_1,sel[1]=pin:36', 'en=1']);
    expect(flat(map)).toMatchObject({
      'count[0]': 'pmod1a_1', 'count[1]': 'pmod1a_2', 'count[4]': 'pmod1a_7', 'count[7]': 'pmod1a_10',
      busy: 'open', 'sel[0]': 'pmod1b_1', 'sel[1]': 'pin_36', en: 'tie1', clear: 'btn1',
    });
    const lists = mapPins(icebreaker, counterPorts(3), ['count=led6+led5+pmod1b_10']);
    expect(flat(lists)).toMatchObject({ 'count[0]': 'led6', 'count[1]': 'led5', 'count[2]': 'pmod1b_10' });
  });

  it('uses the first members of a group wider than the port', () => {
    expect(flat(mapPins(icebreaker, counterPorts(2), ['count=pmod1b']))).toMatchObject({ 'count[0]': 'pmod1b_1', 'count[1]': 'pmod1b_2' });
  });

  it('rejects unknown ports and resources, listing what exists', () => {
    const p = problems(() => mapPins(icebreaker, counterPorts(4), ['cnt=leds', 'count=pmod3']));
    expect(p[0]).toMatch(/2 problems/);
    expect(p).toContain("--pins 'cnt=leds': the design has no port 'cnt'");
    expect(p.join('\n')).toMatch(/ports: clk \(input, 1 bit\), rst .* count \(output, 4 bits\)/);
    expect(p).toContain("--pins 'count=pmod3': board 'icebreaker' has no resource or group 'pmod3'");
    expect(p.join('\n')).toMatch(/groups: leds, buttons, pmod1a, pmod1b/);
  });

  it('rejects an input on an LED, an output on a button, a pin used twice, a port mapped twice', () => {
    const p = problems(() => mapPins(icebreaker, counterPorts(4), ['en=led0', 'count[0]=btn3', 'clear=pmod1a_1,count[1]=pmod1a_1', 'count[2]=led3,count[2]=led4']));
    const all = p.join('\n');
    expect(all).toMatch(/'en=led0': led0 \(pin 11, LEDR_N \(red\)\) is an output of the board \(led\), but 'en' is a design input/);
    expect(all).toMatch(/'count\[0\]=btn3': btn3 \(pin 18, BTN3 \(snap-off PMOD2\)\) is an input of the board \(button\), but 'count\[0\]' is a design output/);
    expect(all).toMatch(/'count\[1\]=pmod1a_1': pmod1a_1 \(pin 4, pmod1a pin 1\) is already used by 'clear'/);
    expect(all).toMatch(/'count\[2\]=led4': 'count\[2\]' is mapped more than once/);
  });

  it('rejects ties on outputs, open inputs, too few pins, too many listed, bad syntax and bits out of range', () => {
    const all = problems(() =>
      mapPins(icebreaker, counterPorts(4), ['count=0', 'en=none', 'clear=', 'rst[3]=btn1']),
    ).join('\n');
    expect(all).toMatch(/'count=0': an output cannot be tied/);
    expect(all).toMatch(/'en=none': an input cannot be left open/);
    expect(all).toMatch(/'clear=': expected port=resource/);
    expect(all).toMatch(/'rst\[3\]=btn1': 'rst' has 1 bit, there is no bit 3/);
    expect(problems(() => mapPins(icebreaker, counterPorts(4), ['count=led0+led1'])).join('\n')).toMatch(/'count' needs 4 pins, 'led0\+led1' has 2/);
    expect(problems(() => mapPins(icebreaker, counterPorts(2), ['count=led0+led1+led2'])).join('\n')).toMatch(/'count' has 2 bits, but 3 resources are listed/);
  });

  it('lets the user override the wrapper\'s mapping port by port', () => {
    expect(mergePinSpecs(['clk=clk12', 'rst=btn0', 'uart_rx=uart_rx', 'led_heartbeat=led0'], ['rst=btn1,led_heartbeat=led2'])).toEqual([
      'clk=clk12', 'uart_rx=uart_rx', 'rst=btn1', 'led_heartbeat=led2',
    ]);
  });
});

describe('the pin-level top', () => {
  const low = design('Low', {}, (m) => {
    m.setResetStyle({ name: 'rst_n', activeLow: true });
    const led = m.output('led', UInt(2));
    const r = m.reg('r', UInt(2), { reset: 0 });
    r.set(r.addWrap(1));
    led.set(r);
    return { led };
  });

  it('names its ports after the board resources and inverts active-low pins', () => {
    const map = mapPins(icebreaker, counterPorts(3), ['count=led0+led2+pmod1a_1,clear=0']);
    const shim = emitPinShim(map, 'Counter', 'Counter_icebreaker');
    const v = shim.verilog;
    expect(v).toMatch(/^module Counter_icebreaker \($/m);
    expect(v).toMatch(/^\s+input wire clk12,\s+\/\/ pin 35 CLK: clk$/m);
    expect(v).toContain('assign core_clk = clk12;');
    expect(v).toContain('assign core_rst = ~btn0;');
    expect(v).toContain('assign core_en = btn1;');
    expect(v).toContain("assign core_clear = 1'b0;  // clear tied");
    expect(v).toContain('assign led0 = ~core_count[0];');
    expect(v).toContain('assign led2 = core_count[1];');
    expect(v).toContain('assign pmod1a_1 = core_count[2];');
    expect(v).toMatch(/Counter core \(\n\s+\.clk\(core_clk\),\n\s+\.rst\(core_rst\),\n\s+\.en\(core_en\),\n\s+\.clear\(core_clear\),\n\s+\.count\(core_count\)\n\s+\);/);
    expect(shim.ports.map((p) => `${p.name}:${p.inverted}`)).toEqual(['clk12:false', 'btn0:true', 'btn1:false', 'led0:true', 'led2:false', 'pmod1a_1:false']);
  });

  it('gives an active-low reset the pressed button as 0, and holds it while the PLL locks', () => {
    const ulx3s = findBoard('ulx3s')!;
    const ports = designPorts(elaborate(low, {}));
    // FIRE1 (active high): the design's rst_n is the inverted button.
    const v = emitPinShim(mapPins(ulx3s, ports), 'Low', 'Low_ulx3s').verilog;
    expect(v).toContain('assign core_rst_n = ~btn1;');
    // BTN_N (active low) on an active-low reset: no inversion; with a PLL, and-ed with the lock.
    const pll = { primitive: 'SB_PLL40_PAD' as const, params: { FEEDBACK_PATH: 'SIMPLE', DIVR: 0, DIVF: 63, DIVQ: 5, FILTER_RANGE: 1 }, outMHz: 24 };
    const w = emitPinShim(mapPins(icebreaker, ports), 'Low', 'Low_icebreaker', pll).verilog;
    expect(w).toContain('assign core_rst_n = btn0 & pll_locked;');
    expect(w).toContain('SB_PLL40_PAD #(.FEEDBACK_PATH("SIMPLE"), .DIVR(0), .DIVF(63), .DIVQ(5), .FILTER_RANGE(1)) pll (');
    expect(w).toContain('.PACKAGEPIN(board_clk),');
    expect(w).toContain('assign board_clk = clk12;');
    expect(w).toContain('assign core_clk = pll_clk;');
  });
});
