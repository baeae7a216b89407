// A tiny --key value / --flag parser for the MNIST scripts.
export function parseArgs(argv: string[], known: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(Object.entries(known).map(([k, v]) => `  --${k.padEnd(14)} ${v}`).join('\n'));
      process.exit(0);
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a} (options: ${Object.keys(known).map((k) => '--' + k).join(' ')})`);
    const key = a.slice(2);
    if (!(key in known)) throw new Error(`unknown option ${a} (options: ${Object.keys(known).map((k) => '--' + k).join(' ')})`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = 'true';
    else {
      out[key] = next;
      i++;
    }
  }
  return out;
}

export function num(args: Record<string, string>, key: string, fallback: number): number {
  if (args[key] === undefined) return fallback;
  const x = Number(args[key]);
  if (!Number.isFinite(x)) throw new Error(`--${key} needs a number, got ${args[key]}`);
  return x;
}
