// One 20 000-cycle co-simulation test on the built-in simulator, in a fresh
// process: elaborate, compile, reset, simulate and compare with the golden
// model. Run by bench/simulate.ts, which compares the time with a cold
// Verilator build. Prints one line of JSON.
//
//   node --import tsx bench/simulate-race.ts <design> [cycles]
const startMs = performance.now(); // since process start: includes Node's own start-up
const { benchDesign } = await import('./simulate-designs.ts');
const { cosim } = await import('../testbenches/cosim/index.ts');

const key = process.argv[2] ?? 'counters';
const cycles = Number(process.argv[3] ?? 20_000);
const d = benchDesign(key);
const records = d.records(cycles);
const t0 = performance.now();
const r = cosim({ design: d.design, params: d.params, model: d.model(), stimulus: records, cycles, backends: ['builtin'] });
const t1 = performance.now();
process.stdout.write(
  JSON.stringify({
    design: key,
    cycles: r.cycles,
    // From process start (Node, tsx, imports, stimulus) to the end of the test.
    processSeconds: t1 / 1000,
    importSeconds: (t0 - startMs) / 1000,
    cosimSeconds: (t1 - t0) / 1000,
    createSeconds: r.backends[0]!.createSeconds,
    simSeconds: r.backends[0]!.seconds,
  }) + '\n',
);
