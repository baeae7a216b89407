// `spikeforge check`: the IR checks (elaboration runs them), then Verilator's
// lint when it is installed, then a Yosys synthesis with `check -assert` and
// no latches allowed, then a cell-count summary. Every step runs and reports;
// the exit code is 1 when any of them failed.
import { emitVerilog } from '../../generators/verilog/index.ts';
import { synthCheck } from '../../boards/yosys.ts';
import { lintVerilog } from '../../testbenches/verilator-lint.ts';
import { findTool, toolsRequired } from '../../testbenches/tools.ts';
import type { ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { EXIT_OK, EXIT_USER, isDesignError } from '../errors.ts';
import { optimise } from '../optimise.ts';
import { DESIGN_OPTIONS, elaborateDesign, prepareDesign } from '../prepare.ts';
import { timed } from '../progress.ts';
import { formatTable } from '../table.ts';
import { displayPath } from '../user-frames.ts';

function indent(lines: readonly string[]): string[] {
  return lines.flatMap((l) => l.split('\n')).map((l) => `    ${l}`);
}

/** The last lines of a tool log, for when a failure has no other message. */
function tail(log: string | undefined, n = 20): string[] {
  return (log ?? '').trimEnd().split('\n').slice(-n);
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'IR checks, Verilator lint and a Yosys synthesis check',
  usage: 'check <design.ts> [--top <name>] [--param <name=value>]...',
  description: [
    'Runs every check on a design and reports each step:',
    '  1. IR checks (widths, drivers, combinational loops), run by elaboration;',
    '  2. verilator --lint-only -Wall on the generated Verilog, when verilator is',
    '     installed (skipped otherwise; SPIKEFORGE_REQUIRE_TOOLS=1 makes that a failure);',
    '  3. Yosys synthesis with check -assert, failing on any latch;',
    '  4. a summary of the synthesised cells.',
    'Exits with 1 when any step fails, after printing the tool messages.',
  ].join('\n'),
  options: [...DESIGN_OPTIONS],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const { chosen, params, path } = await prepareDesign(args, 'check');
    io.out(`checking design '${chosen.design.name}' from ${displayPath(path)}`);
    let elaborated;
    try {
      elaborated = elaborateDesign(chosen.design, params);
    } catch (e) {
      if (isDesignError(e)) io.out('IR checks: failed');
      throw e;
    }
    io.out(`IR checks: ok (${elaborated.modules.length} module${elaborated.modules.length === 1 ? '' : 's'})`);
    const ir = optimise(elaborated);
    const verilog = emitVerilog(ir);
    const failures: string[] = [];

    if (!findTool('verilator')) {
      const msg = 'verilator not installed (apt-get install verilator)';
      if (toolsRequired()) {
        io.out(`Verilator lint: failed: ${msg} and SPIKEFORGE_REQUIRE_TOOLS=1`);
        failures.push('verilator lint');
      } else io.out(`Verilator lint: skipped: ${msg}`);
    } else {
      const lint = await timed(io, 'verilator --lint-only -Wall', () => lintVerilog(verilog, ir.top));
      const warnings = lint.warnings.map(String);
      if (lint.ok) io.out(`Verilator lint: ok${warnings.length ? ` (${warnings.length} note${warnings.length === 1 ? '' : 's'})` : ''}`);
      else {
        io.out('Verilator lint: failed');
        failures.push('verilator lint');
      }
      if (warnings.length) io.out(indent(warnings).join('\n'));
    }

    const [synth] = await timed(io, `yosys synthesis of ${ir.top}`, () => synthCheck([{ verilog, top: ir.top }]));
    const { latches, memories, errors, warnings } = synth!;
    const mems = `${memories} inferred memor${memories === 1 ? 'y' : 'ies'}`;
    if (synth!.ok && latches === 0) io.out(`Yosys synth: ok (check -assert passed, no latches, ${mems})`);
    else {
      io.out(`Yosys synth: failed${latches ? ` (${latches} latch${latches === 1 ? '' : 'es'})` : ''}`);
      io.out(indent(errors.length ? errors : [...warnings, ...tail(synth!.log)]).join('\n'));
      failures.push('yosys synthesis');
    }

    const cells = Object.entries(synth!.cells).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    io.out('');
    if (cells.length) {
      const total = cells.reduce((sum, [, n]) => sum + n, 0);
      io.out(`cells after synthesis (${ir.top}, flattened, generic cell library):`);
      io.out(formatTable([['cell', 'count'], ...cells.map(([c, n]) => [c, n] as [string, number]), ['total', total]]));
    } else io.out(`cells after synthesis (${ir.top}): none`);

    if (failures.length) {
      io.err(`spikeforge: check failed: ${failures.join(', ')}`);
      return EXIT_USER;
    }
    io.out('');
    io.out('all checks passed');
    return EXIT_OK;
  },
};
