// npm run docs [-- --out dir] [-- name …]: draws the timing diagram of every
// IP block (bin/ip-diagrams) into docs/ip/<name>.svg. Each diagram is a short
// typical transaction on the built-in simulator, checked against the block's
// golden model while it runs; a diagram that fails its check is not written
// and the command exits with 1. Output is byte-identical from run to run.
import { fileURLToPath } from 'node:url';
import { ipDiagrams } from './ip-diagrams/index.ts';
import { generateDiagrams } from './ip-diagrams/generate.ts';

const DOCS_IP = fileURLToPath(new URL('../docs/ip/', import.meta.url));

const args = process.argv.slice(2);
let outDir = DOCS_IP;
const names: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--out') {
    const v = args[++i];
    if (v === undefined) throw new Error('--out needs a directory');
    outDir = v;
  } else if (a === '--help' || a === '-h') {
    console.log(`usage: npm run docs [-- --out dir] [-- name …]\ndiagrams: ${ipDiagrams.map((d) => d.name).join(', ')}`);
    process.exit(0);
  } else if (a.startsWith('-')) {
    console.error(`unknown option ${a} (have --out)`);
    process.exit(2);
  } else names.push(a);
}
const unknown = names.filter((n) => !ipDiagrams.some((d) => d.name === n));
if (unknown.length > 0) {
  console.error(`unknown diagram ${unknown.join(', ')} (have: ${ipDiagrams.map((d) => d.name).join(', ')})`);
  process.exit(2);
}
const chosen = names.length > 0 ? ipDiagrams.filter((d) => names.includes(d.name)) : ipDiagrams;
const results = generateDiagrams(chosen, { outDir, docsDir: DOCS_IP, log: (l) => console.error(l) });
const failed = results.filter((r) => !r.ok);
console.error(`[docs] ${results.length - failed.length} of ${results.length} diagrams written to ${outDir}${failed.length ? `; FAILED: ${failed.map((f) => f.name).join(', ')}` : ''}`);
process.exit(failed.length > 0 ? 1 : 0);
