// `spikeforge ir`: the IR of a design as the stable text dump or as JSON,
// after constant folding and dead-logic removal (what the generators get), or
// as elaborated with --raw.
import { dumpIr, irToJson } from '../../hdl/passes/index.ts';
import type { ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { EXIT_OK } from '../errors.ts';
import { DESIGN_OPTIONS, elaborateDesign, prepareDesign } from '../prepare.ts';
import { optimise } from '../optimise.ts';

export const irCommand: Command = {
  name: 'ir',
  summary: 'print the IR of a design (text dump or JSON)',
  usage: 'ir <design.ts> [--top <name>] [--param <name=value>]... [--json] [--raw]',
  description: [
    'Elaborates the design (running the IR checks) and prints its IR to stdout:',
    'by default the text dump after constant folding and dead-logic removal, the',
    'IR the generators consume. --raw prints it as elaborated; --json prints the',
    'exact JSON encoding instead of the text dump.',
  ].join('\n'),
  options: [
    ...DESIGN_OPTIONS,
    { name: 'json', kind: 'flag', help: 'print the IR as JSON' },
    { name: 'raw', kind: 'flag', help: 'the IR as elaborated (no constant folding or dead-logic removal)' },
  ],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const { chosen, params } = await prepareDesign(args, 'ir');
    const elaborated = elaborateDesign(chosen.design, params);
    const ir = args.flags.has('raw') ? elaborated : optimise(elaborated);
    io.out(args.flags.has('json') ? irToJson(ir, { indent: 2 }) : dumpIr(ir));
    return EXIT_OK;
  },
};
