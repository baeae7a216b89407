// VCD identifier codes: the short tokens that stand for a variable in value
// changes. Printable ASCII 33..126 ('!'..'~'), numbered bijectively in base 94
// so that the first 94 signals get one character, the next 94*94 two, and so on.

const FIRST = 33;
const RADIX = 94;

/** The identifier code of the index-th variable (0 → '!', 93 → '~', 94 → '!!'). */
export function vcdIdentifier(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new Error(`VCD identifier index must be a non-negative integer, got ${index}`);
  }
  let n = index;
  let code = '';
  for (;;) {
    code = String.fromCharCode(FIRST + (n % RADIX)) + code;
    n = Math.floor(n / RADIX) - 1;
    if (n < 0) return code;
  }
}
