// Golden models of the AER blocks, written from docs/ip/aer.md.
//
// Transaction level: `roundRobinOrder` gives the order in which a set of
// waiting lines is served from a pointer; `decodeFrame` the spike vector of a
// window of addresses.
// Cycle level: `AerEncoderModel` and `AerDecoderModel` follow the hardware
// cycle by cycle (same arrivals and back-pressure in, same stream out), so a
// testbench can compare every cycle.
import { assertNoParamErrors } from '../param-errors.ts';
import { validateAerDecoderParams, validateAerEncoderParams, type AerDecoderParams, type AerEncoderParams } from './params.ts';

/** The round-robin rule: the first waiting line at or after `pointer`, else the lowest waiting line. */
export function roundRobinNext(waiting: readonly boolean[], pointer: number): number | null {
  const n = waiting.length;
  for (let k = 0; k < n; k++) {
    const i = (pointer + k) % n;
    if (waiting[i]) return i;
  }
  return null;
}

/**
 * The order in which the arbiter serves a set of lines that each hold one
 * spike, when nothing else arrives: ascending from `pointer`, wrapping.
 */
export function roundRobinOrder(lines: number, waiting: Iterable<number>, pointer = 0): number[] {
  const set = new Set(waiting);
  const out: number[] = [];
  for (let k = 0; k < lines; k++) {
    const i = (pointer + k) % lines;
    if (set.has(i)) out.push(i);
  }
  return out;
}

/** The spike vector of one time step from the addresses received in it (addresses >= lines are ignored). */
export function decodeFrame(lines: number, addresses: Iterable<number>): boolean[] {
  const v = new Array<boolean>(lines).fill(false);
  for (const a of addresses) if (Number.isInteger(a) && a >= 0 && a < lines) v[a] = true;
  return v;
}

export interface AerEncoderCycleIn {
  /** Lines that spike in this cycle. */
  spikes: Iterable<number>;
  /** The consumer accepts an address this cycle. */
  ready: boolean;
}

export interface AerEncoderCycleOut {
  /** The stream as seen during the cycle (before its edge). */
  valid: boolean;
  addr: number;
  /** Lines whose spike was lost this cycle (their counter was full). */
  lost: number[];
  /** An address was transferred this cycle (valid && ready). */
  transferred: number | null;
}

/**
 * The encoder, cycle by cycle. Per cycle, in this order, from the state at
 * the start of the cycle:
 *   1. the stream shows the FIFO head (valid when the FIFO is not empty);
 *      a transfer happens when valid and ready;
 *   2. the FIFO can take a word when it is not full or a word leaves this cycle;
 *      then the arbiter grants roundRobinNext(pending > 0, pointer): the
 *      address enters the FIFO, the line's counter counts down, the pointer
 *      moves to the line after it;
 *   3. each arriving spike counts its line's counter up; a spike that finds
 *      the counter at its maximum (after this cycle's grant) is lost.
 * A granted address is visible on the stream from the next cycle.
 */
export class AerEncoderModel {
  readonly params: AerEncoderParams;
  private pending: number[];
  private pointer = 0;
  private fifo: number[] = [];

  constructor(params: AerEncoderParams) {
    assertNoParamErrors('AerEncoder', validateAerEncoderParams(params));
    this.params = params;
    this.pending = new Array<number>(params.lines).fill(0);
  }

  reset(): void {
    this.pending.fill(0);
    this.pointer = 0;
    this.fifo = [];
  }

  /** Spikes waiting per line (not yet in the FIFO). */
  get waiting(): readonly number[] {
    return this.pending.slice();
  }

  /** Addresses in the FIFO. */
  get queued(): number {
    return this.fifo.length;
  }

  get idle(): boolean {
    return this.fifo.length === 0 && this.pending.every((c) => c === 0);
  }

  cycle(input: AerEncoderCycleIn): AerEncoderCycleOut {
    const { lines, fifoDepth, pendingWidth } = this.params;
    const valid = this.fifo.length > 0;
    const addr = valid ? this.fifo[0]! : 0;
    const pop = valid && input.ready;
    const canPush = this.fifo.length < fifoDepth || pop;
    const g = canPush ? roundRobinNext(this.pending.map((c) => c > 0), this.pointer) : null;
    if (pop) this.fifo.shift();
    if (g !== null) {
      this.fifo.push(g);
      this.pending[g]! -= 1;
      this.pointer = (g + 1) % lines;
    }
    const max = 2 ** pendingWidth - 1;
    const lost: number[] = [];
    for (const i of new Set(input.spikes)) {
      if (!Number.isInteger(i) || i < 0 || i >= lines) throw new RangeError(`spike on line ${i}: lines are 0..${lines - 1}`);
      if (this.pending[i]! >= max) lost.push(i);
      else this.pending[i]! += 1;
    }
    lost.sort((a, b) => a - b);
    return { valid, addr, lost, transferred: pop ? addr : null };
  }
}

export interface AerDecoderCycleIn {
  valid: boolean;
  addr: number;
  /** 'frame' mode: end of the time step. */
  step?: boolean;
}

/** The decoder, cycle by cycle: `cycle` returns the spike lines as they stand after the cycle's edge. */
export class AerDecoderModel {
  readonly params: AerDecoderParams;
  private collecting: boolean[];
  private shown: boolean[];

  constructor(params: AerDecoderParams) {
    assertNoParamErrors('AerDecoder', validateAerDecoderParams(params));
    this.params = params;
    this.collecting = new Array<boolean>(params.lines).fill(false);
    this.shown = new Array<boolean>(params.lines).fill(false);
  }

  reset(): void {
    this.collecting.fill(false);
    this.shown.fill(false);
  }

  cycle(input: AerDecoderCycleIn): { spikes: boolean[]; frameValid: boolean } {
    const hit = decodeFrame(this.params.lines, input.valid ? [input.addr] : []);
    if (this.params.mode === 'pulse') {
      this.shown = hit;
      return { spikes: hit.slice(), frameValid: false };
    }
    const now = this.collecting.map((c, i) => c || hit[i]!);
    if (input.step) {
      this.shown = now;
      this.collecting = new Array<boolean>(this.params.lines).fill(false);
    } else this.collecting = now;
    return { spikes: this.shown.slice(), frameValid: input.step === true };
  }
}
