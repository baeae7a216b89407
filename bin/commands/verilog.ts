// `spikeforge verilog`: elaborate, fold constants, drop dead logic, emit
// Verilog and write <out>/<Top>.v atomically (named after the top module's Verilog name). Nothing is written unless every
// step succeeded.
import { resolve, join } from 'node:path';
import { topModule } from '../../hdl/index.ts';
import { emitVerilog, verilogModuleNames } from '../../generators/verilog/index.ts';
import { optionValue, type ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import { optimise } from '../optimise.ts';
import { DESIGN_OPTIONS, elaborateDesign, prepareDesign } from '../prepare.ts';
import { displayPath } from '../user-frames.ts';
import { writeFileAtomic } from '../write-atomic.ts';

function countLines(text: string): number {
  if (text.length === 0) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export const verilogCommand: Command = {
  name: 'verilog',
  summary: 'elaborate a design and write <out>/<Top>.v',
  usage: 'verilog <design.ts> [--top <name>] [--param <name=value>]... [--out <dir>]',
  description: [
    'Elaborates the design (running the IR checks), folds constants, removes dead',
    'logic and writes the Verilog of the top module and every module below it to',
    '<dir>/<TopModule>.v. The file is written atomically; on any error nothing is',
    'written and every diagnostic is printed with the file:line of the design.',
  ].join('\n'),
  options: [...DESIGN_OPTIONS, { name: 'out', kind: 'string', value: 'dir', help: "output directory (default 'out'; created when missing)" }],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const { chosen, params } = await prepareDesign(args, 'verilog');
    const ir = optimise(elaborateDesign(chosen.design, params));
    const text = emitVerilog(ir);
    const dir = resolve(optionValue(args, 'out') ?? 'out');
    // The file is named after the top module as Verilog spells it (legalised names may differ from the IR's).
    const vnames = verilogModuleNames(ir);
    const topName = vnames.get(ir.top) ?? ir.top;
    const path = join(dir, `${topName}.v`);
    try {
      writeFileAtomic(path, text);
    } catch (e) {
      throw new UserError(`cannot write '${displayPath(path)}': ${e instanceof Error ? e.message : String(e)}`);
    }
    const top = topModule(ir);
    const inputs = top.ports.filter((p) => p.dir === 'input').length;
    const outputs = top.ports.length - inputs;
    io.out(`wrote ${displayPath(path)}`);
    io.out(`  top:     ${topName} (${inputs} input${inputs === 1 ? '' : 's'}, ${outputs} output${outputs === 1 ? '' : 's'})`);
    io.out(`  modules: ${ir.modules.length} (${ir.modules.map((m) => vnames.get(m.name) ?? m.name).join(', ')})`);
    io.out(`  size:    ${countLines(text)} lines, ${Buffer.byteLength(text)} bytes`);
    return EXIT_OK;
  },
};
