// The `spikeforge` command line: dispatches to one module per command (loaded
// only when used, so `info` does not pay for Yosys and `verilog` not for the
// TypeScript compiler) and turns errors into exit codes:
// 0 ok, 1 the user's input is wrong, 2 internal error (stack with --debug).
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../hdl/index.ts';
import { COMMON_OPTIONS, formatOptions, parseArgs } from './args.ts';
import { processIo, type Command, type Io } from './command.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USER, isDesignError, UserError } from './errors.ts';

interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: CommandEntry[] = [
  { name: 'verilog', summary: 'elaborate a design and write <out>/<Top>.v', load: async () => (await import('./commands/verilog.ts')).verilogCommand },
  { name: 'ir', summary: 'print the IR of a design (text dump or JSON)', load: async () => (await import('./commands/ir.ts')).irCommand },
  { name: 'check', summary: 'IR checks, Verilator lint and a Yosys synthesis check', load: async () => (await import('./commands/check.ts')).checkCommand },
  { name: 'info', summary: 'list the designs a file exports, with their parameters (without running it)', load: async () => (await import('./commands/info.ts')).infoCommand },
  { name: 'sim', summary: 'co-simulate a testbench file against its golden model on the chosen back ends', load: async () => (await import('./commands/sim.ts')).simCommand },
  { name: 'wave', summary: 'draw signals of a VCD as a WaveDrom SVG timing diagram', load: async () => (await import('./commands/wave.ts')).waveCommand },
  { name: 'build', summary: 'build a design for a board: constraints, bitstream (iCE40) or vendor project, utilisation, Fmax', load: async () => (await import('./commands/build.ts')).buildCommand },
  { name: 'boards', summary: 'list the boards build knows, or one board\'s resources and pins', load: async () => (await import('./commands/boards.ts')).boardsCommand },
];

const TOP_OPTIONS = [...COMMON_OPTIONS, { name: 'version', kind: 'flag' as const, help: 'print the version' }];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function topHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'spikeforge - spike-driven hardware from TypeScript designs',
    '',
    'usage: spikeforge <command> <design.ts> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'options:',
    formatOptions(TOP_OPTIONS),
    '',
    "run 'spikeforge <command> --help' for the options of a command.",
    'exit codes: 0 ok, 1 error in the design or the command line, 2 internal error.',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  return [`usage: spikeforge ${c.usage}`, '', c.description, '', 'options:', formatOptions([...c.options, ...COMMON_OPTIONS])].join('\n');
}

function reportUserError(io: Io, e: UserError, debug: boolean): void {
  io.err(e.loc ? `${e.loc.file}:${e.loc.line}: error[${e.code ?? 'error'}]: ${e.message}` : `spikeforge: error: ${e.message}`);
  for (const d of e.details) io.err(`  ${d}`);
  if (debug && e.cause instanceof Error && e.cause.stack) io.err(e.cause.stack);
}

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const first = argv[0];
    if (first === undefined || first.startsWith('-')) {
      const args = parseArgs(argv, TOP_OPTIONS, 'spikeforge');
      if (args.flags.has('version')) {
        io.out(version());
        return EXIT_OK;
      }
      if (args.flags.has('help') || args.positionals.length === 0) {
        (args.flags.has('help') ? io.out : io.err)(topHelp());
        return args.flags.has('help') ? EXIT_OK : EXIT_USER;
      }
    }
    const entry = COMMANDS.find((c) => c.name === first);
    if (!entry) {
      throw new UserError(`unknown command '${first}'`, { details: [`commands: ${COMMANDS.map((c) => c.name).join(', ')}`, "see: spikeforge --help"] });
    }
    const command = await entry.load();
    const args = parseArgs(argv.slice(1), [...command.options, ...COMMON_OPTIONS], command.name);
    if (args.flags.has('help')) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(args, io);
  } catch (e) {
    if (isDesignError(e)) {
      for (const d of e.diagnostics) io.err(formatDiagnostic(d));
      const n = e.diagnostics.length;
      io.err(`spikeforge: ${n} error${n === 1 ? '' : 's'} in the design; nothing written`);
      return EXIT_USER;
    }
    if (e instanceof UserError) {
      reportUserError(io, e, debug);
      return EXIT_USER;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`spikeforge: internal error: ${message}`);
    if (debug) io.err(e instanceof Error && e.stack ? e.stack : String(e));
    else io.err('  (run again with --debug for the stack trace)');
    return EXIT_INTERNAL;
  }
}

// Run when this file is the entry point (`tsx bin/cli.ts`); the bin/spikeforge.js shim calls main itself.
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = await main(process.argv.slice(2));
