// The synapse parameter types, shared by the hardware builders and the golden
// models: weight memories (packed low-precision weights with a sign rule) and
// delay ring buffers. docs/ip/core.md describes the memory layout.

/**
 * How a stored weight gets its sign:
 * - 'signed': the field is a two's-complement weight (tinyODIN's 4-bit weights).
 * - 'magnitude': the field is an unsigned magnitude and each presynaptic input
 *   (axon) is excitatory (+) or inhibitory (-) as a whole (ODIN).
 */
export type SignMode = 'signed' | 'magnitude';
export type AccOverflow = 'wrap' | 'saturate';

/** A weight array of `axons` rows by `neurons` columns, packed into memory words. */
export interface WeightParams {
  /** Presynaptic inputs: the rows. */
  axons: number;
  /** Postsynaptic targets: the columns. */
  neurons: number;
  /** Bits per stored weight, 1..8. */
  weightWidth: number;
  signMode: SignMode;
  /**
   * Bits per memory word. A word holds the largest power of two of weights
   * that fits (tinyODIN: 32 bits, eight 4-bit weights); a row starts on a
   * word boundary.
   */
  wordWidth: number;
  /** weights[axon][neuron]: signed values in 'signed' mode, magnitudes in 'magnitude' mode. */
  weights: number[][];
  /** 'magnitude' mode: one entry per axon, 1 = inhibitory; [] = all excitatory. Must be [] in 'signed' mode. */
  inhibitory: number[];
}

/** A ring buffer of delayed input: per target, slots for delays 0..maxDelay time steps. */
export interface DelayParams {
  /** Targets (postsynaptic neurons). */
  targets: number;
  /** Largest delay D in time steps; the ring has D + 1 slots per target. */
  maxDelay: number;
  /** Width of the signed value one add brings. */
  valueWidth: number;
  /** Width of the signed accumulator per slot (>= valueWidth). */
  accWidth: number;
  /** What an accumulating add does when it leaves the accumulator's range. */
  overflow: AccOverflow;
}

/**
 * A delayed synapse array: the weights, a delay per synapse, and the ring
 * buffer the weighted events accumulate in until their step comes.
 */
export interface SynapseParams extends WeightParams {
  /** Largest delay D; delays are 0..D. */
  maxDelay: number;
  /** delays[axon][neuron] in time steps (0..maxDelay); [] = every delay 0. */
  delays: number[][];
  /** Accumulator width per target and slot. */
  accWidth: number;
  overflow: AccOverflow;
}

export const MAX_WEIGHT_WIDTH = 8;
const MAX_WORD_WIDTH = 1024;
const MAX_ACC_WIDTH = 64;
/** Per-entry problems reported before the rest are summarised. */
const MAX_ENTRY_ERRORS = 5;

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

/** Range of a stored weight field, as the sign mode reads it. */
export function storedWeightRange(weightWidth: number, signMode: SignMode): [number, number] {
  return signMode === 'signed' ? [-(2 ** (weightWidth - 1)), 2 ** (weightWidth - 1) - 1] : [0, 2 ** weightWidth - 1];
}

/** Bits of the signed effective weight (after the sign rule): w, or w + 1 for a magnitude with a sign. */
export function effectiveWeightWidth(weightWidth: number, signMode: SignMode): number {
  return signMode === 'signed' ? weightWidth : weightWidth + 1;
}

type Err = (param: string, msg: string) => void;

function positive(err: Err, param: string, x: unknown, max = 1 << 24): x is number {
  if (!isInt(x) || x < 1 || x > max) {
    err(param, `must be an integer between 1 and ${max}, got ${String(x)}`);
    return false;
  }
  return true;
}

/** Checks an axons × neurons array: its shape, then each entry with `check` (which returns a message or null). */
function checkMatrix(err: Err, param: string, a: unknown, rows: number, cols: number, rowWhat: string, check: (v: unknown) => string | null): void {
  if (!Array.isArray(a)) {
    err(param, `must be an array of ${rows} rows (one per ${rowWhat}), got ${typeof a}`);
    return;
  }
  if (a.length !== rows) {
    err(param, `has ${a.length} rows for ${rows} ${rowWhat}s (the array is ${rowWhat}s × neurons)`);
    return;
  }
  let bad = 0;
  for (let r = 0; r < rows; r++) {
    const row = a[r] as unknown;
    if (!Array.isArray(row) || row.length !== cols) {
      err(`${param}[${r}]`, `has ${Array.isArray(row) ? row.length : 'no'} entries for ${cols} neurons`);
      return;
    }
    for (let c = 0; c < cols; c++) {
      const msg = check(row[c]);
      if (msg === null) continue;
      if (bad < MAX_ENTRY_ERRORS) err(`${param}[${r}][${c}]`, msg);
      bad++;
    }
  }
  if (bad > MAX_ENTRY_ERRORS) err(param, `${bad - MAX_ENTRY_ERRORS} more entries are out of range`);
}

