// Plain-text tables with aligned columns, for the summaries the commands print.

/** Rows of cells; the first row is the header. Numbers are right-aligned, text left-aligned. */
export function formatTable(rows: readonly (readonly (string | number)[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  const cell = (c: string | number, i: number): string => (typeof c === 'number' ? String(c).padStart(widths[i]!) : c.padEnd(widths[i]!));
  return rows.map((r) => (indent + r.map(cell).join('  ')).trimEnd()).join('\n');
}
