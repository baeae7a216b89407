// Signals the design does not (fully) read: inputs it ignores, bits it never
// slices, results nobody uses. Verilator -Wall would warn UNUSEDSIGNAL for
// each; the documented idiom is to read them all in one reduction wire whose
// own declaration alone is exempt from the warning.

export function unusedSink(signals: string[], wireName: string): string[] {
  const items = ["1'b0", ...signals, "1'b0"];
  const rows: string[] = [];
  for (let i = 0; i < items.length; i += 8) rows.push(items.slice(i, i + 8).join(', '));
  const body = rows.length === 1 ? rows[0] : '\n    ' + rows.join(',\n    ') + '\n  ';
  return [
    '  /* verilator lint_off UNUSEDSIGNAL */',
    `  wire ${wireName} = &{${body}};`,
    '  /* verilator lint_on UNUSEDSIGNAL */',
  ];
}
