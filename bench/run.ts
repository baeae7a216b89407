// npm run bench [-- name…]: runs the benchmarks and writes bench/results/*.json.
import { runElaborateBench } from './elaborate.ts';
import { runFpgaBench } from './fpga.ts';

const benches: Record<string, () => unknown> = {
  elaborate: () => runElaborateBench(),
  fpga: () => runFpgaBench(),
  ip: async () => (await import('./ip.ts')).runIpBench(),
  simulate: async () => (await import('./simulate.ts')).runSimulateBench(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  const run = benches[name];
  if (!run) {
    console.error(`unknown benchmark '${name}' (have: ${Object.keys(benches).join(', ')})`);
    process.exit(1);
  }
  await run();
}
