// The Verilator back end: the Verilated model as an in-process Node addon.
export {
  VerilatorSimulator,
  createVerilatorSimulator,
  type VerilatorSimulatorOptions,
  type VerilatorBuildInfo,
} from './verilator-simulator.ts';
export { buildModel, VerilatorBuildError, defaultCacheRoot, DEFAULT_OPT_FAST, type BuildOptions, type BuiltModel, type ModelSource } from './build.ts';
export { designModel, designModelEntry as verilatorCacheEntry, type DesignModel } from './design-model.ts';
export { buildBareLoop, type BareLoop, type BareLoopResult } from './bare-loop.ts';
export { loopStimulus, loopChecksum, loopColumns, loopChecksumColumns, stimulusValue } from './stimulus.ts';
