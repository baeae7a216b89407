// The core of `spikeforge wave`: a VCD file in, a WaveDrom SVG timing diagram
// out. Argument parsing lives in bin/.
import { readFileSync } from 'node:fs';
import { writeWaveSvg } from '../../generators/wavedrom/render.ts';
import { traceToWaveJson, type WaveJson, type WaveOptions } from '../../generators/wavedrom/wavejson.ts';
import { parseVcd } from './parser.ts';
import { vcdToTrace } from './vcd-trace.ts';

export interface WaveFromVcdOptions extends Omit<WaveOptions, 'signals' | 'from' | 'to'> {
  /** Signals to draw, by full hierarchical name or a unique ending ('count' for 'tb.dut.count'). */
  signals: string[];
  /** First cycle drawn; default the first cycle in the file. */
  from?: number;
  /** One past the last cycle drawn; default the end of the file. */
  to?: number;
  /** Path of the SVG to write. */
  out: string;
  /** For VCDs not written by spikeforge: the clock whose rising edges are the cycles (default: the only clk/clock). */
  sampleClock?: string;
  /** For VCDs not written by spikeforge: signals holding two's-complement values. */
  signed?: string[];
}

/**
 * Reads a VCD, samples the chosen signals once per clock cycle, and writes the
 * window [from, to) as a WaveDrom SVG. Unknown signal names raise an error
 * listing the names the file has. Returns the WaveJSON drawn.
 */
export function waveFromVcd(vcdPath: string, opts: WaveFromVcdOptions): WaveJson {
  const { signals, out, sampleClock, signed, ...waveOpts } = opts;
  if (signals.length === 0) throw new Error('wave: name at least one signal to draw');
  const vcd = parseVcd(readFileSync(vcdPath, 'utf8'));
  const trace = vcdToTrace(vcd, { signals, clock: sampleClock, signed });
  if (trace.values[0]?.length === 0 || trace.values.length === 0) {
    throw new Error(`wave: ${vcdPath} has no clock cycles to draw`);
  }
  const json = traceToWaveJson(trace, { ...waveOpts, signals });
  writeWaveSvg(out, json);
  return json;
}
