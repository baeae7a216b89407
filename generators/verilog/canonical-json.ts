// Parameters in the header as canonical JSON: keys sorted, bigints as plain
// digits, non-ASCII escaped, so the same parameters always print the same
// bytes and every Verilog tool can read the comment. The writer is the
// language's own (hdl/canonical-json.ts), in this style.
import { asciiOnly, canonicalJson as canonical } from '../../hdl/canonical-json.ts';

export function canonicalJson(value: unknown): string {
  return canonical(value, { bigints: 'digits', undefinedMembers: 'omit', asciiOnly: true });
}

/**
 * Parameters for a header comment. Large parameters (a weight matrix) would
 * make lines of megabytes, which Icarus' scanner cannot read: arrays longer
 * than 16 items are shown by length and a hash instead.
 */
export function paramsComment(value: unknown): string {
  const full = canonicalJson(value);
  if (full.length <= 400) return full;
  return canonical(value, { bigints: 'digits', undefinedMembers: 'omit', asciiOnly: true, briefArrays: true });
}

/** Text safe inside a `//` comment: one line, printable ASCII only. */
export function commentText(s: string): string {
  return asciiOnly(s);
}
