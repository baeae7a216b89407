// Reading and writing records of signal values by fixed names, without a
// keyed access per value: `obj[names[i]]` with a different name on every
// iteration is a megamorphic lookup in V8 (a hash probe per value, the
// largest single cost of the harness on small designs), while a function that
// names each property literally compiles to fixed-offset loads and stores.
// The names are written as JSON string literals, so any name is safe.

// Generated functions are kept per name list: a function made again would be
// optimised again by V8 (CPU on a background thread in every cosim() call).
const made = new Map<string, unknown>();
function generated<F>(kind: string, names: readonly string[], make: () => F): F {
  const key = `${kind}\u0000${names.join('\u0000')}`;
  let f = made.get(key) as F | undefined;
  if (f === undefined) {
    if (made.size > 256) made.clear();
    made.set(key, (f = make()));
  }
  return f;
}

/** `write(target, row)` sets `target[names[i]] = row[i]` for every i, in order. */
export function recordWriter<T>(names: readonly string[]): (target: Record<string, T>, row: readonly T[]) => void {
  return generated('write', names, () => {
    const body = names.map((n, i) => `t[${JSON.stringify(n)}] = r[${i}];`).join('\n');
    return new Function('t', 'r', body) as (target: Record<string, T>, row: readonly T[]) => void;
  });
}

/** `read(source, out)` sets `out[i] = source[names[i]]` for every i, in order. */
export function recordReader(names: readonly string[]): (source: Readonly<Record<string, unknown>>, out: unknown[]) => void {
  return generated('read', names, () => {
    const body = names.map((n, i) => `o[${i}] = s[${JSON.stringify(n)}];`).join('\n');
    return new Function('s', 'o', body) as (source: Readonly<Record<string, unknown>>, out: unknown[]) => void;
  });
}

/**
 * The fast path of applying an input record: `apply(rec, last, held, convert)`
 * reads every name literally; for each one present (not undefined) whose value
 * is not `last[i]` (the raw value applied before), sets `held[i] =
 * convert(value, i)` and `last[i] = value`. Returns false, leaving the record
 * to the general path, when `convert` gives null or the record has any other
 * enumerable key (counted with for-in, as the general path walks it): that path
 * then applies the record again from the start and reports its first problem
 * in key order, so the result is the same as if it had done all the work.
 */
export function recordApplier(
  names: readonly string[],
): (rec: Readonly<Record<string, unknown>>, last: unknown[], held: bigint[], convert: (v: unknown, i: number) => bigint | null) => boolean {
  return generated('apply', names, () => makeApplier(names));
}

function makeApplier(
  names: readonly string[],
): (rec: Readonly<Record<string, unknown>>, last: unknown[], held: bigint[], convert: (v: unknown, i: number) => bigint | null) => boolean {
  const lines = ['let n = 0, v, x;'];
  names.forEach((name, i) => {
    lines.push(`v = rec[${JSON.stringify(name)}];`);
    lines.push(`if (v !== undefined) { n++; if (v !== last[${i}]) { x = convert(v, ${i}); if (x === null) return false; held[${i}] = x; last[${i}] = v; } }`);
  });
  lines.push('let m = 0;', 'for (const k in rec) m++;', 'return m === n;');
  return new Function('rec', 'last', 'held', 'convert', lines.join('\n')) as ReturnType<typeof recordApplier>;
}
