// Convert a network trained elsewhere (PyTorch, snnTorch, Keras, numpy) into
// the dense spiking network, check it on MNIST, save it, and optionally write
// its Verilog. The input size picks the MNIST downsampling (784: 28x28,
// 196: 14x14, 49: 7x7, 16: 4x4). docs/mnist.md shows the Python side.
//
//   npx tsx examples/mnist/import.ts --npy fc1.weight.npy,fc2.weight.npy --out /tmp/net.snn.json
//   npx tsx examples/mnist/import.ts --json weights.json --layout in-out --tune --verilog /tmp/v
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elaborate } from '../../hdl/index.ts';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { DenseNetwork } from '../../ip/dense/index.ts';
import {
  convertNetwork,
  evaluateSpiking,
  floatAccuracy,
  loadMnist,
  MNIST_SIDE,
  networkFromJson,
  networkFromNpyFiles,
  serializeSpikingNetwork,
  subsetOf,
  tuneConversion,
  type ConvertOptions,
  type WeightLayout,
} from '../../ip/mnist/index.ts';
import { num, parseArgs } from './args.ts';

const args = parseArgs(process.argv.slice(2), {
  npy: 'weight files, one per layer, comma-separated',
  bias: "bias files, comma-separated, '-' for a layer without (with --npy)",
  json: 'a weights JSON document instead of --npy',
  layout: "'out-in' (PyTorch, default) or 'in-out' (Keras)",
  biases: "'error' (default) or 'drop': what to do with non-zero biases",
  steps: 'time steps per image T (default 6)',
  bits: 'signed weight bits (default 8)',
  percentile: 'threshold percentile (default 99.9; ignored with --tune)',
  tune: 'choose percentile and threshold scales on training images',
  out: 'where to write the converted network (.snn.json)',
  verilog: 'a folder to write DenseNetwork.v into',
});
if (!args.npy === !args.json) throw new Error('give exactly one of --npy and --json');
const layout = args.layout as WeightLayout | undefined;
let net;
if (args.npy) {
  const weights = args.npy.split(',');
  const biases = args.bias ? args.bias.split(',') : [];
  if (biases.length && biases.length !== weights.length) throw new Error(`--bias lists ${biases.length} files for ${weights.length} layers`);
  net = networkFromNpyFiles(
    weights.map((w, k) => ({ weight: w, bias: biases[k] && biases[k] !== '-' ? biases[k] : undefined })),
    { layout },
  );
} else net = networkFromJson(readFileSync(args.json!, 'utf8'), { layout });
console.log(`imported ${net.sizes.join('-')}${net.biases ? ' with biases' : ''}`);

const side = Math.round(Math.sqrt(net.sizes[0]!));
if (side * side !== net.sizes[0] || MNIST_SIDE % side !== 0) throw new Error(`the network takes ${net.sizes[0]} inputs; MNIST offers 784, 196, 49, 16 or 4 (28x28 averaged down)`);
const data = loadMnist({ downsample: MNIST_SIDE / side });
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
console.log(`float ANN: test ${pct(floatAccuracy(net, data.test))} (biases included)`);

const base: ConvertOptions = { steps: num(args, 'steps', 6), weightBits: num(args, 'bits', 8), percentile: num(args, 'percentile', 99.9), biases: args.biases === 'drop' ? 'drop' : 'error' };
const snn = args.tune ? tuneConversion(net, data.train, subsetOf(data.train, 2000), base).best : convertNetwork(net, data.train, base);
const e = evaluateSpiking(snn, data.test);
console.log(`spiking: T = ${snn.steps}, thresholds ${snn.conversion.thresholds.join(' / ')}; test ${pct(e.accuracy)}; ${Math.round(e.mean.synapticOps)} synaptic ops per image`);
if (args.out) {
  writeFileSync(args.out, serializeSpikingNetwork(snn, { dataset: { name: 'mnist', downsample: MNIST_SIDE / side, trainFraction: 0.8 } }));
  console.log(`wrote ${args.out}`);
}
if (args.verilog) {
  mkdirSync(args.verilog, { recursive: true });
  const path = join(args.verilog, 'DenseNetwork.v');
  writeFileSync(path, emitVerilog(elaborate(DenseNetwork, snn.network)));
  console.log(`wrote ${path}`);
}