/** Every problem of a weight array description, each starting with the parameter's name. */
export function validateWeightParams(p: WeightParams): string[] {
  const errs: string[] = [];
  const err: Err = (param, msg) => errs.push(`${param}: ${msg}`);
  const aOk = positive(err, 'axons', p.axons);
  const nOk = positive(err, 'neurons', p.neurons);
  let wOk = true;
  if (!isInt(p.weightWidth) || p.weightWidth < 1 || p.weightWidth > MAX_WEIGHT_WIDTH) {
    err('weightWidth', `must be an integer between 1 and ${MAX_WEIGHT_WIDTH}, got ${String(p.weightWidth)}`);
    wOk = false;
  }
  const modeOk = p.signMode === 'signed' || p.signMode === 'magnitude';
  if (!modeOk) err('signMode', `must be 'signed' or 'magnitude', got ${String(p.signMode)}`);
  if (!isInt(p.wordWidth) || p.wordWidth < 1 || p.wordWidth > MAX_WORD_WIDTH) {
    err('wordWidth', `must be an integer between 1 and ${MAX_WORD_WIDTH}, got ${String(p.wordWidth)}`);
  } else if (wOk && p.wordWidth < p.weightWidth) {
    err('wordWidth', `${p.wordWidth} bits cannot hold one ${p.weightWidth}-bit weight`);
  }
  if (aOk && nOk && wOk && modeOk) {
    const [lo, hi] = storedWeightRange(p.weightWidth, p.signMode);
    const kind = p.signMode === 'signed' ? 'signed weight' : 'weight magnitude';
    checkMatrix(err, 'weights', p.weights, p.axons, p.neurons, 'axon', (v) =>
      !isInt(v) ? `must be an integer, got ${String(v)}` : v < lo || v > hi ? `${v} does not fit a ${p.weightWidth}-bit ${kind} (${lo}..${hi})` : null,
    );
  }
  if (!Array.isArray(p.inhibitory)) err('inhibitory', `must be an array, got ${typeof p.inhibitory}`);
  else if (p.signMode === 'signed' && p.inhibitory.length > 0) {
    err('inhibitory', "signed weights carry their own sign; leave inhibitory empty (it is for signMode 'magnitude')");
  } else if (p.signMode === 'magnitude' && p.inhibitory.length > 0) {
    if (aOk && p.inhibitory.length !== p.axons) err('inhibitory', `has ${p.inhibitory.length} entries for ${p.axons} axons`);
    p.inhibitory.forEach((v, i) => {
      if (v !== 0 && v !== 1) err(`inhibitory[${i}]`, `must be 0 (excitatory) or 1 (inhibitory), got ${String(v)}`);
    });
  }
  return errs;
}

function validateAcc(err: Err, accWidth: unknown, overflow: unknown, minWidth: number | null): void {
  if (!isInt(accWidth) || accWidth < 2 || accWidth > MAX_ACC_WIDTH) {
    err('accWidth', `must be an integer between 2 and ${MAX_ACC_WIDTH}, got ${String(accWidth)}`);
  } else if (minWidth !== null && accWidth < minWidth) {
    err('accWidth', `${accWidth} bits are narrower than one value (${minWidth} bits)`);
  }
  if (overflow !== 'wrap' && overflow !== 'saturate') err('overflow', `must be 'wrap' or 'saturate', got ${String(overflow)}`);
}

function validateMaxDelay(err: Err, d: unknown): boolean {
  if (!isInt(d) || d < 0 || d > 4095) {
    err('maxDelay', `must be an integer between 0 and 4095, got ${String(d)}`);
    return false;
  }
  return true;
}

/** Every problem of a delay ring buffer description. */
export function validateDelayParams(p: DelayParams): string[] {
  const errs: string[] = [];
  const err: Err = (param, msg) => errs.push(`${param}: ${msg}`);
  positive(err, 'targets', p.targets);
  validateMaxDelay(err, p.maxDelay);
  let vOk = true;
  if (!isInt(p.valueWidth) || p.valueWidth < 2 || p.valueWidth > MAX_ACC_WIDTH) {
    err('valueWidth', `must be an integer between 2 and ${MAX_ACC_WIDTH}, got ${String(p.valueWidth)}`);
    vOk = false;
  }
  validateAcc(err, p.accWidth, p.overflow, vOk ? p.valueWidth : null);
  return errs;
}

/** Every problem of a delayed synapse array description. */
export function validateSynapseParams(p: SynapseParams): string[] {
  const errs = validateWeightParams(p);
  const err: Err = (param, msg) => errs.push(`${param}: ${msg}`);
  const dOk = validateMaxDelay(err, p.maxDelay);
  const ewOk = isInt(p.weightWidth) && p.weightWidth >= 1 && p.weightWidth <= MAX_WEIGHT_WIDTH && (p.signMode === 'signed' || p.signMode === 'magnitude');
  validateAcc(err, p.accWidth, p.overflow, ewOk ? Math.max(2, effectiveWeightWidth(p.weightWidth, p.signMode)) : null);
  if (!Array.isArray(p.delays)) err('delays', `must be an array, got ${typeof p.delays}`);
  else if (p.delays.length > 0 && dOk && isInt(p.axons) && p.axons > 0 && isInt(p.neurons) && p.neurons > 0) {
    checkMatrix(err, 'delays', p.delays, p.axons, p.neurons, 'axon', (v) =>
      !isInt(v) || v < 0 ? `must be a non-negative integer, got ${String(v)}` : v > p.maxDelay ? `${v} is beyond the buffer (maxDelay ${p.maxDelay})` : null,
    );
  }
  return errs;
}

function assertNone(what: string, errs: string[]): void {
  if (errs.length > 0) throw new RangeError(`invalid ${what}:\n  ${errs.join('\n  ')}`);
}

export function assertValidWeightParams(p: WeightParams): void {
  assertNone('weight parameters', validateWeightParams(p));
}
export function assertValidDelayParams(p: DelayParams): void {
  assertNone('delay parameters', validateDelayParams(p));
}
export function assertValidSynapseParams(p: SynapseParams): void {
  assertNone('synapse parameters', validateSynapseParams(p));
}

/** All-zero axons × neurons array (a default weight or delay table). */
export function zeroMatrix(axons: number, neurons: number): number[][] {
  return Array.from({ length: axons }, () => new Array<number>(neurons).fill(0));
}
