// `spikeforge info`: the designs a file exports and their parameters, read
// from the source (the file is not run), as text or JSON.
import type { ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { readDesignInfo, type DesignInfo, type FileInfo } from '../design-info.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import { resolveDesignPath } from '../load-design.ts';
import { formatTable } from '../table.ts';

function describeDesign(d: DesignInfo): string[] {
  const lines = [`${d.export}${d.name !== null && d.name !== d.export ? ` (design '${d.name}')` : d.name === null ? ' (design name not a constant)' : ''}  ${d.loc}`];
  if (d.alsoExportedAs) lines.push(`  also exported as: ${d.alsoExportedAs.join(', ')}`);
  if (d.doc) for (const p of d.doc.split('\n')) lines.push(`  ${p}`);
  if (d.docOption) lines.push(`  doc option: ${d.docOption}`);
  if (d.params.length === 0) {
    lines.push('  parameters: none');
    return lines;
  }
  lines.push(`  parameters${d.paramsType ? ` (${d.paramsType})` : ''}:`);
  const rows: string[][] = [['name', 'type', 'default', 'doc']];
  for (const p of d.params) rows.push([`${p.name}${p.optional ? '?' : ''}`, p.type, p.defaultText ?? '-', p.doc ?? '']);
  lines.push(formatTable(rows, '    '));
  return lines;
}

export function formatInfo(info: FileInfo): string {
  const blocks = info.designs.map((d) => describeDesign(d).join('\n'));
  return [`${info.file}: ${info.designs.length} design${info.designs.length === 1 ? '' : 's'}`, '', blocks.join('\n\n')].join('\n');
}

export const infoCommand: Command = {
  name: 'info',
  summary: 'list the designs a file exports, with their parameters (without running it)',
  usage: 'info <design.ts> [--json]',
  description: [
    'Reads the design file with the TypeScript compiler, without running it, and',
    'lists every exported design(...) call: export name, design name, doc comment',
    'and each parameter with its type, default and doc comment (from the parameter',
    'interface, e.g. `{ width: 8 } as CounterParams`).',
  ].join('\n'),
  options: [{ name: 'json', kind: 'flag', help: 'print the result as JSON' }],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const path = resolveDesignPath(args.positionals[0], 'info');
    if (args.positionals.length > 1) throw new UserError(`unexpected argument '${args.positionals[1]}'`, { details: ['usage: spikeforge info <design.ts> [--json]'] });
    const info = readDesignInfo(path);
    io.out(args.flags.has('json') ? JSON.stringify(info, null, 2) : formatInfo(info));
    return EXIT_OK;
  },
};
