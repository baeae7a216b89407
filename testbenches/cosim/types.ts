// The shapes a co-simulation is written in: golden models and stimuli.
//
// Timing convention (the same as `Simulator.run`, see ../simulator.ts):
// stimulus cycle k applies its inputs, then one rising clock edge happens,
// then the observed signals are sampled (before the inputs of cycle k+1).
// The golden model's `step(inputs)` of cycle k returns exactly those
// samples: the outputs AFTER the edge, with the inputs of cycle k still
// applied. Registered outputs therefore show the state the edge produced;
// a combinational output shows its value for the new state and the old
// inputs. Cycle 0 is the first cycle after reset, and the model starts in
// the state the hardware has after reset (the harness calls `reset()` first).

/** A value for an input: bigint or integral number, as unsigned pattern or signed value. */
export type InputValue = bigint | number;

/**
 * Inputs for one cycle, by top-level input name. Inputs left out keep their
 * previous value (inputs start at 0, reset inputs deasserted).
 */
export type InputRecord = Readonly<Record<string, InputValue>>;

/** Values as the signals' types read them (negative for signed signals). */
export type SignalValues = Readonly<Record<string, bigint>>;

/** What a model may return for a signal: booleans are 1/0. */
export type ModelValue = bigint | number | boolean;

/**
 * A bit-exact software model of the hardware's cycle behaviour.
 *
 * `step` receives every input (bigints, as their types read them; the object
 * is reused from cycle to cycle, so copy it to keep it) and returns the value
 * of every observed signal after the clock edge of that cycle. Extra keys are
 * an error (they are usually typos).
 */
export interface GoldenModel {
  /** Back to the state after reset; called once before cycle 0. */
  reset?(): void;
  step(inputs: SignalValues): Readonly<Record<string, ModelValue>>;
}

/** Inputs of cycle `cycle`, or null/undefined when the stimulus has ended. */
export type StimulusGenerator = (cycle: number) => InputRecord | null | undefined;

/**
 * A stimulus function: a generator when it declares one parameter, reactive
 * (see ReactiveStimulus) when it declares two or is wrapped in `reactive()`.
 */
export type StimulusFunction = (cycle: number, outputs: SignalValues) => InputRecord | null | undefined;

/**
 * A stimulus that reacts to the hardware: `outputs` holds every observed
 * signal as sampled after the previous edge (for cycle 0: after reset), i.e.
 * the values the design shows at the start of `cycle`. The object is reused;
 * read it during the call. With several back ends the outputs are those of
 * the first (they agree, or the run has already stopped on a mismatch).
 */
export type ReactiveStimulus = (cycle: number, outputs: SignalValues) => InputRecord | null | undefined;

const REACTIVE = Symbol.for('spikeforge.cosim.reactive');

/** Marks a function as a reactive stimulus (one that declares two parameters is taken as reactive anyway). */
export function reactive(fn: ReactiveStimulus): ReactiveStimulus {
  return Object.assign((cycle: number, outputs: SignalValues) => fn(cycle, outputs), { [REACTIVE]: true });
}

/**
 * A stimulus: a list of input records (one per cycle), a generator function
 * of the cycle number, or a reactive function of the cycle and the outputs.
 */
export type Stimulus = readonly InputRecord[] | StimulusFunction;

/** Whether a stimulus reacts to outputs (and so must run cycle by cycle, not in batches). */
export function isReactive(s: Stimulus): s is StimulusFunction {
  return typeof s === 'function' && ((s as unknown as Record<symbol, unknown>)[REACTIVE] === true || s.length >= 2);
}
