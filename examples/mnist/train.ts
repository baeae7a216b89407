// Train a float network on the MNIST train split, convert it to a dense
// spiking network with integer weights, tune its thresholds on training
// images, and save it (the file the tests and evaluate.ts read).
//
//   npx tsx examples/mnist/train.ts                 # the committed network
//   npx tsx examples/mnist/train.ts --steps 4 --bits 6 --out /tmp/net.json
import { writeFileSync } from 'node:fs';
import {
  convertNetwork,
  evaluateSpiking,
  floatAccuracy,
  loadMnist,
  networkHash,
  quantizedAnnAccuracy,
  serializeSpikingNetwork,
  subsetOf,
  trainNetwork,
  tuneConversion,
  type InputCoding,
} from '../../ip/mnist/index.ts';
import { num, parseArgs } from './args.ts';
import { DEFAULT_NETWORK_FILE } from './paths.ts';

const args = parseArgs(process.argv.slice(2), {
  hidden: 'hidden layer sizes, comma-separated (default 128)',
  epochs: 'training epochs (default 20)',
  batch: 'mini-batch size (default 64)',
  lr: 'Adam step size (default 0.002, cosine to 0)',
  shift: 'augmentation: random translation by up to this many pixels (default 1)',
  seed: 'seed of initialisation, shuffles and augmentation (default 1)',
  downsample: 'average f x f pixel blocks (default 1: 28 x 28)',
  steps: 'time steps per image T (default 6)',
  bits: 'signed weight bits (default 8)',
  coding: "input coding: 'integrate' (default) or 'rate'",
  'tune-images': 'training images that score each threshold candidate (default 2000)',
  'no-tune': 'skip tuning; percentile 99.9 and scale 1',
  out: `output file (default ${DEFAULT_NETWORK_FILE})`,
});

const hidden = (args.hidden ?? '128').split(',').map(Number);
const downsample = num(args, 'downsample', 1);
const seed = num(args, 'seed', 1);
const steps = num(args, 'steps', 6);
const bits = num(args, 'bits', 8);
const coding: InputCoding = (args.coding ?? 'integrate') === 'rate' ? { kind: 'rate', seed } : { kind: 'integrate', levels: 255, initial: 128 };
const training = { hidden, epochs: num(args, 'epochs', 20), batchSize: num(args, 'batch', 64), learningRate: num(args, 'lr', 2e-3), shift: num(args, 'shift', 1), seed };
const out = args.out ?? DEFAULT_NETWORK_FILE;
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

const data = loadMnist({ downsample });
console.log(`MNIST (npm mnist@1.1.0): ${data.train.count} train / ${data.test.count} test images of ${data.train.side}x${data.train.side}`);

const t0 = performance.now();
const { network: net } = trainNetwork(data.train, {
  ...training,
  onEpoch: (e, loss) => process.stdout.write(`  epoch ${e + 1}/${training.epochs}: loss ${loss.toFixed(4)}\n`),
});
const trainMs = performance.now() - t0;
const floatTrain = floatAccuracy(net, data.train);
const floatTest = floatAccuracy(net, data.test);
console.log(`float ${net.sizes.join('-')}: trained in ${(trainMs / 1000).toFixed(1)} s (one core), train ${pct(floatTrain)}, test ${pct(floatTest)}; weights sha256 ${networkHash(net).slice(0, 16)}`);

const base = { steps, weightBits: bits, coding };
let snn;
let tuned: unknown = null;
if (args['no-tune']) snn = convertNetwork(net, data.train, base);
else {
  const t1 = performance.now();
  const score = subsetOf(data.train, num(args, 'tune-images', 2000));
  const r = tuneConversion(net, data.train, score, base);
  snn = r.best;
  tuned = { scoredOn: `first ${score.count} train images`, percentile: r.bestOptions.percentile, thresholdScale: r.bestOptions.thresholdScale, accuracy: r.bestAccuracy };
  console.log(`tuned ${r.tried.length} threshold candidates on ${score.count} train images in ${((performance.now() - t1) / 1000).toFixed(1)} s: percentile ${r.bestOptions.percentile}, scales ${JSON.stringify(r.bestOptions.thresholdScale)} (${pct(r.bestAccuracy)})`);
}
const quant = quantizedAnnAccuracy(snn.network, data.test);
const e = evaluateSpiking(snn, data.test);
console.log(`quantised ANN (${bits}-bit): test ${pct(quant)}`);
console.log(`spiking (T = ${steps}, ${coding.kind} coding): test ${pct(e.accuracy)} (${e.correct}/${e.count}, ${e.ties} ties), thresholds ${snn.conversion.thresholds.join(' / ')}`);
console.log(`per image: ${e.mean.inputSpikes.toFixed(1)} input spikes, layer spikes ${e.mean.layerSpikes.map((x) => x.toFixed(1)).join(' / ')}, ${Math.round(e.mean.synapticOps)} synaptic ops`);

const text = serializeSpikingNetwork(snn, {
  dataset: { name: 'mnist', downsample, trainFraction: 0.8 },
  training: { ...training, optimizer: 'adam', loss: 'softmax cross-entropy', bias: false, floatSha256: networkHash(net) },
  results: { floatTrainAccuracy: floatTrain, floatTestAccuracy: floatTest, quantizedTestAccuracy: quant, spikingTestAccuracy: e.accuracy, tuned },
});
writeFileSync(out, text);
console.log(`wrote ${out} (${(text.length / 1024).toFixed(0)} KB)`);
