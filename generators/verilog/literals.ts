// Sized Verilog literals and declaration ranges. Every constant the generator
// prints carries its width, so no expression ever depends on Verilog's 32-bit
// default for unsized numbers.
import { mask } from '../../hdl/ir.ts';
import { holeyArray } from '../../hdl/holey-array.ts';

/** Unsigned sized literal: `1'b0`, `8'd5`, `64'h1234_5678_9abc_def0`. */
export function literal(width: number, value: bigint): string {
  const v = value & mask(width);
  if (width === 1) return `1'b${v}`;
  if (v < 1n << 16n) return `${width}'d${v}`;
  return `${width}'h${groupHex(v.toString(16))}`;
}

/** Signed literal for a signed comparison: `8'sd5`, `-8'sd5`, or `$signed(8'd128)` for the minimum. */
export function signedLiteral(width: number, value: bigint): string {
  const v = value & mask(width);
  const half = 1n << BigInt(width - 1);
  if (v < half) return `${width}'sd${v}`;
  const magnitude = (1n << BigInt(width)) - v;
  if (magnitude < half) return `-${width}'sd${magnitude}`;
  return `$signed(${literal(width, v)})`;
}

/** Zero of a width. */
export function zero(width: number): string {
  return literal(width, 0n);
}

/** `[W-1:0] ` for vectors, nothing for single bits. */
export function range(width: number): string {
  return width === 1 ? '' : `[${width - 1}:0] `;
}

/** By signedness, then width (up to 4096, cached). Sized up front: reading past an array's end would throw optimised callers' code away. */
const declTypes: (string | undefined)[][] = [holeyArray(4097), holeyArray(4097)];

/** Type part of a declaration: `signed [7:0] `, `[3:0] `, `` (one string per type: modules declare thousands). */
export function declType(width: number, signed: boolean): string {
  const cache = declTypes[signed ? 1 : 0]!;
  let t = width < cache.length ? cache[width] : undefined;
  if (t === undefined) {
    t = (signed ? 'signed ' : '') + range(width);
    if (width >= 1 && width <= 4096 && (width | 0) === width) cache[width] = t;
  }
  return t;
}

function groupHex(hex: string): string {
  // Underscores every 4 digits from the right keep long constants readable.
  let out = '';
  for (let i = 0; i < hex.length; i++) {
    if (i > 0 && (hex.length - i) % 4 === 0) out += '_';
    out += hex[i];
  }
  return out;
}
