// The iCE40 flow end to end, as a user runs it: `spikeforge build` of the
// counter for the iCEBreaker at 24 MHz (so through the PLL), in WebAssembly.
// One build is shared by the tests (it takes tens of seconds); a second one
// asks for more than the counter can do and must fail on timing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardResources } from '../../boards/board.ts';
import { findBoard } from '../../boards/defs/index.ts';
import { BoardError } from '../../boards/errors.ts';
import { assertTiming, clockTiming } from '../../boards/flows/ice40.ts';
import { describePath, parseNextpnrReport } from '../../boards/flows/nextpnr-report.ts';
import type { BuildReport } from '../../boards/flows/report.ts';
import { EXAMPLES, removeWorkDirs, spikeforge, workDir, type CliResult } from '../cli/harness.ts';

afterAll(removeWorkDirs);

const board = findBoard('icebreaker')!;
let dir: string;
let out: string;
let run: CliResult;
let report: BuildReport;

beforeAll(async () => {
  dir = workDir();
  run = await spikeforge(['build', join(EXAMPLES, 'counter.ts'), '--board', 'icebreaker', '--freq', '24', '--pins', 'count=pmod1a', '--out', 'hw/counter'], dir);
  out = join(dir, 'hw/counter');
  if (run.code === 0) report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as BuildReport;
});

describe('spikeforge build counter.ts --board icebreaker --freq 24', () => {
  it('succeeds and says what it built', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('built Counter for iCEBreaker (iCE40UP5K-SG48) in hw/counter');
    expect(run.stdout).toMatch(/system: {2}24\.000 MHz from SB_PLL40_PAD/);
    // Long steps show progress with the elapsed time on stderr.
    expect(run.stderr).toMatch(/yosys synth_ice40 \(Counter_icebreaker\): done in \d+\.\ds/);
    expect(run.stderr).toMatch(/nextpnr-ice40 --up5k --package sg48: done in \d+\.\ds/);
  });

  it('leaves only the output folder: no temporary or .failed folder', () => {
    expect(readdirSync(join(dir, 'hw'))).toEqual(['counter']);
    expect(readdirSync(out).sort()).toEqual(report.files);
    for (const f of ['Counter_icebreaker.v', 'Counter_icebreaker.pcf', 'Counter_icebreaker.json', 'Counter_icebreaker.asc', 'Counter_icebreaker.bin', 'nextpnr-report.json', 'report.json', 'build.sh']) {
      expect(report.files).toContain(f);
    }
  });

  it('writes an iCE40 bitstream', () => {
    const bin = readFileSync(join(out, 'Counter_icebreaker.bin'));
    expect(bin.length).toBeGreaterThan(1000);
    // The iCE40 configuration synchronisation word.
    expect(bin.indexOf(Buffer.from([0x7e, 0xaa, 0x99, 0x7e]))).toBeGreaterThanOrEqual(0);
  });

  it('reports Fmax above the 24 MHz PLL clock, and logic cells in use', () => {
    expect(report.ok).toBe(true);
    expect(report.result).toBe('bitstream');
    expect(report.clock).toMatchObject({ port: 'clk12', frequencyMHz: 12, system: { frequencyMHz: 24 } });
    const t = report.timing!;
    expect(t).toHaveLength(1);
    expect(t[0]!.achievedMHz).toBeGreaterThan(24);
    expect(t[0]!.targetMHz).toBeCloseTo(24, 1);
    expect(t[0]!.met).toBe(true);
    expect(t[0]!.worstPath!.logicLevels).toBeGreaterThan(0);
    const lc = report.utilisation!.lines.find((l) => l.what === 'logic (LC)')!;
    expect(lc.used).toBeGreaterThan(0);
    expect(lc.available).toBe(5280);
    expect(report.utilisation!.source).toBe('nextpnr placement');
    expect(report.utilisation!.cells['SB_PLL40_PAD']).toBe(1);
  });

  it('constrains every bit of every port on the pin the board gives it', () => {
    const carried = report.pins.map((p) => p.carries).sort();
    expect(carried).toEqual(['clear', 'clk', 'count[0]', 'count[1]', 'count[2]', 'count[3]', 'count[4]', 'count[5]', 'count[6]', 'count[7]', 'en', 'rst']);
    const pcf = readFileSync(join(out, 'Counter_icebreaker.pcf'), 'utf8');
    const byName = new Map(boardResources(board).map((r) => [r.name, r.pin]));
    for (const p of report.pins) {
      expect(p.pin).toBe(byName.get(p.port));
      expect(pcf).toMatch(new RegExp(`^set_io ${p.port} ${p.pin} `, 'm'));
    }
  });

  it('names the worst path when a clock misses its target', () => {
    const r = parseNextpnrReport(readFileSync(join(out, 'nextpnr-report.json'), 'utf8'));
    const clocks = clockTiming(r);
    expect(() => assertTiming(clocks, 'icebreaker')).not.toThrow();
    const tooFast = clocks.map((c) => ({ ...c, targetMHz: c.achievedMHz * 2, met: false }));
    let err: BoardError | undefined;
    try {
      assertTiming(tooFast, 'icebreaker');
    } catch (e) {
      err = e as BoardError;
    }
    expect(err).toBeInstanceOf(BoardError);
    expect(err!.code).toBe('timing');
    const path = tooFast[0]!.worstPath!;
    expect(err!.details.join('\n')).toContain(describePath(path));
    expect(describePath(path)).toMatch(/^worst path from .+ to .+: \d+\.\d\d ns, \d+ logic levels?$/);
  });
});

describe('a timing failure', () => {
  it('fails with the clock, the achieved frequency and the worst path, and keeps the logs in <out>.failed', async () => {
    const d = workDir();
    const r = await spikeforge(['build', join(EXAMPLES, 'counter.ts'), '--board', 'icebreaker', '--freq', '200', '--pins', 'count=pmod1a', '--out', 'fast'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/spikeforge: error: timing not met on board 'icebreaker': clock 'core_clk' is too slow/);
    // The PLL's nearest output to 200 MHz is what nextpnr checks.
    expect(r.stderr).toMatch(/clock 'core_clk': reaches \d+\.\d\d MHz, needs 20\d\.\d\d MHz/);
    // The path ends on output pins, named by the counter bits they carry.
    expect(r.stderr).toMatch(/worst path from 'count\[\d\]' on pin pmod1a_\d+ \(cell .+, port \w+\) to 'count\[\d\]' on pin pmod1a_\d+ \(cell .+\): \d+\.\d\d ns/);
    expect(r.stderr).toMatch(/logs and the partial report are in fast\.failed/);
    expect(existsSync(join(d, 'fast'))).toBe(false);
    const failed = JSON.parse(readFileSync(join(d, 'fast.failed', 'report.json'), 'utf8')) as BuildReport;
    expect(failed.ok).toBe(false);
    expect(failed.problems[0]).toMatch(/timing not met/);
    expect(readdirSync(join(d, 'fast.failed'))).toEqual(expect.arrayContaining(['nextpnr.log', 'yosys.log', 'report.json']));
  });
});
