// Accuracy and cost of the converted MNIST network on the held-out split:
// the quantised ANN, the spiking network on the fast simulator, optionally on
// ip/dense's golden model (DenseNetworkModel) and on the DenseNetwork hardware
// (built-in simulator), checking that all three agree image by image.
//
//   npx tsx examples/mnist/evaluate.ts                       # fast simulator, whole test split
//   npx tsx examples/mnist/evaluate.ts --golden all          # + DenseNetworkModel on every image (~minutes)
//   npx tsx examples/mnist/evaluate.ts --hardware 100        # + the hardware on the first 100 images
//   npx tsx examples/mnist/evaluate.ts --energy-table t.json # energy estimate with another table (docs/energy.md)
import { readFileSync } from 'node:fs';
import { evaluateSpiking, loadMnist, parseSpikingNetwork, quantizedAnnAccuracy, subsetOf } from '../../ip/mnist/index.ts';
import { parseArgs } from './args.ts';
import { elaborate } from '../../hdl/index.ts';
import { DenseNetwork } from '../../ip/dense/index.ts';
import { createSimulator, type BackendName } from '../../testbenches/backends.ts';
import { evaluateOnHardware } from './hardware.ts';
import { DEFAULT_NETWORK_FILE } from './paths.ts';
import { denseActivityFromTotals, energy45nm, estimateEnergy, formatEnergyReport, readEnergyTable } from '../../ip/energy/index.ts';

const args = parseArgs(process.argv.slice(2), {
  network: `converted network file (default ${DEFAULT_NETWORK_FILE})`,
  split: "'test' (default) or 'train'",
  golden: "also run DenseNetworkModel: a number of images, or 'all'",
  hardware: "also run the DenseNetwork hardware: a number of images, or 'all'",
  backend: "simulator of --hardware: 'builtin' (default), 'verilator' or 'iverilog'",
  'energy-table': 'energy table JSON for the estimate (default: the 45 nm table of ip/energy)',
});
const file = args.network ?? DEFAULT_NETWORK_FILE;
const { snn, provenance } = parseSpikingNetwork(readFileSync(file, 'utf8'), file);
const ds = provenance.dataset ?? { name: 'mnist', downsample: 1, trainFraction: 0.8 };
const data = loadMnist({ downsample: ds.downsample, trainFraction: ds.trainFraction });
const set = args.split === 'train' ? data.train : data.test;
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
const limitOf = (v: string | undefined): number | undefined => (v === undefined ? undefined : v === 'all' || v === 'true' ? set.count : Number(v));

const sizes = [snn.network.inputs, ...snn.network.layers.map((l) => l.neurons)];
console.log(`${file}`);
console.log(`network ${sizes.join('-')}, ${snn.network.layers.map((l) => l.weightWidth).join('/')}-bit weights, T = ${snn.steps}, ${snn.coding.kind} coding, thresholds ${snn.network.layers.map((l) => l.neuron.threshold).join(' / ')}`);
console.log(`membrane / input widths ${snn.network.layers.map((l) => `${l.neuron.width}/${l.neuron.inputWidth}`).join(', ')} bits; counters ${snn.network.countWidth} bits`);
const r = provenance.results as Record<string, number> | undefined;
if (r?.floatTestAccuracy !== undefined) console.log(`float ANN (recorded at training): ${args.split === 'train' ? pct(r.floatTrainAccuracy!) : pct(r.floatTestAccuracy)}`);
console.log(`quantised ANN: ${pct(quantizedAnnAccuracy(snn.network, set))} on ${set.count} ${args.split ?? 'test'} images`);

const t0 = performance.now();
const counts: number[][] = [];
const fast = evaluateSpiking(snn, set, { onImage: (_, c) => counts.push(c) });
console.log(`spiking, fast simulator: ${pct(fast.accuracy)} (${fast.correct}/${fast.count}; ${fast.ties} decided by the lowest index among equal counts) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const m = fast.mean;
console.log(`per image: ${m.inputSpikes.toFixed(1)} input spikes, ${m.layerSpikes.map((x) => x.toFixed(1)).join(' / ')} layer spikes, ${Math.round(m.synapticOps)} synaptic ops (weight-row additions x neurons)`);
// Energy from the fast simulator's spike totals (the activity the hardware's counters give, tested in test/energy).
const spikesInto = [m.inputSpikes, ...m.layerSpikes.slice(0, -1)].map((x) => Math.round(x * fast.count));
const table = args['energy-table'] ? readEnergyTable(args['energy-table']) : energy45nm;
console.log(formatEnergyReport(estimateEnergy(denseActivityFromTotals(snn.network, spikesInto, snn.steps * fast.count, fast.count), table)));

const golden = limitOf(args.golden);
if (golden !== undefined) {
  const t1 = performance.now();
  let diff = 0;
  const g = evaluateSpiking(snn, set, {
    engine: 'golden',
    limit: golden,
    onImage: (n, c) => {
      if (c.join() !== counts[n]!.join()) diff++;
    },
  });
  console.log(`spiking, DenseNetworkModel (golden): ${pct(g.accuracy)} (${g.correct}/${g.count}) in ${((performance.now() - t1) / 1000).toFixed(1)} s; count vectors differing from the fast simulator: ${diff}`);
}

const hw = limitOf(args.hardware);
if (hw !== undefined) {
  let diff = 0;
  const backend = (args.backend ?? 'builtin') as BackendName;
  const h = evaluateOnHardware(snn, set, {
    limit: hw,
    makeSim: (x) => createSimulator(elaborate(DenseNetwork, x.network), backend, { onProgress: (m) => console.log(`  ${m}`) }),
    onImage: (n, res) => {
      if (res.counts.join() !== counts[n]!.join() || res.winner !== fast.predictions[n]) diff++;
      if ((n + 1) % 100 === 0) process.stdout.write(`  hardware: ${n + 1} images\n`);
    },
  });
  const cycles = h.results.map((x) => x.cycles);
  const mean = cycles.reduce((a, b) => a + b, 0) / cycles.length;
  console.log(
    `hardware (DenseNetwork, ${backend} simulator): ${pct(h.accuracy)} (${h.correct}/${h.count}); ${diff} images differing from the fast simulator; ` +
      `cycles per image mean ${mean.toFixed(1)}, min ${Math.min(...cycles)}, max ${Math.max(...cycles)}; elaborate ${(h.elaborateMs / 1000).toFixed(1)} s, simulate ${(h.simulateMs / 1000).toFixed(1)} s`,
  );
}
