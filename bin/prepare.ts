// The steps every design command starts with: find the file, import it, pick
// the design, read --param, elaborate. Elaboration runs the IR checks, so an
// IrDesign that comes back is one the generators may consume.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { elaborate, skipFramesUnder, type Design, type IrDesign } from '../hdl/index.ts';
import { optionValue, type OptionSpec, type ParsedArgs } from './args.ts';
import { isDesignError, UserError } from './errors.ts';
import { loadDesignFile, pickDesign, resolveDesignPath, type ExportedDesign } from './load-design.ts';
import { parseParams } from './params.ts';
import { displayPath, userFrame } from './user-frames.ts';

// Source locations point at the user's design, never at the command line's own frames.
skipFramesUnder(dirname(fileURLToPath(import.meta.url)));

/** The options of every command that elaborates a design. */
export const DESIGN_OPTIONS: OptionSpec[] = [
  { name: 'top', kind: 'string', value: 'name', help: 'the design to use (export name or design name) when the file exports several' },
  { name: 'param', kind: 'string', value: 'name=value', repeat: true, help: 'set a parameter; the value is read as the type of its default (numbers, true/false, strings, JSON arrays/objects)' },
];

export interface Prepared {
  /** Absolute path of the design file. */
  path: string;
  chosen: ExportedDesign;
  params: Record<string, unknown>;
}

/** Loads the design file named on the command line and picks the design. */
export async function prepareDesign(args: ParsedArgs, command: string): Promise<Prepared> {
  const path = resolveDesignPath(args.positionals[0], command);
  if (args.positionals.length > 1) throw new UserError(`unexpected argument '${args.positionals[1]}'`, { details: [`usage: spikeforge ${command} <design.ts> [options]`] });
  const file = await loadDesignFile(path);
  const chosen = pickDesign(file, optionValue(args, 'top'));
  const params = parseParams(chosen.design, args.values.get('param') ?? []);
  return { path, chosen, params };
}

/**
 * Elaborates a design. DesignErrors pass through (they carry every
 * diagnostic); an exception thrown by the user's design code becomes a
 * UserError at the user's line; anything else is an internal error.
 */
export function elaborateDesign(design: Design, params: Record<string, unknown>, opts: { check?: boolean } = {}): IrDesign {
  try {
    return elaborate(design, params, opts);
  } catch (e) {
    if (isDesignError(e)) throw e;
    const frame = userFrame(e);
    if (!frame) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new UserError(`${message} (while elaborating design '${design.name}')`, { code: 'exception', loc: { ...frame, file: displayPath(frame.file) }, cause: e });
  }
}
