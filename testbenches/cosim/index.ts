// Co-simulation against golden models, transaction scoreboards and testbench files.
export { cosim, DEFAULT_RAND_RESET_SEEDS, type CosimOptions, type CosimResult, type CosimRunResult } from './cosim.ts';
export { CosimMismatchError, CosimTestbenchError, TransactionMismatchError, type MismatchDetail, type RunStatus } from './errors.ts';
export {
  reactive,
  isReactive,
  type GoldenModel,
  type InputRecord,
  type InputValue,
  type ModelValue,
  type ReactiveStimulus,
  type SignalValues,
  type Stimulus,
  type StimulusGenerator,
  type StimulusFunction,
} from './types.ts';
export { Scoreboard, payloadEquals, formatPayload, type ScoreboardOptions, type ScoreboardReport, type Transaction } from './scoreboard.ts';
export { StreamMonitor, streamSignals, type OutputTransaction, type Payload, type StreamSpec, type TransactionCheck, type TransactionModel } from './streams.ts';
export { testbench, isTestbench, runTestbench, testbenchOptions, type RunTestbenchOptions, type Testbench, type TestbenchParts, type TestbenchSpec } from './testbench.ts';
export { mismatchWaveJson, writeMismatchWave, type MismatchWaveInput } from './mismatch-wave.ts';
export { waveformSignals } from './signals.ts';
