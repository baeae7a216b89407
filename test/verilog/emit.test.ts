// Shape of the emitted Verilog, without outside tools: determinism, the
// header, locators, inlining decisions, constants, registers, memories,
// unused-signal handling and the errors for malformed IR.
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { DesignError } from '../../hdl/diagnostics.ts';
import type { IrDesign } from '../../hdl/ir.ts';
import { emitModule, emitVerilog } from '../../generators/verilog/index.ts';
import { corpus, hierarchy, memories, registers, unusedAndConstants } from './designs.ts';
import { ModBuilder, single } from './ir-fixtures.ts';

function codes(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof DesignError) return e.diagnostics.map((d) => d.code).sort();
    throw e;
  }
  return [];
}

/** Lines of the module body that assign or declare `name`. */
function linesOf(v: string, re: RegExp): string[] {
  return v.split('\n').filter((l) => re.test(l));
}

describe('determinism', () => {
  test('the same IR gives byte-identical Verilog, also after a JSON-like copy', () => {
    for (const d of Object.values(corpus())) {
      const first = emitVerilog(d);
      expect(emitVerilog(d)).toBe(first);
      expect(emitVerilog(structuredClone(d))).toBe(first);
    }
  });

  test('parameter key order does not change the output', () => {
    const make = (params: Record<string, unknown>): string => {
      const b = new ModBuilder('p', params);
      b.output('y', b.input('a', 2));
      return emitVerilog(single(b.mod));
    };
    expect(make({ width: 8, depth: 4n, nested: { b: 1, a: [1, 2] } })).toBe(make({ nested: { a: [1, 2], b: 1 }, depth: 4n, width: 8 }));
  });
});

describe('header and comments', () => {
  const d = hierarchy();
  const v = emitVerilog(d, { generatorInfo: 'spikeforge 9.9.9' });
  test('names the generator, the top and the origin of every module', () => {
    const header = v.slice(0, v.indexOf('`default_nettype none'));
    expect(header).toContain('spikeforge 9.9.9');
    expect(header).toMatch(/Top module: top/);
    for (const m of d.modules) expect(header).toContain(`${m.origin.design} ${JSON.stringify(m.origin.params)}`);
  });
  test('holds no date, time or absolute path', () => {
    expect(v).not.toMatch(/\b(19|20)\d\d-\d\d-\d\d\b/);
    expect(v).not.toMatch(/\b\d\d:\d\d:\d\d\b/);
    expect(v).not.toContain(tmpdir());
    expect(v).not.toContain(process.cwd());
  });
  test('parameters print as canonical JSON, bigints as digits, non-ASCII escaped', () => {
    const b = new ModBuilder('p', { z: 1, a: 'ü', n: 10n ** 20n, skip: undefined });
    b.output('y', b.input('a', 1));
    expect(emitVerilog(single(b.mod))).toContain('{"a":"\\u00fc","n":100000000000000000000,"z":1}');
  });
  test('declarations and assignments carry // file:line of their IR node', () => {
    const u = emitVerilog(unusedAndConstants());
    const mod = unusedAndConstants().modules[0]!;
    const assigns = linesOf(u, /^\s+assign /);
    expect(assigns.length).toBeGreaterThan(5);
    for (const l of assigns) expect(l).toMatch(/ \/\/ test\/verilog\/fixture\.ts:\d+$/);
    // The port 'low' is driven by an id cell whose line is the one printed.
    const low = mod.cells.find((c) => c.out === mod.ports.find((p) => p.name === 'low')!.net)!;
    expect(u).toContain(`assign low = part[3:0];  // test/verilog/fixture.ts:${low.loc.line}`);
  });
});

