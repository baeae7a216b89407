// A small argument parser: `--name value`, `--name=value`, boolean flags,
// repeatable options, short aliases and positionals; `--` ends the options.
// Mistakes are UserErrors that name the option and list the valid ones.
import { UserError } from './errors.ts';

export interface OptionSpec {
  name: string;
  /** 'flag' takes no value; 'string' takes one. */
  kind: 'flag' | 'string';
  short?: string;
  /** May be given more than once (values are collected in order). */
  repeat?: boolean;
  /** Placeholder shown in help, e.g. 'dir'. */
  value?: string;
  help: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

/** Options every command takes. */
export const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
  { name: 'debug', kind: 'flag', help: 'print the stack of internal errors' },
];

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  const known = (): string[] => [...specs].map((s) => `--${s.name}`).sort();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
      spec = byName.get(name);
    } else if (arg.length === 2) {
      spec = byShort.get(arg.slice(1));
    }
    if (!spec) {
      throw new UserError(`unknown option '${arg}' for '${command}'`, { details: [`options: ${known().join(', ')}`, `see: spikeforge ${command === 'spikeforge' ? '' : `${command} `}--help`] });
    }
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw new UserError(`option --${spec.name} takes no value (got '${arg}')`);
      out.flags.add(spec.name);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) {
        throw new UserError(`option --${spec.name} needs a value${spec.value ? ` (--${spec.name} ${spec.value})` : ''}`);
      }
      value = next;
      i++;
    }
    const list = out.values.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeat) throw new UserError(`option --${spec.name} is given more than once`);
    list.push(value);
    out.values.set(spec.name, list);
  }
  return out;
}

/** The single value of a string option, or undefined. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.[0];
}

/** Help text for a list of options, aligned. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const left = specs.map((s) => {
    const names = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.kind === 'string' ? ` <${s.value ?? 'value'}>` : ''}`;
    return s.repeat ? `${names} ...` : names;
  });
  const w = Math.max(...left.map((l) => l.length));
  return specs.map((s, i) => `  ${left[i]!.padEnd(w)}  ${s.help}`).join('\n');
}
