// The built-in simulator back end: compiled JavaScript, no install needed.
export { BuiltinSimulator, createBuiltinSimulator, type BuiltinSimulatorOptions } from './builtin-simulator.ts';
export { builtinCacheStats, clearBuiltinCache, DEFAULT_CHUNK_SIZE } from './compile.ts';
