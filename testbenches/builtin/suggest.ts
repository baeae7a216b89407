// "Did you mean" for unknown signal names: the few known names closest by edit
// distance, with names that contain the query (or its last part) first.

function distance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

export function closeNames(query: string, known: Iterable<string>, count = 5): string[] {
  const q = query.toLowerCase();
  const last = q.slice(q.lastIndexOf('.') + 1);
  const scored: { name: string; score: number }[] = [];
  for (const name of known) {
    const n = name.toLowerCase();
    let score = distance(q, n);
    if (n.includes(q) || (last.length > 1 && n.endsWith(last))) score -= 100;
    scored.push({ name, score });
  }
  scored.sort((x, y) => x.score - y.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, count).map((s) => s.name);
}

/** An error message for an unknown name, listing close candidates. */
export function unknownNameMessage(what: string, query: string, known: Iterable<string>): string {
  const close = closeNames(query, known);
  return close.length === 0
    ? `no ${what} named '${query}' (the design has none)`
    : `no ${what} named '${query}'; close names: ${close.map((n) => `'${n}'`).join(', ')}`;
}
