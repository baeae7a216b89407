// Verilog names: the user's names survive, keywords of Verilog, SystemVerilog
// and Verilator's C++ get a suffix, illegal characters are replaced, and
// collisions are resolved deterministically (ports first, then nets in NetId
// order).
import { describe, expect, test } from 'vitest';
import { emitVerilog, legaliseIdentifier, verilogModuleNames, verilogNames, verilogNetNames } from '../../generators/verilog/index.ts';
import { hierarchy, names } from './designs.ts';
import { ModBuilder, single } from './ir-fixtures.ts';

describe('legaliseIdentifier', () => {
  test('keeps legal names', () => {
    for (const n of ['a', 'count_q', 'A1', '_x', 'x$y'.replace('$', '_')]) expect(legaliseIdentifier(n)).toBe(n);
  });
  test('suffixes Verilog-2005, SystemVerilog-2017 and C++ keywords', () => {
    const words = ['reg', 'wire', 'module', 'input', 'always', 'initial', 'uwire', 'logic', 'always_ff', 'bit', 'int', 'interface', 'final', 'bool', 'namespace', 'operator', 'vector', 'sc_in'];
    for (const w of words) expect(legaliseIdentifier(w)).toBe(`${w}_`);
  });
  test('replaces illegal characters and leading digits', () => {
    expect(legaliseIdentifier('core.lane0.v')).toBe('core_lane0_v');
    expect(legaliseIdentifier('a[3]')).toBe('a_3_');
    expect(legaliseIdentifier('3x')).toBe('_3x');
    expect(legaliseIdentifier('')).toBe('_');
    expect(legaliseIdentifier('$x')).toBe('_x');
    expect(legaliseIdentifier('ünï')).toBe('_n_');
  });
  test('is case-sensitive like Verilog', () => {
    expect(legaliseIdentifier('REG')).toBe('REG');
  });
});

describe('verilogNetNames', () => {
  test('collisions get _1, _2 in NetId order after the ports', () => {
    const b = new ModBuilder('m');
    const a = b.input('y', 2); // the port keeps 'y'
    const n1 = b.op('not', [a], 2, { name: 'y' });
    const n2 = b.op('not', [n1], 2, { name: 'y_1' });
    const n3 = b.op('not', [n2], 2, { name: 'y' });
    const n4 = b.op('not', [n3], 2, { name: 'm' }); // the module's own name
    b.output('out', n4);
    const names = verilogNetNames(b.mod);
    expect([names[a], names[n1], names[n2], names[n3], names[n4]]).toEqual(['y', 'y_1', 'y_1_1', 'y_2', 'm_1']);
  });

  test('an output port keeps its name over an earlier internal net of the same name', () => {
    const b = new ModBuilder('m');
    const a = b.input('a', 1);
    const inner = b.op('not', [a], 1, { name: 'q' });
    const out = b.output('q', inner);
    const names = verilogNetNames(b.mod);
    expect(names[out]).toBe('q');
    expect(names[inner]).toBe('q_1');
  });

  test('the names design: every name legal, unique, and found in the Verilog', () => {
    const d = names();
    const mod = d.modules[0]!;
    const vn = verilogNames(mod, d);
    const all = [...vn.nets, ...vn.memories, ...vn.instances];
    expect(new Set(all).size).toBe(all.length);
    for (const n of all) expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    const byName = (n: string): string[] => mod.nets.filter((x) => x.name === n).map((x) => vn.nets[x.id]!);
    expect(byName('reg')).toEqual(['reg_']);
    expect(byName('core.lane0.v')).toEqual(['core_lane0_v']);
    expect(byName('3x')).toEqual(['_3x']);
    expect(byName('names')).toEqual(['names_1']);
    expect(byName('bool')).toEqual(['bool_']);
    expect(vn.memories).toEqual(['initial_']);
    const v = emitVerilog(d);
    for (const n of mod.nets.filter((x) => x.named)) {
      const name = vn.nets[n.id]!;
      expect(v, name).toMatch(new RegExp(`^\\s*(input wire|output wire|output reg|wire|reg)( signed)?( \\[\\d+:0\\])? ${name}[,;]?(\\s|$)`, 'm'));
    }
    // The generator's own helper names step aside for the user's.
    expect(byName('_unused_ok')).toEqual(['_unused_ok']);
    expect(v).toMatch(/wire _unused_ok_1 = &\{1'b0, _init_g, 1'b0\};/);
    expect(v).toMatch(/^ {2}genvar _init_g_1;/m);
  });

  test('instances connect to the child ports under the child module\'s legalised names', () => {
    const d = hierarchy();
    const v = emitVerilog(d);
    const mods = verilogModuleNames(d);
    expect(mods.get('reg')).toBe('reg_');
    expect(v).toMatch(/^module reg_ \(/m);
    expect(v).toMatch(/^ {2}reg_ module_ \(/m);
    expect(v).toContain('.input_(');
    expect(v).toContain('.always_(clk)');
    expect(v).toContain('.output_(');
    expect(v).toMatch(/^ {2}adder wire_ \(/m);
  });

  test('a net shared by an input and an output port is named after the input; the output repeats it', () => {
    const b = new ModBuilder('pass');
    const a = b.input('a', 3);
    b.outputNet('b', a);
    const v = emitVerilog(single(b.mod));
    expect(verilogNetNames(b.mod)[a]).toBe('a');
    expect(v).toContain('assign b = a;');
  });
});

describe('temporaries and user names that spell them', () => {
  test('temporaries keep their names; a user name equal to one makes the later claimant yield', () => {
    const b = new ModBuilder('m');
    const a = b.input('a', 2);
    const t1 = b.op('not', [a], 2); // _t1
    const t2 = b.op('not', [t1], 2); // _t2
    const user = b.op('not', [t2], 2, { name: '_t2' }); // spells the temporary before it
    const t4 = b.op('not', [user], 2); // _t4
    const early = b.op('not', [t4], 2, { name: '_t6' }); // spells the temporary after it
    const t6 = b.op('not', [early], 2); // _t6
    b.output('y', t6);
    const names = verilogNetNames(b.mod);
    expect([names[t1], names[t2], names[user], names[t4], names[early], names[t6]]).toEqual(['_t1', '_t2', '_t2_1', '_t4', '_t6', '_t6_1']);
  });

  test('a temporary yields to a port, memory or instance of its name in the usual claim order', () => {
    const b = new ModBuilder('m');
    const a = b.input('_t1', 2); // the port claims first
    const t1 = b.op('not', [a], 2); // net 1, named _t1
    b.output('y', t1);
    const names = verilogNames(b.mod);
    expect(names.nets[a]).toBe('_t1');
    expect(names.nets[t1]).toBe('_t1_1');
  });

  test('the scope knows every temporary name, so helper names never meet one', () => {
    const b = new ModBuilder('m');
    const a = b.input('a', 2);
    const t = b.op('not', [a], 2);
    b.output('y', t);
    const names = verilogNames(b.mod);
    expect(names.nets[t]).toBe(`_t${t}`);
    expect(names.scope.has(`_t${t}`)).toBe(true);
    expect(names.scope.has('_t99')).toBe(false);
    expect(names.scope.claim(`_t${t}`)).toBe(`_t${t}_1`);
  });
});
