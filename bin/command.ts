// What a command is: its name, help text, options and a run function that
// returns the exit code. Output goes through `Io` so tests and the process
// share one path (stdout for results, stderr for progress and errors).
import type { OptionSpec, ParsedArgs } from './args.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line after `spikeforge`, e.g. 'verilog <design.ts> [options]'. */
  usage: string;
  /** Paragraphs after the usage line. */
  description: string;
  options: OptionSpec[];
  run(args: ParsedArgs, io: Io): Promise<number>;
}
