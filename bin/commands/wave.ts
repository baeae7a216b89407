// `spikeforge wave <file.vcd>`: a WaveDrom SVG timing diagram of some
// signals of a VCD over a window of clock cycles (waveFromVcd does the work).
import { existsSync } from 'node:fs';
import type { Radix } from '../../generators/wavedrom/wavejson.ts';
import { waveFromVcd } from '../../testbenches/vcd/index.ts';
import { optionValue, type ParsedArgs } from '../args.ts';
import type { Command, Io } from '../command.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import { displayPath } from '../user-frames.ts';

function cycleOption(args: ParsedArgs, name: string): number | undefined {
  const text = optionValue(args, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UserError(`--${name} must be a cycle number (a whole number), got '${text}'`);
  return Number(text);
}

function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export const waveCommand: Command = {
  name: 'wave',
  summary: 'draw signals of a VCD as a WaveDrom SVG timing diagram',
  usage: 'wave <file.vcd> --signals a,b,... [--from N] [--to N] [--out file.svg] [--radix dec|hex|bin] [--title text]',
  description: [
    'Reads a VCD (written by spikeforge sim, or by any simulator), samples the named',
    'signals once per clock cycle (after each rising edge) and draws the cycles',
    '[from, to) as an SVG. Signals are named by full hierarchical name or by a unique',
    "ending ('count' for 'tb.dut.count'). For a VCD not written by spikeforge, the",
    'clock is the only clk/clock signal unless --clock names it.',
  ].join('\n'),
  options: [
    { name: 'signals', kind: 'string', value: 'a,b,...', help: 'signals to draw, comma-separated, in order' },
    { name: 'from', kind: 'string', value: 'N', help: 'first cycle drawn (default: the first in the file)' },
    { name: 'to', kind: 'string', value: 'N', help: 'one past the last cycle drawn (default: the end of the file)' },
    { name: 'out', kind: 'string', value: 'file.svg', help: "output file (default 'wave.svg')" },
    { name: 'radix', kind: 'string', value: 'dec|hex|bin', help: 'number format of multi-bit values (default dec)' },
    { name: 'title', kind: 'string', value: 'text', help: 'title above the diagram' },
    { name: 'clock', kind: 'string', value: 'name', help: 'the sampling clock, for VCDs not written by spikeforge' },
    { name: 'signed', kind: 'string', value: 'a,b,...', help: "signals to read as two's complement, for VCDs not written by spikeforge" },
  ],
  async run(args: ParsedArgs, io: Io): Promise<number> {
    const file = args.positionals[0];
    if (!file) throw new UserError('missing VCD file', { details: [`usage: spikeforge ${this.usage}`] });
    if (args.positionals.length > 1) throw new UserError(`unexpected argument '${args.positionals[1]}'`, { details: [`usage: spikeforge ${this.usage}`] });
    if (!existsSync(file)) throw new UserError(`VCD file '${file}' does not exist`);
    const signals = list(optionValue(args, 'signals'));
    if (signals.length === 0) throw new UserError('name the signals to draw with --signals a,b,...');
    const radix = optionValue(args, 'radix') ?? 'dec';
    if (radix !== 'dec' && radix !== 'hex' && radix !== 'bin') throw new UserError(`--radix must be dec, hex or bin, got '${radix}'`);
    const from = cycleOption(args, 'from');
    const to = cycleOption(args, 'to');
    const out = optionValue(args, 'out') ?? 'wave.svg';
    const title = optionValue(args, 'title');
    const clock = optionValue(args, 'clock');
    const signed = list(optionValue(args, 'signed'));
    let json;
    try {
      json = waveFromVcd(file, {
        signals,
        out,
        radix: radix as Radix,
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...(title !== undefined ? { title } : {}),
        ...(clock !== undefined ? { sampleClock: clock } : {}),
        ...(signed.length > 0 ? { signed } : {}),
      });
    } catch (e) {
      // Unknown signals, an empty or out-of-range window, a malformed VCD: all the user's input.
      throw new UserError(e instanceof Error ? e.message : String(e), { cause: e });
    }
    const first = json.head?.tick ?? 0;
    const periods = (json.signal.find((l) => l.wave !== undefined)?.wave ?? '').length;
    io.out(`wrote ${displayPath(out)} (${signals.length} signal${signals.length === 1 ? '' : 's'}, cycles ${first}..${first + periods - 1})`);
    return EXIT_OK;
  },
};
