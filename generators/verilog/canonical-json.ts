// Parameters in the header as canonical JSON: keys sorted, bigints as plain
// digits, non-ASCII escaped, so the same parameters always print the same
// bytes and every Verilog tool can read the comment.
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  return escapeNonAscii(write(value, new Set()) ?? 'null');
}

/**
 * Parameters for a header comment. Large parameters (a weight matrix) would
 * make lines of megabytes, which Icarus' scanner cannot read: arrays longer
 * than 16 items are shown by length and a hash instead.
 */
export function paramsComment(value: unknown): string {
  const full = canonicalJson(value);
  if (full.length <= 400) return full;
  return escapeNonAscii(write(value, new Set(), true) ?? 'null');
}

function write(v: unknown, seen: Set<object>, brief = false): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  const obj = v as object;
  if (seen.has(obj)) return '"[circular]"';
  seen.add(obj);
  let out: string;
  if (brief && Array.isArray(obj) && obj.length > 16) {
    const digest = createHash('sha256').update(canonicalJson(obj)).digest('hex').slice(0, 12);
    out = JSON.stringify(`<${obj.length} items, sha256 ${digest}>`);
  } else if (Array.isArray(obj)) {
    out = '[' + obj.map((x) => write(x, seen, brief) ?? 'null').join(',') + ']';
  } else if (obj instanceof Map) {
    const entries = [...obj.entries()].map(([k, x]) => [String(k), x] as const);
    out = writeEntries(entries, seen, brief);
  } else if (obj instanceof Set) {
    out = '[' + [...obj].map((x) => write(x, seen, brief) ?? 'null').join(',') + ']';
  } else {
    out = writeEntries(Object.entries(obj), seen, brief);
  }
  seen.delete(obj);
  return out;
}

function writeEntries(entries: (readonly [string, unknown])[], seen: Set<object>, brief: boolean): string {
  const parts: string[] = [];
  for (const [k, x] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const s = write(x, seen, brief);
    if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
  }
  return '{' + parts.join(',') + '}';
}

/** Text safe inside a `//` comment: one line, printable ASCII only. */
export function commentText(s: string): string {
  return escapeNonAscii(s);
}

function escapeNonAscii(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
