// WaveDrom timing diagrams from cycle traces.
export {
  traceToWaveJson,
  formatValue,
  looksLikeSpikes,
  textWidthPx,
  type WaveAnnotation,
  type WaveJson,
  type WaveLane,
  type WaveOptions,
  type WaveSignalInfo,
  type WaveTrace,
  type Radix,
} from './wavejson.ts';
export { renderWaveSvg, writeWaveSvg } from './render.ts';
