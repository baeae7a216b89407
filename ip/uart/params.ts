// The UART parameters (8N1), shared by the receiver, the transmitter, the
// spike bridge and their golden models: a clock frequency and a baud rate,
// from which the bit time in clocks is derived and checked.
import { isPositiveInt } from '../param-errors.ts';

export interface UartParams {
  /** Frequency of the clock the UART runs on, in Hz. */
  clockHz: number;
  /** Line rate in bits per second (8 data bits, no parity, 1 stop bit). */
  baud: number;
}

/** The smallest bit time the receiver works with: it samples half a bit after the start edge. */
export const MIN_CLOCKS_PER_BIT = 4;
/** The largest baud error (actual vs requested) accepted, in percent: 8N1 tolerates about 4 % over both ends. */
export const MAX_BAUD_ERROR_PERCENT = 2;

export const defaultUartParams: UartParams = { clockHz: 12_000_000, baud: 115_200 };

export interface UartTiming {
  /** Clocks per bit: clockHz / baud rounded to the nearest integer. */
  clocksPerBit: number;
  /** The baud rate the divider actually gives: clockHz / clocksPerBit. */
  actualBaud: number;
  /** |actual - requested| / requested, in percent. */
  errorPercent: number;
}

/** The divider and its error; no checks (see `validateUartParams`). */
export function uartTiming(p: UartParams): UartTiming {
  const clocksPerBit = Math.max(1, Math.round(p.clockHz / p.baud));
  const actualBaud = p.clockHz / clocksPerBit;
  return { clocksPerBit, actualBaud, errorPercent: (Math.abs(actualBaud - p.baud) / p.baud) * 100 };
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** Every problem of a UART parameter set, each message starting with the parameter's name. */
export function validateUartParams(p: UartParams): string[] {
  const errs: string[] = [];
  const hzOk = isPositiveInt(p.clockHz, 10_000_000_000);
  const baudOk = isPositiveInt(p.baud, 1_000_000_000);
  if (!hzOk) errs.push(`clockHz: must be a positive integer number of Hz, got ${String(p.clockHz)}`);
  if (!baudOk) errs.push(`baud: must be a positive integer number of bits per second, got ${String(p.baud)}`);
  if (!hzOk || !baudOk) return errs;
  const exact = p.clockHz / p.baud;
  const t = uartTiming(p);
  if (t.clocksPerBit < MIN_CLOCKS_PER_BIT) {
    errs.push(
      `baud: ${p.baud} baud from a ${p.clockHz} Hz clock (clockHz) is ${fmt(exact)} clocks per bit; the UART needs at least ${MIN_CLOCKS_PER_BIT} (lower baud or raise clockHz)`,
    );
  } else if (t.errorPercent > MAX_BAUD_ERROR_PERCENT) {
    errs.push(
      `baud: ${p.baud} baud from a ${p.clockHz} Hz clock (clockHz) needs ${fmt(exact)} clocks per bit; ${t.clocksPerBit} gives ${fmt(t.actualBaud)} baud, ${t.errorPercent.toFixed(2)} % off (limit ${MAX_BAUD_ERROR_PERCENT} %)`,
    );
  }
  return errs;
}

/** Clocks per bit of a valid parameter set; throws a RangeError listing the problems otherwise. */
export function clocksPerBit(p: UartParams): number {
  const errs = validateUartParams(p);
  if (errs.length > 0) throw new RangeError(`invalid UART parameters:\n  ${errs.join('\n  ')}`);
  return uartTiming(p).clocksPerBit;
}

/** Bits of a counter that holds 0..n-1 (at least one). */
export function counterWidth(n: number): number {
  let w = 1;
  while (2 ** w < n) w++;
  return w;
}
