import { describe, expect, it } from 'vitest';
import { parseVcd, unknownAt, valueAt, VcdParseError } from '../../testbenches/vcd/parser.ts';
import { findVcdSignal, vcdToTrace } from '../../testbenches/vcd/vcd-trace.ts';

// Hand-written in the styles of several writers: multi-line header sections,
// split timescale, ranges attached and separate, aliases, many changes a line.
const SAMPLE = `$date
   Tue Jan  1 00:00:00 2030
$end
$version
   Hand Written 1.0
$end
$comment  several
  words $end
$timescale
  100 ps
$end
$scope module tb $end
$var reg 1 ! clk $end
$var wire 8 " data[7:0] $end
$var wire 4 # nib [3:0] $end
$scope module dut $end
$var wire 1 ! clk $end
$var integer 32 $ count $end
$var real 64 % level $end
$var wire 1 & bus [3] $end
$var wire 1 ' bus [2] $end
$var wire 1 ( flag $end
$upscope $end
$scope begin blk $end
$var event 1 ) ev $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
0! bx " b0000 # b0 $ r0 % 1& 0' z(
$end
#5 1! b1010 " b1x #
$comment mid-dump remark $end
#10 0! B11111111 " R-2.75 % x( 0&
#15
1!
b100 $
b1 #
1(
#20 $dumpoff bx " x! $end
#25 $dumpon b11 " 0! $end
`;

