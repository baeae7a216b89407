// `spikeforge build`: a design onto a board. iCE40 boards get a bitstream
// (Yosys, nextpnr-ice40 and icepack in WebAssembly), the others the
// constraints, a vendor project script and a Yosys utilisation estimate.
// Everything lands in one output folder, atomically; a build that fails after
// its tools ran leaves its logs in `<out>.failed`.
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildForBoard, BuildFailure, type BuildResult, type WrapperInfo } from '../../boards/build.ts';
import { BOARDS, findBoard } from '../../boards/defs/index.ts';
import { isBoardError } from '../../boards/errors.ts';
import { designPorts, mergePinSpecs } from '../../boards/pins.ts';
import { buildBoardTop, NEUROSYNAPTIC_CORE_PORTS } from '../../boards/wrapper/index.ts';
import type { Progress } from '../../boards/flows/progress.ts';
import { optionValue, type ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import { optimise } from '../optimise.ts';
import { DESIGN_OPTIONS, elaborateDesign, prepareDesign } from '../prepare.ts';
import { timed } from '../progress.ts';
import { formatTable } from '../table.ts';
import { displayPath } from '../user-frames.ts';

function boardList(): string {
  return BOARDS.map((b) => `${b.id} (${b.device.part})`).join(', ');
}

function parseFreq(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const f = Number(text);
  if (!Number.isFinite(f) || f <= 0 || text.trim() === '') throw new UserError(`--freq '${text}': expected a frequency in MHz greater than 0, e.g. --freq 24`);
  return f;
}

function summary(io: Io, r: BuildResult): void {
  const rep = r.report;
  const w = rep.wrapper;
  io.out(`built ${w ? `${w.core} in the board wrapper` : rep.design.top} for ${rep.board.name} (${rep.board.part}) in ${displayPath(r.out)}`);
  if (rep.clock) io.out(`  clock:   ${rep.clock.port} on ${rep.clock.source}, ${rep.clock.frequencyMHz} MHz`);
  if (rep.clock?.system && !w) io.out(`  system:  ${rep.clock.system.frequencyMHz.toFixed(3)} MHz from ${rep.clock.system.via}`);
  if (w) io.out(`  wrapper: ${w.systemMHz.toFixed(3)} MHz${w.pll ? ` from ${w.pll}` : ' from the oscillator'}, UART ${w.baud} baud`);
  for (const t of rep.timing ?? []) {
    io.out(`  fmax:    ${t.clock} ${t.achievedMHz.toFixed(2)} MHz (${t.met ? 'met' : 'NOT met'}, target ${t.targetMHz} MHz)`);
    if (t.worstPath) io.out(`  worst:   ${t.worstPath.from} -> ${t.worstPath.to}, ${t.worstPath.delayNs} ns, ${t.worstPath.logicLevels} logic levels`);
  }
  if (rep.utilisation) {
    io.out(`  utilisation (${rep.utilisation.source}${rep.result === 'estimate' ? ', an estimate' : ''}):`);
    io.out(formatTable([['resource', 'used', 'available', '%'], ...rep.utilisation.lines.map((l) => [l.what, l.used, l.available, l.percent.toFixed(1)] as (string | number)[])], '    '));
  }
  io.out('  pins:');
  io.out(formatTable([['port', 'pin', 'carries'], ...rep.pins.map((p) => [p.port, p.pin, p.carries + (p.inverted ? ' (inverted)' : '')])], '    '));
  const bin = rep.files.find((f) => f.endsWith('.bin'));
  if (bin) io.out(`  bitstream: ${displayPath(join(r.out, bin))} (${statSync(join(r.out, bin)).size} bytes)`);
  const script = rep.files.find((f) => f === 'build.tcl' || f === 'build.sh');
  if (script && rep.result === 'estimate') io.out(`  vendor build: ${displayPath(join(r.out, script))}`);
  for (const n of rep.notes) io.out(`  note: ${n}`);
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'build a design for a board: constraints, bitstream (iCE40) or vendor project, utilisation and Fmax',
  usage: 'build <design.ts> --board <id> [--freq <MHz>] [--pins <port=resource,...>]... [--wrap auto|yes|no] [--top <name>] [--param <name=value>]... [--out <dir>]',
  description: [
    'Maps the design\'s ports to board pins (clock to the board clock, reset to the reset',
    'button, other inputs to buttons and switches, outputs to LEDs; --pins overrides),',
    'wraps the design in a pin-level top and runs the board\'s flow:',
    '  iCE40 boards: Yosys, nextpnr-ice40 and icepack (WebAssembly, no install): a .bin,',
    '    utilisation and Fmax; timing or resources that do not fit are errors;',
    '  ECP5, 7-series, Zynq and Cyclone V boards: LPF/XDC/QSF constraints, a nextpnr/Vivado/',
    '    Quartus build script and a Yosys utilisation estimate.',
    'A spiking core with the AER ports of ip/core (in_valid, in_ready, in_tick, in_axon,',
    'out_valid, out_ready, out_addr, busy) goes into the board wrapper (boards/wrapper:',
    'PLL, reset synchroniser, UART spike bridge, activity LEDs) unless --wrap no; any other',
    'design goes on the pins as it is, with a PLL when --freq differs from the board clock.',
    'The output folder (default out/<Top>-<board>) appears only when the build succeeds;',
    'a build that fails after its tools ran leaves its logs in <out>.failed.',
    '--pins takes port=resource, port[bit]=resource, port=group (leds, buttons, switches or',
    'a header: bit 0 on the first pin), port=r0+r1+..., port=pin:<package pin>, port=0|1',
    '(tie an input) or port=none (leave an output open). See the resources with',
    "'spikeforge boards <board>'.",
  ].join('\n'),
  options: [
    { name: 'board', kind: 'string', value: 'id', help: `the board (${BOARDS.map((b) => b.id).join(', ')})` },
    { name: 'freq', kind: 'string', value: 'MHz', help: 'the design clock frequency (default: the board clock)' },
    { name: 'pins', kind: 'string', value: 'port=resource,...', repeat: true, help: 'map ports to board resources (see above)' },
    { name: 'wrap', kind: 'string', value: 'auto|yes|no', help: "put the design in the board wrapper (PLL, reset synchroniser, UART spike bridge, LEDs); 'auto' (default): when it has the core's AER ports" },
    ...DESIGN_OPTIONS,
    { name: 'out', kind: 'string', value: 'dir', help: "output folder (default 'out/<Top>-<board>')" },
  ],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const boardId = optionValue(args, 'board');
    if (boardId === undefined) throw new UserError('build needs --board <id>', { details: [`boards: ${boardList()}`, 'see: spikeforge boards'] });
    const board = findBoard(boardId);
    if (!board) throw new UserError(`unknown board '${boardId}'`, { details: [`boards: ${boardList()}`, 'see: spikeforge boards'] });
    const freq = parseFreq(optionValue(args, 'freq'));
    const wrapMode = optionValue(args, 'wrap') ?? 'auto';
    if (!['auto', 'yes', 'no'].includes(wrapMode)) throw new UserError(`--wrap '${wrapMode}': expected auto, yes or no`);
    const { chosen, params } = await prepareDesign(args, 'build');
    let ir = optimise(elaborateDesign(chosen.design, params));
    const designTop = ir.top;
    const out = optionValue(args, 'out') ?? join('out', `${designTop}-${board.id}`);
    const progress: Progress = { step: (label, work) => timed(io, label, work), note: (t) => io.err(t) };
    const start = Date.now();
    let pins = args.values.get('pins') ?? [];
    try {
      const names = new Set(designPorts(ir).map((p) => p.name));
      const wrap = wrapMode === 'yes' || (wrapMode === 'auto' && Object.values(NEUROSYNAPTIC_CORE_PORTS).every((n) => names.has(n)));
      let wrapper: WrapperInfo | undefined;
      if (wrap) {
        const top = buildBoardTop(board, { design: chosen.design, params }, {
          ...(freq === undefined ? {} : { freqMHz: freq }),
          name: `${designTop}_board_top`,
        });
        ir = optimise(elaborateDesign(top.design, {}));
        pins = mergePinSpecs(top.pins, pins);
        const pll = top.clock.pll;
        wrapper = { core: designTop, systemMHz: top.clock.systemMHz, pll: pll ? `${pll.primitive} (DIVR ${pll.config.divr}, DIVF ${pll.config.divf}, DIVQ ${pll.config.divq})` : null, baud: top.uart.baud };
        io.err(`wrapping ${designTop} in the board top (${wrapper.systemMHz.toFixed(3)} MHz${pll ? ` from ${pll.primitive}` : ''}, UART ${wrapper.baud} baud)`);
      }
      const r = await buildForBoard({ board, ir, pins, ...(freq === undefined || wrapper ? {} : { freqMHz: freq }), ...(wrapper ? { wrapper } : {}), out, progress });
      summary(io, r);
      io.err(`build of ${designTop} for ${board.id}: done in ${((Date.now() - start) / 1000).toFixed(1)}s`);
      return EXIT_OK;
    } catch (e) {
      if (isBoardError(e)) {
        const details = e instanceof BuildFailure ? e.details.map((d) => d.replace(e.failedDir, relative(process.cwd(), e.failedDir) || e.failedDir)) : e.details;
        throw new UserError(e.message, { code: e.code, details, cause: e });
      }
      throw e;
    }
  },
};