describe('expressions', () => {
  test('unnamed single-use temporaries are inlined; named and multi-use ones get wires', () => {
    const b = new ModBuilder('e');
    const a = b.input('a', 8);
    const c = b.input('c', 8);
    const t = b.bin('add', a, c); // used once
    const shared = b.bin('sub', a, c); // used twice
    const named = b.bin('and', a, c, { name: 'masked' });
    b.output('y', b.bin('xor', t, shared));
    b.output('z', b.bin('or', shared, named));
    const v = emitVerilog(single(b.mod));
    expect(v).toContain(`assign y = (a + c) ^ _t${shared};`);
    expect(v).toContain(`assign _t${shared} = a - c;`);
    expect(v).toContain('assign masked = a & c;');
    expect(v).toMatch(/^\s+wire \[7:0\] masked;/m);
    expect(v).not.toMatch(new RegExp(`wire \\[7:0\\] _t${t};`));
  });

  test('an arithmetic shift gets its own wire inside an operator but not at the top of an assignment', () => {
    const b = new ModBuilder('e');
    const s = b.input('s', 8, true);
    const a = b.input('a', 8);
    const inner = b.op('sra', [s], 8, { signed: true, amount: 2 });
    b.output('sum', b.bin('add', inner, a));
    b.output('top', b.op('sra', [s], 8, { signed: true, amount: 3 }));
    b.output('cat', b.op('concat', [b.op('sra', [a], 8, { amount: 1 }), a], 16));
    const v = emitVerilog(single(b.mod));
    expect(v).toContain(`assign _t${inner} = $signed(s) >>> 2;`);
    expect(v).toContain(`assign sum = _t${inner} + a;`);
    expect(v).toContain('assign top = $signed(s) >>> 3;');
    expect(v).toContain('assign cat = {$signed(a) >>> 1, a};');
  });

  test('signed comparisons wrap both sides in $signed unless already signed', () => {
    const b = new ModBuilder('e');
    const s = b.input('s', 8, true);
    const u = b.input('u', 8, true);
    b.output('lt', b.cmp('lt', b.bin('add', s, u), s));
    b.output('ltc', b.cmp('ge', s, b.const(8, 0xfb, { signed: true })));
    const v = emitVerilog(single(b.mod));
    expect(v).toContain('assign lt = $signed(s + u) < s;');
    expect(v).toContain("assign ltc = s >= -8'sd5;");
  });

  test('slices and sign extensions read declared signals', () => {
    const b = new ModBuilder('e');
    const a = b.input('a', 8);
    const c = b.input('c', 8);
    const sum = b.bin('add', a, c);
    b.output('hi', b.slice(sum, 4, 4));
    b.output('sx', b.op('sext', [b.slice(a, 0, 3)], 8, { signed: true }));
    b.output('top_bit', b.slice(a, 7, 1));
    const v = emitVerilog(single(b.mod));
    expect(v).toContain(`assign _t${sum} = a + c;`);
    expect(v).toContain(`assign hi = _t${sum}[7:4];`);
    expect(v).toMatch(/assign sx = \{\{5\{_t\d+\[2\]\}\}, _t\d+\};/);
    expect(v).toContain('assign top_bit = a[7];');
  });

  test('constants are sized: 1-bit binary, small decimal, wide hex', () => {
    const b = new ModBuilder('k');
    b.output('one', b.const(1, 1));
    b.output('eight', b.const(8, 200));
    b.output('wide', b.const(130, (1n << 129n) | 0xabcdn));
    const v = emitVerilog(single(b.mod));
    expect(v).toContain("assign one = 1'b1;");
    expect(v).toContain("assign eight = 8'd200;");
    expect(v).toContain("assign wide = 130'h2_0000_0000_0000_0000_0000_0000_0000_abcd;");
  });

  test('muxes: 2 arms as ?:, more arms as a case with a default', () => {
    const b = new ModBuilder('m');
    const s = b.input('s', 2);
    const arms = [0, 1, 2].map((i) => b.input(`a${i}`, 4));
    b.output('two', b.op('mux', [b.slice(s, 0, 1), arms[0]!, arms[1]!], 4));
    b.output('wide_sel', b.op('mux', [s, arms[0]!, arms[1]!], 4));
    b.output('three', b.op('mux', [s, ...arms], 4));
    const v = emitVerilog(single(b.mod));
    expect(v).toContain('assign two = s[0] ? a1 : a0;');
    expect(v).toContain("assign wide_sel = (s != 2'd0) ? a1 : a0;");
    expect(v).toMatch(/case \(s\)\n\s+2'd0: _t\d+ = a0;\n\s+2'd1: _t\d+ = a1;\n\s+default: _t\d+ = a2;\n\s+endcase/);
  });

  test('unsigned comparisons that are always true or false print as constants', () => {
    const v = emitVerilog(unusedAndConstants());
    expect(v).toContain("assign ge_zero = 1'b1;");
    expect(v).toContain("assign lt_zero = 1'b0;");
    expect(v).toContain("assign le_max = 1'b1;");
    expect(v).toContain("assign gt_max = 1'b0;");
    expect(v).toContain("assign lt_xx = 1'b0;");
    expect(v).toContain("assign lt_zext = 1'b1;");
    expect(v).toContain("assign lt_real = a < 8'd16;");
  });
});