describe('VCD parser', () => {
  const vcd = parseVcd(SAMPLE);
  const sig = (name: string) => {
    const s = vcd.signals.find((x) => x.name === name);
    if (!s) throw new Error(`no ${name} in ${vcd.signals.map((x) => x.name).join(', ')}`);
    return s;
  };

  it('reads the header sections', () => {
    expect(vcd.date).toBe('Tue Jan 1 00:00:00 2030');
    expect(vcd.version).toBe('Hand Written 1.0');
    expect(vcd.comments).toEqual(['several words', 'mid-dump remark']);
    expect(vcd.timescale).toEqual({ magnitude: 100, unit: 'ps' });
    expect(vcd.startTime).toBe(0);
    expect(vcd.endTime).toBe(25);
  });

  it('names variables by their nested scopes and keeps ranges out of the name', () => {
    expect(vcd.signals.map((s) => s.name)).toEqual([
      'tb.clk',
      'tb.data',
      'tb.nib',
      'tb.dut.clk',
      'tb.dut.count',
      'tb.dut.level',
      'tb.dut.bus[3]',
      'tb.dut.bus[2]',
      'tb.dut.flag',
      'tb.blk.ev',
    ]);
    expect(sig('tb.data')).toMatchObject({ width: 8, msb: 7, lsb: 0, reference: 'data', type: 'wire', id: '"' });
    expect(sig('tb.nib')).toMatchObject({ width: 4, msb: 3, lsb: 0, reference: 'nib' });
    expect(sig('tb.dut.count')).toMatchObject({ width: 32, type: 'integer', scope: ['tb', 'dut'] });
    expect(sig('tb.dut.count').msb).toBeUndefined();
    expect(sig('tb.dut.bus[3]')).toMatchObject({ reference: 'bus', msb: 3, lsb: 3 });
  });

  it('reads scalar, vector and real changes, several to a line', () => {
    expect(sig('tb.data').changes).toEqual([
      [0, 0n],
      [5, 0b1010n],
      [10, 0xffn],
      [20, 0n],
      [25, 3n],
    ]);
    expect(sig('tb.dut.count').changes).toEqual([
      [0, 0n],
      [15, 4n],
    ]);
    expect(sig('tb.dut.level').reals).toEqual([0, -2.75]);
    expect(sig('tb.dut.level').changes).toEqual([
      [0, 0n],
      [10, -2n],
    ]);
    expect(sig('tb.dut.bus[3]').changes).toEqual([
      [0, 1n],
      [10, 0n],
    ]);
  });

  it('reads x and z as 0 with a flag, extending short values as IEEE 1364 says', () => {
    const data = sig('tb.data');
    expect(valueAt(data, 0)).toBe(0n);
    expect(unknownAt(data, 0)).toBe(true); // bx extends to all x
    expect(unknownAt(data, 5)).toBe(false);
    const nib = sig('tb.nib');
    expect(valueAt(nib, 5)).toBe(0b0010n); // b1x → 001x
    expect(unknownAt(nib, 5)).toBe(true);
    expect(valueAt(nib, 15)).toBe(1n);
    expect(unknownAt(nib, 15)).toBe(false);
    const flag = sig('tb.dut.flag');
    expect([0, 10, 15].map((t) => [valueAt(flag, t), unknownAt(flag, t)])).toEqual([
      [0n, true],
      [0n, true],
      [1n, false],
    ]);
  });

  it('shares one change list between aliases of an identifier code', () => {
    expect(sig('tb.dut.clk').changes).toBe(sig('tb.clk').changes);
    expect(sig('tb.clk').changes.map(([t, v]) => `${t}:${v}`)).toEqual(['0:0', '5:1', '10:0', '15:1', '20:0', '25:0']);
  });

  it('answers valueAt between, at and before changes', () => {
    const data = sig('tb.data');
    expect(valueAt(data, 4)).toBe(0n);
    expect(valueAt(data, 5)).toBe(10n);
    expect(valueAt(data, 9)).toBe(10n);
    expect(valueAt(data, 10)).toBe(255n);
    expect(valueAt(data, 1000)).toBe(3n);
    const ev = sig('tb.blk.ev');
    expect(valueAt(ev, 3)).toBe(0n);
    expect(unknownAt(ev, 3)).toBe(true); // never dumped
  });

  it('samples at rising clock edges and finds signals by unique ending', () => {
    const trace = vcdToTrace(vcd, { signals: ['data', 'dut.count', 'tb.nib'], signed: ['nib'] });
    // Rises (from a known non-1) at 5 and 15 only; 25 keeps clk low.
    expect(trace.startCycle).toBe(1);
    expect(trace.signals).toEqual([
      { name: 'data', width: 8, signed: false },
      { name: 'dut.count', width: 32, signed: false },
      { name: 'tb.nib', width: 4, signed: true },
    ]);
    expect(trace.values).toEqual([
      [10n, 255n],
      [0n, 4n],
      [2n, 1n],
    ]);
    expect(findVcdSignal(vcd, 'clk').name).toBe('tb.clk'); // aliases: the shallowest
    expect(() => findVcdSignal(vcd, 'nope')).toThrow(/no signal 'nope'; available: tb\.clk, tb\.data/);
  });

  it('reports malformed input with the line it is on', () => {
    const header = '$timescale 1ns $end\n$scope module m $end\n$var wire 2 ! a $end\n$upscope $end\n$enddefinitions $end\n';
    const cases: [string, RegExp][] = [
      [header + '#0\nb10 "\n', /line 7: .*undeclared identifier code '"'/],
      [header + '#5\n#3\n', /line 7: simulation time goes back from 5 to 3/],
      [header + '#0\nb12 !\n', /line 7: bad binary value '12'/],
      [header + '#0\nq!\n', /line 7: unexpected 'q!'/],
      ['$scope module m $end\n$var wire 1 ! a\n', /line 2: \$var has no \$end/],
      ['$timescale 3 ns $end\n$enddefinitions $end\n', /bad \$timescale '3ns'/],
      ['$scope module m $end\n', /ends before \$enddefinitions/],
      ['$scope module m $end\n$var wire 1 ! a $end\n$var wire 2 ! b $end\n$enddefinitions $end\n', /declared 1 bits wide, here 2/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseVcd(text)).toThrow(VcdParseError);
      expect(() => parseVcd(text)).toThrow(message);
    }
  });

  it('accepts a dump with declarations only, and unknown declaration keywords', () => {
    const vcd2 = parseVcd('$attrbegin misc 07 foo 1 $end\n$scope module m $end\n$var logic 3 ! q [2:0] $end\n$upscope $end\n$enddefinitions $end\n');
    expect(vcd2.signals.map((s) => [s.name, s.width])).toEqual([['m.q', 3]]);
    expect(vcd2.endTime).toBe(0);
    expect(vcd2.timescale).toBeNull();
  });
});
