import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../testbenches/simulator.ts';
import { renderWaveSvg, writeWaveSvg } from '../../generators/wavedrom/render.ts';
import { traceToWaveJson, type WaveJson } from '../../generators/wavedrom/wavejson.ts';
import { writeVcd } from '../../testbenches/vcd/writer.ts';
import { waveFromVcd } from '../../testbenches/vcd/wave-from-vcd.ts';
import { tempDir } from './helpers.ts';

const dir = tempDir('wave-svg');

// A leaky integrate-and-fire lane: input spikes add 7, the leak takes 2, firing above 8 resets to 0.
function lifTrace(cycles: number): Trace {
  const input: bigint[] = [];
  const v: bigint[] = [];
  const out: bigint[] = [];
  let mem = 0;
  for (let c = 0; c < cycles; c++) {
    const spike = c % 3 === 0;
    mem += (spike ? 7 : 0) - 2;
    const fire = mem > 8;
    if (fire) mem = 0;
    input.push(spike ? 1n : 0n);
    v.push(BigInt(mem));
    out.push(fire ? 1n : 0n);
  }
  return {
    signals: [
      { name: 'in_spike', width: 1, signed: false },
      { name: 'core.lane0.v', width: 8, signed: true },
      { name: 'out_spike', width: 1, signed: false },
    ],
    startCycle: 0,
    values: [input, v, out],
  };
}

const trace = lifTrace(24);
const fireCycle = trace.values[2].indexOf(1n);

function diagram(): WaveJson {
  return traceToWaveJson(trace, {
    from: 2,
    to: 20,
    title: 'LIF lane 0',
    annotations: [
      { cycle: fireCycle, signal: 'out_spike', text: 'spike' },
      { cycle: fireCycle, signal: 'core.lane0.v', text: 'threshold crossed' },
    ],
  });
}

/** Tags open and close in order (a light stand-in for an XML parser). */
function tagsBalance(svg: string): boolean {
  const stack: string[] = [];
  const body = svg.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('WaveDrom SVG', () => {
  it('renders a well-formed SVG with the names, values and annotations', () => {
    expect(fireCycle).toBeGreaterThanOrEqual(2);
    expect(fireCycle).toBeLessThan(20);
    const json = diagram();
    const svg = renderWaveSvg(json);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(tagsBalance(svg)).toBe(true);
    for (const name of ['clk', 'in_spike', 'core.lane0.v', 'out_spike']) expect(svg).toContain(`>${name}<`);
    expect(svg).toContain('>LIF lane 0<');
    expect(svg).toContain('>spike<');
    expect(svg).toContain('>threshold crossed<');
    // The membrane goes negative: a signed label, and the cycle numbers along the top.
    expect(json.signal.find((l) => l.name === 'core.lane0.v')?.data).toContain('-2');
    expect(svg).toContain('>-2<');
    expect(svg).toContain('>19<');
  });

  it('escapes text and keeps the input untouched', () => {
    const json = traceToWaveJson(trace, {
      to: 6,
      title: 'a < b & c',
      annotations: [{ cycle: 3, signal: 'in_spike', text: 'x < y' }],
    });
    const copy = structuredClone(json);
    const svg = renderWaveSvg(json);
    expect(json).toEqual(copy);
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg).toContain('x &lt; y');
    expect(tagsBalance(svg)).toBe(true);
  });

  it('gives byte-identical output whatever was rendered before', () => {
    const first = renderWaveSvg(diagram());
    const other = renderWaveSvg(traceToWaveJson(trace, { hscale: 3, to: 4, title: 'other' }));
    expect(other).not.toBe(first);
    expect(renderWaveSvg(diagram())).toBe(first);
    const path = join(dir, 'lif.svg');
    expect(writeWaveSvg(path, diagram())).toBe(first);
    expect(readFileSync(path, 'utf8')).toBe(first);
  });
});

describe('waveFromVcd', () => {
  it('draws the same diagram from a spikeforge VCD as from the trace it recorded', () => {
    const vcdPath = join(dir, 'lif.vcd');
    writeVcd(vcdPath, trace);
    const out = join(dir, 'from-vcd.svg');
    const opts = {
      signals: ['core.lane0.v', 'out_spike'],
      from: 4,
      to: 16,
      annotations: [{ cycle: fireCycle, signal: 'out_spike', text: 'spike' }],
    };
    const json = waveFromVcd(vcdPath, { ...opts, out });
    expect(json).toEqual(traceToWaveJson(trace, opts));
    const svg = readFileSync(out, 'utf8');
    expect(svg).toBe(renderWaveSvg(json));
    expect(svg).toContain('>out_spike<');
    // The signed membrane survives the trip through the VCD.
    expect(json.signal.find((l) => l.name === 'core.lane0.v')?.data).toContain('-2');
  });

  it('lists the available signals when one is unknown, and writes nothing', () => {
    const vcdPath = join(dir, 'lif2.vcd');
    writeVcd(vcdPath, trace);
    const out = join(dir, 'never.svg');
    expect(() => waveFromVcd(vcdPath, { signals: ['out_spike', 'lane0.u'], out })).toThrow(
      /no signal 'lane0\.u'; available: clk, in_spike, core\.lane0\.v, out_spike/,
    );
    expect(() => readFileSync(out)).toThrow();
    expect(() => waveFromVcd(vcdPath, { signals: ['out_spike'], from: 30, out })).toThrow(/window/);
  });
});
