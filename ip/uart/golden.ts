// Golden models of the UART line, written from the 8N1 frame definition:
// the line idles high; a frame is a start bit (0), eight data bits, least
// significant first, and a stop bit (1), each one bit time long. A receiver
// finds the falling edge of the start bit, checks the start bit half a bit
// later and then samples every bit in its middle; a stop bit that reads 0 is a
// framing error and the byte is discarded.
//
// The models work on the line sampled once per clock (one 0/1 per cycle), so
// a testbench can drive or check a simulated pin cycle by cycle.

/** The ten bits of one frame in line order: start, d0..d7, stop. */
export function uartFrameBits(byte: number, opts: { stopBit?: 0 | 1 } = {}): (0 | 1)[] {
  if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new RangeError(`byte ${byte} is not 0..255`);
  const bits: (0 | 1)[] = [0];
  for (let i = 0; i < 8; i++) bits.push(((byte >> i) & 1) as 0 | 1);
  bits.push(opts.stopBit ?? 1);
  return bits;
}

/** One frame to put on the line, with options for error injection and spacing. */
export interface UartFrame {
  byte: number;
  /** Idle (high) bit times before the frame; default 0. */
  idleBefore?: number;
  /** A stop bit of 0 makes a framing error. */
  stopBit?: 0 | 1;
}

export interface SerializeOptions {
  /** Clocks the line stays high before the first frame (default 1). */
  leadIn?: number;
  /** Clocks the line stays high after the last frame (default one bit time). */
  tail?: number;
  /**
   * Bit time in clocks as a real number (default `clocksPerBit`): a sender
   * whose clock is a little off. Bit k of a frame starts at round(k * bitTime).
   */
  bitTime?: number;
}

/**
 * The line, one sample per clock, that a sender with `clocksPerBit` clocks per
 * bit produces for `frames` (bytes, or frames with gaps and bad stop bits).
 */
export function serializeUart(frames: readonly (number | UartFrame)[], clocksPerBit: number, opts: SerializeOptions = {}): Uint8Array {
  const bitTime = opts.bitTime ?? clocksPerBit;
  const out: number[] = [];
  for (let i = 0; i < (opts.leadIn ?? 1); i++) out.push(1);
  for (const f of frames) {
    const frame = typeof f === 'number' ? { byte: f } : f;
    for (let i = 0; i < (frame.idleBefore ?? 0) * clocksPerBit; i++) out.push(1);
    const bits = uartFrameBits(frame.byte, frame.stopBit !== undefined ? { stopBit: frame.stopBit } : {});
    const start = out.length;
    for (let k = 0; k < bits.length; k++) {
      const end = start + Math.round((k + 1) * bitTime);
      while (out.length < end) out.push(bits[k]!);
    }
  }
  for (let i = 0; i < (opts.tail ?? clocksPerBit); i++) out.push(1);
  return Uint8Array.from(out);
}

export type UartRxEvent = { kind: 'byte'; byte: number; cycle: number } | { kind: 'frame-error'; cycle: number };

/**
 * A receiver that follows the frame definition sample by sample. `push` takes
 * the line level of one clock and returns what completed in that clock: a
 * byte, a framing error, or null. `cycle` counts the samples pushed so far
 * (the sample of the mid stop bit).
 */
export class UartLineDecoder {
  private state: 'idle' | 'start' | 'data' | 'stop' | 'wait-high' = 'idle';
  private count = 0;
  private bit = 0;
  private byte = 0;
  private cycle = -1;
  private last = 1;

  constructor(readonly clocksPerBit: number) {
    if (!Number.isInteger(clocksPerBit) || clocksPerBit < 2) throw new RangeError(`clocksPerBit must be an integer >= 2, got ${clocksPerBit}`);
  }

  push(level: number): UartRxEvent | null {
    this.cycle++;
    const s = level ? 1 : 0;
    const fell = this.last === 1 && s === 0;
    this.last = s;
    switch (this.state) {
      case 'idle':
        if (fell) {
          this.state = 'start';
          this.count = Math.floor(this.clocksPerBit / 2); // samples to the middle of the start bit
        }
        return null;
      case 'wait-high':
        if (s === 1) this.state = 'idle';
        return null;
      default:
        break;
    }
    if (--this.count > 0) return null;
    this.count = this.clocksPerBit;
    if (this.state === 'start') {
      if (s === 0) {
        this.state = 'data';
        this.bit = 0;
        this.byte = 0;
      } else this.state = 'idle'; // a glitch, not a start bit
      return null;
    }
    if (this.state === 'data') {
      this.byte |= s << this.bit;
      if (++this.bit === 8) this.state = 'stop';
      return null;
    }
    // stop bit
    if (s === 1) {
      this.state = 'idle';
      return { kind: 'byte', byte: this.byte, cycle: this.cycle };
    }
    this.state = 'wait-high';
    return { kind: 'frame-error', cycle: this.cycle };
  }
}

/** Everything a receiver finds on a sampled line, in order. */
export function deserializeUart(line: ArrayLike<number>, clocksPerBit: number): UartRxEvent[] {
  const d = new UartLineDecoder(clocksPerBit);
  const out: UartRxEvent[] = [];
  for (let i = 0; i < line.length; i++) {
    const e = d.push(line[i]!);
    if (e) out.push(e);
  }
  return out;
}

/**
 * A strict check of a transmitter's line: every frame must have each of its
 * ten bits exactly `clocksPerBit` clocks long and a stop bit of 1. Returns the
 * bytes and the cycle at which each frame's start bit began; throws on the
 * first violation, naming the cycle.
 */
export function checkUartFrames(line: ArrayLike<number>, clocksPerBit: number): { bytes: number[]; starts: number[] } {
  const bytes: number[] = [];
  const starts: number[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] !== 0) {
      i++;
      continue;
    }
    const start = i;
    if (start + 10 * clocksPerBit > line.length) throw new Error(`frame starting at cycle ${start} is cut off by the end of the trace`);
    let byte = 0;
    for (let k = 0; k < 10; k++) {
      const v = line[start + k * clocksPerBit]!;
      for (let c = 1; c < clocksPerBit; c++) {
        if (line[start + k * clocksPerBit + c] !== v) throw new Error(`bit ${k} of the frame starting at cycle ${start} changes at cycle ${start + k * clocksPerBit + c}`);
      }
      if (k === 0 && v !== 0) throw new Error(`start bit at cycle ${start} is not 0`);
      if (k >= 1 && k <= 8) byte |= v << (k - 1);
      if (k === 9 && v !== 1) throw new Error(`stop bit of the frame starting at cycle ${start} is 0`);
    }
    bytes.push(byte);
    starts.push(start);
    i = start + 10 * clocksPerBit;
  }
  return { bytes, starts };
}
