// Canonical JSON: keys sorted, so equal values always give the same text.
// One writer for the two uses: the elaborator's parameter keys and module
// origins (bigints as tagged strings "123n", an undefined member as null),
// and the Verilog header comments (bigints as plain digits, undefined
// members left out). Maps print as objects of their entries, sets as arrays,
// a value that contains itself as "[circular]".
import { createHash } from 'node:crypto';

export interface CanonicalJsonOptions {
  /** 'tagged' (default): a bigint is the string "123n", so it reads back as a string; 'digits': plain 123. */
  bigints?: 'tagged' | 'digits';
  /** 'null' (default): an undefined (or function) object member prints as null; 'omit': it is left out. */
  undefinedMembers?: 'null' | 'omit';
  /** Arrays longer than 16 items print as one string with their length and a hash of their text (for one-line comments). */
  briefArrays?: boolean;
  /** Characters outside printable ASCII as \uXXXX escapes (the text then fits any comment). */
  asciiOnly?: boolean;
}

interface Style {
  tagged: boolean;
  omit: boolean;
  brief: boolean;
  ascii: boolean;
}

/** Canonical JSON of `value` (see CanonicalJsonOptions); equal values give equal text. */
export function canonicalJson(value: unknown, opts: CanonicalJsonOptions = {}): string {
  const style: Style = { tagged: opts.bigints !== 'digits', omit: opts.undefinedMembers === 'omit', brief: opts.briefArrays === true, ascii: opts.asciiOnly === true };
  const text = write(value, new Set(), style) ?? 'null';
  return style.ascii ? asciiOnly(text) : text;
}

/** `s` with every character outside printable ASCII (newlines too) as a \uXXXX escape. */
export function asciiOnly(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** The text of one value; undefined for a value that has none (undefined, functions, symbols). */
function write(v: unknown, seen: Set<object>, style: Style): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return style.tagged ? JSON.stringify(`${v}n`) : v.toString();
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
  if (style.brief && Array.isArray(obj) && obj.length > 16) {
    const text = write(obj, new Set(), { ...style, brief: false })!;
    const full = style.ascii ? asciiOnly(text) : text;
    const digest = createHash('sha256').update(full).digest('hex').slice(0, 12);
    out = JSON.stringify(`<${obj.length} items, sha256 ${digest}>`);
  } else if (Array.isArray(obj)) {
    out = '[' + obj.map((x) => write(x, seen, style) ?? 'null').join(',') + ']';
  } else if (obj instanceof Map) {
    out = writeEntries([...obj.entries()].map(([k, x]) => [String(k), x] as const), seen, style);
  } else if (obj instanceof Set) {
    out = '[' + [...obj].map((x) => write(x, seen, style) ?? 'null').join(',') + ']';
  } else {
    out = writeEntries(Object.entries(obj), seen, style);
  }
  seen.delete(obj);
  return out;
}

function writeEntries(entries: (readonly [string, unknown])[], seen: Set<object>, style: Style): string {
  const parts: string[] = [];
  for (const [k, x] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const s = write(x, seen, style);
    if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
    else if (!style.omit) parts.push(`${JSON.stringify(k)}:null`);
  }
  return '{' + parts.join(',') + '}';
}