describe('registers', () => {
  const v = emitVerilog(registers());
  test('one always block per clock and reset kind', () => {
    expect(linesOf(v, /^\s+always @\(posedge clk\) begin$/)).toHaveLength(1 + 1 + 1); // none, rst sync, rst_n sync
    expect(linesOf(v, /always @\(posedge clk or posedge rst\)/)).toHaveLength(1);
    expect(linesOf(v, /always @\(posedge clk or negedge rst_n\)/)).toHaveLength(1);
    expect(v).toMatch(/if \(!rst_n\) begin\n\s+sync_lo <= 8'd170;/);
  });
  test('reset wins over enable; multi-bit enables compare with zero', () => {
    expect(v).toMatch(/if \(rst\) begin\n(\s+\S+ <= [^\n]+\n)*?\s+sync_hi <= 8'd3;[^\n]*\n(\s+\S+ <= [^\n]+\n)*\s+end else begin\n(\s+[^\n]+\n)*?\s+if \(en\) sync_hi <= sync_hi \+ a;/);
    expect(v).toMatch(/if \(en2 != 2'd0\) toggle <= ~toggle;/);
  });
  test('registers without reset, or with an init, get an initial value', () => {
    const init = v.slice(v.indexOf('initial begin'));
    expect(init).toContain("free = 8'd5;");
    expect(init).toContain("reset_and_init = 8'd9;");
    expect(init).toContain("toggle = 1'b0;");
    expect(init).not.toContain('sync_hi =');
  });
});

describe('memories', () => {
  const v = emitVerilog(memories());
  test('declared as arrays, written and read in clocked blocks', () => {
    expect(v).toMatch(/^\s+reg \[7:0\] pow2 \[0:15\];/m);
    expect(v).toContain('if (we) pow2[wa] <= wd;');
    expect(v).toContain('if (re) pow2_q <= pow2[ra];');
    expect(v).toMatch(/assign _t\d+ = pow2\[wa\];/);
    expect(v).toMatch(/^\s+reg signed \[5:0\] signed_mem \[0:7\];/m);
  });
  test('addresses that can pass the depth are compared; power-of-two ones are not', () => {
    expect(v).toContain("if (we && (wa < 4'd10)) npot[wa] <= wd[4:0];");
    expect(v).toContain("npot_q <= (ra < 4'd10) ? npot[ra] : 5'd0;");
    expect(v).toContain("wide_addr_q <= (ra6 < 6'd16) ? addr_widths[ra6[3:0]] : 8'd0;");
    expect(v).toContain("addr_widths[{1'b0, wa3}]");
    expect(v).not.toMatch(/pow2\[[^\]]*\] <= .*</);
  });
  test('constant addresses: in range as a literal index, never in range dropped', () => {
    expect(v).toContain("if (wd[7]) two_writes[2'd2] <= wd;");
    expect(linesOf(v, /two_writes\[/).filter((l) => l.includes('<=')).length).toBe(3);
  });
  /** Initial value of every word of a memory as the text writes it, each word exactly once. */
  function initialWords(text: string, mem: string, depth: number): bigint[] {
    const words: (bigint | undefined)[] = new Array(depth);
    const set = (i: number, v: bigint): void => {
      expect(words[i], `${mem}[${i}] written twice`).toBeUndefined();
      words[i] = v;
    };
    const value = (lit: string): bigint => {
      const m = /^\d+'(b|d|h)([0-9a-f_]+)$/.exec(lit)!;
      return BigInt((m[1] === 'b' ? '0b' : m[1] === 'h' ? '0x' : '') + m[2]!.replace(/_/g, ''));
    };
    for (const m of text.matchAll(new RegExp(`^ {4}${mem}\\[(\\d+)\\] = ([^;]+);$`, 'gm'))) set(Number(m[1]), value(m[2]!));
    const loop = new RegExp(`for \\((\\w+) = (\\d+); \\1 < (\\d+); \\1 = \\1 \\+ 1\\) begin : \\w+\\n {6}initial ${mem}\\[\\1\\] = ([^;]+);`, 'g');
    for (const m of text.matchAll(loop)) for (let i = Number(m[2]); i < Number(m[3]); i++) set(i, value(m[4]!));
    expect(words.every((w) => w !== undefined), `every word of ${mem} has an initial value`).toBe(true);
    return words as bigint[];
  }
  test('initial contents: the given words, the rest zero, every word written once', () => {
    expect(initialWords(v, 'npot', 10)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 0n, 0n, 0n]);
    expect(initialWords(v, 'rom', 5)).toEqual([0x11n, 0x22n, 0n, 0x44n, 0x55n]);
    expect(initialWords(v, 'pow2', 16)).toEqual(new Array(16).fill(0n));
    expect(initialWords(v, 'signed_mem', 8)).toEqual([0x3fn, 0x20n, 0n, 0n, 0n, 0n, 0n, 0n]);
  });
  test('initial contents: runs of one value are generate loops, other words initial blocks of at most 64', () => {
    const b = new ModBuilder('big_init');
    const clk = b.input('clk', 1, false, 'clock');
    const a = b.input('a', 10);
    const init = Array.from({ length: 1000 }, (_, i) => (i >= 300 && i < 700 ? 5n : BigInt(i % 3)));
    const m = b.memory({ name: 'lut', width: 8, depth: 1000, init });
    b.outputNet('q', b.readPort(m, a, { name: 'q', sync: true, clock: clk }));
    const text = emitVerilog(single(b.mod));
    expect(initialWords(text, 'lut', 1000)).toEqual(init);
    expect(text).toMatch(/^ {2}genvar _init_g;$/m);
    expect(text).toContain("for (_init_g = 300; _init_g < 700; _init_g = _init_g + 1) begin : _lut_init");
    expect(text).not.toMatch(/for \(\w+ = \d+; [^)]*\) \w+\[/); // no procedural loop
    const blocks = text.split('initial begin').slice(1).map((blk) => blk.slice(0, blk.indexOf('  end')).split('\n').filter((l) => l.includes('lut[')).length);
    expect(Math.max(...blocks)).toBeLessThanOrEqual(64);
  });
});

describe('unused signals', () => {
  test('inputs and bits nothing reads go into one _unused_ok wire between lint pragmas', () => {
    const v = emitVerilog(unusedAndConstants());
    const sink = v.slice(v.indexOf('lint_off UNUSEDSIGNAL'), v.indexOf('lint_on UNUSEDSIGNAL'));
    for (const n of ['ignored', 'ignored_bit', 'part', 'named_but_unread']) expect(sink).toMatch(new RegExp(`\\b${n}\\b`));
    expect(sink).not.toMatch(/\bx\b/); // x is read
    expect(v.match(/lint_off/g)!.length).toBe(1);
  });
  test('unnamed logic nothing reads is left out', () => {
    const b = new ModBuilder('dead');
    const a = b.input('a', 4);
    b.bin('add', a, a);
    b.output('y', a);
    expect(emitVerilog(single(b.mod))).not.toContain('+');
  });
});

describe('malformed IR is reported, all problems at once', () => {
  test('undriven, multiply driven, unknown module and port', () => {
    const b = new ModBuilder('bad');
    const a = b.input('a', 4);
    const floating = b.net('floating', 4);
    b.output('y', floating);
    const twice = b.op('not', [a], 4);
    b.drive(twice, 'not', [a]);
    b.mod.instances.push({ name: 'u', module: 'nowhere', connections: [], loc: b.loc() });
    expect(codes(() => emitVerilog(single(b.mod)))).toEqual(['verilog-multiple-drivers', 'verilog-undriven', 'verilog-unknown-module']);
  });
  test('combinational loop', () => {
    const b = new ModBuilder('loop');
    const a = b.input('a', 1);
    const x = b.net(undefined, 1);
    const y = b.op('and', [a, x], 1);
    b.drive(x, 'not', [y]);
    b.output('y', y);
    expect(codes(() => emitVerilog(single(b.mod)))).toEqual(['verilog-comb-loop']);
  });
  test('cells whose widths break the IR rules', () => {
    const b = new ModBuilder('w');
    const a = b.input('a', 4);
    const c = b.input('c', 3);
    b.output('y', b.op('add', [a, c], 4));
    b.output('z', b.op('slice', [a], 3, { lo: 2 }));
    expect(codes(() => emitModule(b.mod, single(b.mod)))).toEqual(['verilog-bad-cell', 'verilog-bad-cell']);
  });
  test('a design without its top module', () => {
    const d: IrDesign = { top: 'missing', modules: [] };
    expect(codes(() => emitVerilog(d))).toEqual(['verilog-no-top']);
  });
});
