// VCD waveforms: streaming writer, reader, and VCD → cycle trace → timing diagram.
export { VcdWriter, writeVcd, vcdString, type VcdWriterOptions } from './writer.ts';
export {
  parseVcd,
  valueAt,
  unknownAt,
  VcdParseError,
  type VcdFile,
  type VcdSignal,
  type VcdTimescale,
  type VcdTimeUnit,
} from './parser.ts';
export { vcdIdentifier } from './identifiers.ts';
export { vcdToTrace, findVcdSignal, vcdMetadata, type VcdTraceOptions } from './vcd-trace.ts';
export type { VcdMetadata } from './metadata.ts';
export { waveFromVcd, type WaveFromVcdOptions } from './wave-from-vcd.ts';
