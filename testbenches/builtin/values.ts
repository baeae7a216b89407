// Conversions between the user's values (bigint or number, signed or unsigned)
// and the simulator's storage: nets of width <= 32 live in an Int32Array as the
// int32 whose low `width` bits are the pattern (upper bits zero below 32 bits);
// wider nets live as unsigned bigints.

/** Widest net kept in an Int32Array slot; wider nets are bigints. */
export const NARROW_MAX = 32;

export function isNarrow(width: number): boolean {
  return width <= NARROW_MAX;
}

/** Whether `value` fits `width` bits read either as unsigned or as two's complement. */
export function fitsWidth(value: bigint, width: number): boolean {
  return value >= -(1n << BigInt(width - 1)) && value < 1n << BigInt(width);
}

/** Accepts a bigint or an integral number; anything else is an error naming `what`. */
export function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  throw new Error(`${what}: value ${String(value)} is not an integer (pass a bigint or an integral number)`);
}

/** The unsigned bit pattern of `value` on `width` bits. */
export function toPattern(value: bigint, width: number): bigint {
  return BigInt.asUintN(width, value);
}

/** A pattern read as the signal's type reads it. */
export function fromPattern(pattern: bigint, width: number, signed: boolean): bigint {
  return signed ? BigInt.asIntN(width, pattern) : pattern;
}

/** Pattern (< 2^32) to the int32 kept in a narrow slot. */
export function encodeNarrow(pattern: bigint): number {
  return Number(pattern) | 0;
}
