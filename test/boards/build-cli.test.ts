// `spikeforge build` and `spikeforge boards` on bad input: each mistake is a
// clear message with exit code 1, and nothing is written.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES, removeWorkDirs, spikeforge, workDir, writeFile } from '../cli/harness.ts';

afterAll(removeWorkDirs);

const COUNTER = join(EXAMPLES, 'counter.ts');

describe.concurrent('spikeforge build: bad input', () => {
  it('an unknown board lists the known ones', async () => {
    const d = workDir();
    const r = await spikeforge(['build', COUNTER, '--board', 'icestick'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("spikeforge: error: unknown board 'icestick'");
    expect(r.stderr).toContain('boards: icebreaker (iCE40UP5K-SG48), ice40-hx8k (iCE40HX8K-CT256), ulx3s (LFE5U-85F-6BG381C), arty-a7-35 (xc7a35ticsg324-1L), pynq-z2 (xc7z020clg400-1), de10-nano (5CSEBA6U23I7)');
    expect(readdirSync(d)).toEqual([]);
  });

  it('a missing --board says so', async () => {
    const r = await spikeforge(['build', COUNTER], workDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('spikeforge: error: build needs --board <id>');
  });

  it('a port the board cannot map is named, with what the board has', async () => {
    const d = workDir();
    const r = await spikeforge(['build', COUNTER, '--board', 'icebreaker'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("port 'count' (output, 8 bits) cannot be mapped on board 'icebreaker': it needs 8 pins, the board has 7 LEDs, 7 of them free");
    expect(r.stderr).toContain('map it with --pins count=<resource or group>');
    expect(readdirSync(d)).toEqual([]);
  });

  it('an unknown resource in --pins lists the board resources and groups', async () => {
    const d = workDir();
    const r = await spikeforge(['build', COUNTER, '--board', 'arty-a7-35', '--pins', 'count=pmoda'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--pins 'count=pmoda': board 'arty-a7-35' has no resource or group 'pmoda'");
    expect(r.stderr).toMatch(/groups: leds, buttons, switches, ja, jb, jc, jd/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a frequency the PLL cannot make passes the PLL\'s own message through', async () => {
    const d = workDir();
    const r = await spikeforge(['build', COUNTER, '--board', 'icebreaker', '--pins', 'count=pmod1a', '--freq', '300'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('spikeforge: error: the iCE40 PLL cannot make 300 MHz: its output range is 16 to 275 MHz');
    expect(readdirSync(d)).toEqual([]);
  });

  it('another frequency on a board without PLL support says what it would need', async () => {
    const r = await spikeforge(['build', COUNTER, '--board', 'arty-a7-35', '--pins', 'count=ja', '--freq', '50'], workDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/spikeforge: error: 50 MHz needs a PLL, and the board wrapper instantiates PLLs for iCE40 only; xilinx7 needs MMCME2_BASE or PLLE2_BASE/);
  });

  it('a --freq that is not a frequency, and a bad --wrap', async () => {
    const a = await spikeforge(['build', COUNTER, '--board', 'icebreaker', '--freq', 'fast'], workDir());
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("--freq 'fast': expected a frequency in MHz greater than 0");
    const b = await spikeforge(['build', COUNTER, '--board', 'icebreaker', '--wrap', 'maybe'], workDir());
    expect(b.stderr).toContain("--wrap 'maybe': expected auto, yes or no");
  });

  it('an output folder that is not an earlier build is not replaced', async () => {
    const d = workDir();
    writeFile(d, 'notes.txt', 'mine');
    const r = await spikeforge(['build', COUNTER, '--board', 'icebreaker', '--pins', 'count=pmod1a', '--out', '.'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/will not replace '\.': it is not empty and has no report\.json from an earlier spikeforge build/);
    expect(readdirSync(d)).toEqual(['notes.txt']);
  });

  it('a design with twelve multipliers does not fit the eight DSPs of the UP5K: says so and what would fit', async () => {
    const d = workDir();
    writeFile(d, 'macs.ts', MACS);
    const r = await spikeforge(['build', 'macs.ts', '--board', 'icebreaker', '--pins', 'x=pmod1a', '--out', 'macs'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("spikeforge: error: the design does not fit the iCE40UP5K-SG48 on board 'icebreaker' (after synthesis, before placement)");
    expect(r.stderr).toContain('DSP / multipliers: needs 12, the device has 8');
    expect(r.stderr).toMatch(/devices with enough room \(rough cross-family estimate\): .*\(--board ulx3s\)/);
    expect(readdirSync(d).sort()).toEqual(['macs.failed', 'macs.ts']);
    expect(readdirSync(join(d, 'macs.failed'))).toEqual(expect.arrayContaining(['yosys.log', 'report.json', 'ManyMacs_icebreaker.v']));
  });
});

describe.concurrent('spikeforge build: the board wrapper', () => {
  it('puts a core with the AER ports into the wrapper and maps the wrapper\'s ports', async () => {
    const d = workDir();
    writeFile(d, 'core.ts', CORE);
    const r = await spikeforge(['build', 'core.ts', '--board', 'icebreaker', '--freq', '24', '--pins', 'led_heartbeat=btn1'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('wrapping SmallCore in the board top (24.000 MHz from SB_PLL40_PAD, UART 115200 baud)');
    expect(r.stderr).toMatch(/--pins 'led_heartbeat=btn1': btn1 \(pin 20, BTN1 \(snap-off PMOD2\)\) is an input of the board \(button\), but 'led_heartbeat' is a design output/);
    expect(readdirSync(d)).toEqual(['core.ts']);
  });

  it('--wrap yes on a design without the AER ports names the missing ports', async () => {
    const r = await spikeforge(['build', COUNTER, '--board', 'icebreaker', '--wrap', 'yes'], workDir());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[board-top-core\]: core port map: inValid = 'in_valid' is not a port of the core \(design 'Counter'\)/);
  });
});

describe.concurrent('spikeforge boards', () => {
  it('lists every board with its device, clock and flow', async () => {
    const r = await spikeforge(['boards'], workDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}icebreaker +iCEBreaker +iCE40UP5K-SG48 +12 MHz \(pin 35\) .*bitstream/m);
    expect(r.stdout).toMatch(/^ {2}de10-nano +DE10-Nano +5CSEBA6U23I7 +50 MHz \(pin V11\) \+2 .*Quartus/m);
    expect(r.stdout.match(/^ {2}\S/gm)).toHaveLength(7);
  });

  it('shows one board\'s resources, and rejects an unknown one', async () => {
    const r = await spikeforge(['boards', 'ulx3s'], workDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {4}btn0 +button +D6 +in +LVCMOS33 +BTN_PWRn \(active low\) \(pull-up\)$/m);
    expect(r.stdout).toContain('sources: emard/ulx3s: doc/constraints/ulx3s_v20.lpf');
    const bad = await spikeforge(['boards', 'nope'], workDir());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("spikeforge: error: unknown board 'nope'");
  });
});

const CORE = `import { design } from '${join(EXAMPLES, '..', 'hdl', 'index.ts')}';
import { NeurosynapticCore, type CoreParams } from '${join(EXAMPLES, '..', 'ip', 'core', 'index.ts')}';
import { tinyOdinLif } from '${join(EXAMPLES, '..', 'ip', 'neuron', 'index.ts')}';
const params: CoreParams = {
  neurons: 8, axons: 8, lanes: 1, weightWidth: 4, signMode: 'signed', wordWidth: 32,
  weights: Array.from({ length: 8 }, () => new Array<number>(8).fill(2)),
  inhibitory: [], neuron: tinyOdinLif({ threshold: 10 }), outputFifoDepth: 4,
};
/** An 8 x 8 tinyODIN core. */
export const SmallCore = design('SmallCore', params, NeurosynapticCore.body);
`;

const MACS = `import { design, UInt, type Signal } from '${join(EXAMPLES, '..', 'hdl', 'index.ts')}';
/** Twelve 16x16 multipliers: more than the eight DSP blocks of an iCE40UP5K. */
export const ManyMacs = design('ManyMacs', { count: 12 }, (m, p) => {
  const x = m.input('x', UInt(8));
  const y = m.output('y', UInt(1));
  const regs: Signal[] = [];
  for (let i = 0; i <= p.count; i++) {
    const r = m.reg(\`r\${i}\`, UInt(16), { reset: 0 });
    r.set(x.zext(16).addWrap(i * 4099).xor(i === 0 ? 0 : regs[i - 1]!));
    regs.push(r);
  }
  let acc: Signal | undefined;
  for (let i = 0; i < p.count; i++) {
    const prod = m.reg(\`prod\${i}\`, UInt(32), { reset: 0 });
    prod.set(regs[i]!.mul(regs[i + 1]!));
    acc = acc ? acc.xor(prod) : prod;
  }
  y.set(acc!.xorR());
  return { x, y };
});
`;
