// WaveJSON to SVG in Node, without a browser: WaveDrom's renderAny builds an
// onml tree (JSON-ML) from the default skin, and onml's stringify (which
// WaveDrom re-exports, so we need no direct onml dependency) turns it into text.
//
// WaveDrom keeps layout state in a module-level object and writes into the
// source it is given (head/foot), so each render gets a deep copy and always
// uses index 0 with the same skin: the same WaveJSON gives the same bytes
// whatever was rendered before.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WaveJson } from './wavejson.ts';

interface WaveDromModule {
  renderAny(index: number, source: unknown, waveSkin: unknown): unknown;
  waveSkin: unknown;
  onml: { stringify(tree: unknown, indent?: number | string): string };
}

const require = createRequire(import.meta.url);
let wavedrom: WaveDromModule | null = null;

function loadWaveDrom(): WaveDromModule {
  wavedrom ??= require('wavedrom') as WaveDromModule;
  return wavedrom;
}

/** The SVG text of a WaveJSON diagram. */
export function renderWaveSvg(waveJson: WaveJson): string {
  const wd = loadWaveDrom();
  const source: unknown = JSON.parse(JSON.stringify(waveJson));
  const svg = wd.onml.stringify(wd.renderAny(0, source, wd.waveSkin));
  if (!svg.startsWith('<svg')) throw new Error('WaveDrom did not produce an SVG diagram (is there a signal list?)');
  return svg.endsWith('\n') ? svg : svg + '\n';
}

/** Renders a WaveJSON diagram to an SVG file; returns the SVG text. */
export function writeWaveSvg(path: string, waveJson: WaveJson): string {
  const svg = renderWaveSvg(waveJson);
  writeFileSync(path, svg);
  return svg;
}
