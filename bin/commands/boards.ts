// `spikeforge boards`: the boards `build` knows, with their devices, clocks
// and flows; `spikeforge boards <id>` lists one board's resources (the names
// `--pins` takes) with their pins.
import { boardGroups, boardResources, type BoardDef } from '../../boards/board.ts';
import { BOARDS, findBoard } from '../../boards/defs/index.ts';
import type { ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import { formatTable } from '../table.ts';

const FLOW: Record<BoardDef['flow'], string> = {
  ice40: 'bitstream (yosys + nextpnr-ice40, built in)',
  ecp5: 'LPF + nextpnr-ecp5 script, yosys estimate',
  vivado: 'XDC + Vivado Tcl, yosys estimate',
  quartus: 'QSF + Quartus Tcl, yosys estimate',
};

function clocks(b: BoardDef): string {
  return b.clocks.map((c) => `${c.name} ${c.frequencyMHz} MHz (pin ${c.pin})`).join(', ');
}

function listText(): string {
  const rows: string[][] = [['board', 'name', 'device', 'clock', 'leds', 'buttons', 'uart', 'flow']];
  for (const b of BOARDS) {
    const c0 = b.clocks[0]!;
    rows.push([b.id, b.name, b.device.part, `${c0.frequencyMHz} MHz (pin ${c0.pin})${b.clocks.length > 1 ? ` +${b.clocks.length - 1}` : ''}`, String(b.leds.length), String(b.buttons.length), b.uart ? 'yes' : 'no', FLOW[b.flow]]);
  }
  return [formatTable(rows), '', "run 'spikeforge boards <board>' for its resources and pins."].join('\n');
}

function boardText(b: BoardDef): string {
  const d = b.device;
  const c = d.capacity;
  const lines = [
    `${b.name} (${b.maker}), board id '${b.id}'`,
    `  device:  ${d.part} (${d.vendor} ${d.family}, ${d.device}, package ${d.package}${d.speedGrade ? `, speed ${d.speedGrade}` : ''})`,
    `  size:    ${c.logic} ${c.logicUnit}, ${c.flipFlops} FFs, ${c.blockRams} block RAMs of ${c.blockRamBits / 1024} kbit${c.spram ? `, ${c.spram} SPRAM` : ''}, ${c.dsp} DSP, ${c.plls} PLL`,
    `  clocks:  ${clocks(b)}`,
    `  flow:    ${FLOW[b.flow]}`,
  ];
  if (b.reset) lines.push(`  reset:   ${b.reset}`);
  if (b.uart) lines.push(`  uart:    tx pin ${b.uart.tx.pin}, rx pin ${b.uart.rx.pin} (${b.uart.note})`);
  for (const n of b.notes ?? []) lines.push(`  note:    ${n}`);
  lines.push(`  sources: ${b.sources.join('; ')}`, '', '  resources:');
  const rows: string[][] = [['name', 'kind', 'pin', 'dir', 'io standard', 'label']];
  for (const r of boardResources(b)) {
    rows.push([r.name, r.kind, r.pin, r.direction, r.ioStandard ?? '-', `${r.label ?? ''}${r.activeLow ? ' (active low)' : ''}${r.pull ? ` (pull-${r.pull})` : ''}`]);
  }
  lines.push(formatTable(rows, '    '), '', `  groups: ${boardGroups(b).map((g) => `${g.name} (${g.members.length})`).join(', ')}`);
  return lines.join('\n');
}

export const boardsCommand: Command = {
  name: 'boards',
  summary: 'list the boards build knows (devices, clocks, flows), or one board\'s resources and pins',
  usage: 'boards [<board>] [--json]',
  description: 'Without an argument, lists every board with its device, clocks and flow. With a board id,\nlists its resources: the names --pins takes, with their package pins and IO standards.',
  options: [{ name: 'json', kind: 'flag', help: 'print the board definitions as JSON' }],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const id = args.positionals[0];
    if (args.positionals.length > 1) throw new UserError(`unexpected argument '${args.positionals[1]}'`, { details: ['usage: spikeforge boards [<board>] [--json]'] });
    const known = (): string[] => [`boards: ${BOARDS.map((b) => b.id).join(', ')}`];
    const board = id === undefined ? undefined : findBoard(id);
    if (id !== undefined && !board) throw new UserError(`unknown board '${id}'`, { details: known() });
    if (args.flags.has('json')) {
      const data = board ? { ...board, resources: boardResources(board) } : BOARDS;
      io.out(JSON.stringify(data, null, 2));
      return EXIT_OK;
    }
    io.out(board ? boardText(board) : listText());
    return EXIT_OK;
  },
};
