// Designs a simulator must refuse, shared by the end-to-end error tests and the
// tests of the simulator's own checks.
import type { IrDesign } from '../../hdl/ir.ts';
import { design, ModuleBuilder } from './fixtures.ts';

function toggler(name: string, clockName: string) {
  const m = new ModuleBuilder(name);
  const clk = m.input(clockName, 1, { role: 'clock' });
  const q = m.net(1, { name: 'q' });
  m.reg(q, m.cell('not', [q], 1), clk, { init: 0n });
  return m;
}

/** clk_a clocks a register at the top, clk_b one inside instance 'sub' (through a wire). */
export function twoClocks(): IrDesign {
  const child = toggler('child', 'cclk');
  const m = toggler('two', 'clk_a');
  const clkB = m.input('clk_b', 1, { role: 'clock' });
  m.instance('sub', 'child', { cclk: m.cell('id', [clkB], 1) });
  return design('two', child.build(), m.build());
}

/** One clock reaching a register inside an instance through a wire. */
export function oneClockThroughInstance(): IrDesign {
  const child = toggler('child', 'cclk');
  const m = new ModuleBuilder('one');
  const clk = m.input('clk', 1, { role: 'clock' });
  const r = m.net(1, { name: 'r' });
  m.reg(r, m.cell('not', [r], 1), clk, { init: 0n });
  m.instance('sub', 'child', { cclk: m.cell('id', [clk], 1) });
  return design('one', child.build(), m.build());
}

export function gatedClock(): IrDesign {
  const m = new ModuleBuilder('gated');
  const clk = m.input('clk', 1, { role: 'clock' });
  const en = m.input('en', 1);
  const r = m.net(1, { name: 'r' });
  m.reg(r, m.cell('not', [r], 1), m.cell('and', [clk, en], 1, { name: 'gclk' }), { init: 0n });
  return design('gated', m.build());
}

export function doubleDriven(): IrDesign {
  const m = new ModuleBuilder('dd');
  const a = m.input('a', 4);
  const w = m.cell('not', [a], 4, { name: 'w' });
  m.drive(w, 'id', [a]);
  m.output('w', w);
  return design('dd', m.build());
}

/** 'w' is driven inside instance 'c' (through its output) and by a cell outside. */
export function doubleDrivenAcrossInstance(): IrDesign {
  const child = new ModuleBuilder('child');
  child.outputFrom('y', child.const(4, 3));
  const m = new ModuleBuilder('top');
  const a = m.input('a', 4);
  const w = m.cell('id', [a], 4, { name: 'w' });
  m.instance('c', 'child', { y: w });
  m.output('w', w);
  return design('top', child.build(), m.build());
}

/** loop_x = ~(loop_x + a), through loop_y and loop_z. */
export function combLoop(): IrDesign {
  const m = new ModuleBuilder('loop');
  const a = m.input('a', 4);
  const x = m.net(4, { name: 'loop_x' });
  const y = m.cell('add', [x, a], 4, { name: 'loop_y' });
  const z = m.cell('not', [y], 4, { name: 'loop_z' });
  m.drive(x, 'id', [z]);
  m.output('x', x);
  return design('loop', m.build());
}

/** A memory whose read data is its own address: fine when the read is synchronous, a loop when not. */
export function pointerChase(sync: boolean): IrDesign {
  const m = new ModuleBuilder('memloop');
  const clk = m.input('clk', 1, { role: 'clock' });
  const data = m.net(2, { name: 'data' });
  const loc = { file: 'f', line: 1, column: 1 };
  m.memory({
    name: 'mem', width: 2, depth: 4, signed: false, init: [1n, 2n, 3n, 0n],
    readPorts: [sync ? { addr: data, data, sync, clock: clk, loc } : { addr: data, data, sync, loc }],
  });
  m.output('data', data);
  return design('memloop', m.build());
}

/** add of a 4-bit and a 5-bit operand. */
export function widthMismatch(): IrDesign {
  const m = new ModuleBuilder('bad');
  const a = m.input('a', 4);
  const b = m.input('b', 5);
  m.output('s', m.cell('add', [a, b], 4));
  return design('bad', m.build());
}

export function unconnectedInput(): IrDesign {
  const child = new ModuleBuilder('child');
  child.outputFrom('y', child.input('x', 4));
  const t = new ModuleBuilder('top');
  t.instance('c', 'child', {});
  return design('top', child.build(), t.build());
}

export function undriven(): IrDesign {
  const m = new ModuleBuilder('undriven');
  const w = m.net(3, { name: 'floating' });
  m.output('o', m.cell('not', [w], 3));
  return design('undriven', m.build());
}
