// The MNIST network end to end on the hardware, for `npm run demo`: the
// committed converted network's DenseNetwork runs a few held-out digits on
// the built-in simulator while an activity counter watches its memory enables
// and update signals; each digit also goes through the golden model
// (DenseNetworkModel) and its activity tally, and the two must agree on the
// class counts, the winner and every activity count. The hardware's counts
// give the energy estimate; a trace of the first digit gives two WaveDrom
// diagrams (the input stream's handshake, and the output spikes).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elaborate } from '../../hdl/index.ts';
import { emitVerilog } from '../../generators/verilog/index.ts';
import { renderWaveSvg, traceToWaveJson, type WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { DenseNetwork, DenseNetworkModel } from '../../ip/dense/index.ts';
import { activityDifferences, addActivity, DenseActivityTally, energy45nm, estimateEnergy, type ActivityCounts, type EnergyEstimate, type EnergyTable } from '../../ip/energy/index.ts';
import { encodeImage, loadMnist, parseSpikingNetwork } from '../../ip/mnist/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { ActivityCounter, denseNetworkProbes, withActivityCounter } from '../../testbenches/energy/index.ts';
import type { Trace } from '../../testbenches/simulator.ts';
import { runImageOnHardware } from './hardware.ts';
import { DEFAULT_NETWORK_FILE } from './paths.ts';

export interface EndToEndOptions {
  /** Held-out digits to run, from the first (default 10). */
  digits?: number;
  network?: string;
  table?: EnergyTable;
  /** Folder for DenseNetwork.v and the diagrams. */
  outDir: string;
  log?: (line: string) => void;
}

export interface DigitResult {
  label: number;
  hardware: number;
  golden: number;
  cycles: number;
  /** What differs between the hardware and the golden model (counts, winner, activity); empty when they agree. */
  differences: string[];
}

export interface EndToEndResult {
  digits: DigitResult[];
  correct: number;
  /** Digits where the hardware and the golden model disagree in anything. */
  disagreements: number;
  hardwareActivity: ActivityCounts;
  goldenActivity: ActivityCounts;
  energy: EnergyEstimate;
  /** Multiply-accumulates of one inference of the same layers as a non-spiking network (inputs × neurons per layer). */
  annMacs: number;
  files: string[];
}

/** Signals of the timing diagrams, as the DenseNetwork names them (docs/ip/dense.md). */
const WAVE_SIGNALS = ['in_valid', 'in_ready', 'in_step', 'in_index', 'layer0.rd_valid', 'layer0.update', 'layer0.out_valid', 'layer0.out_step', 'layer0.out_index', 'layer1.update', 'layer1.out_valid', 'layer1.out_step', 'layer1.out_index', 'spikes_valid', 'winner'];

function column(trace: Trace, name: string): bigint[] {
  const i = trace.signals.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`trace has no ${name}`);
  return trace.values[i]!;
}

export function runMnistEndToEnd(o: EndToEndOptions): EndToEndResult {
  const log = o.log ?? ((l: string) => console.log(l));
  const file = o.network ?? DEFAULT_NETWORK_FILE;
  const table = o.table ?? energy45nm;
  const { snn, provenance } = parseSpikingNetwork(readFileSync(file, 'utf8'), file);
  const ds = provenance.dataset ?? { name: 'mnist', downsample: 1, trainFraction: 0.8 };
  const { test } = loadMnist({ downsample: ds.downsample, trainFraction: ds.trainFraction });
  const count = Math.min(o.digits ?? 10, test.count);
  const sizes = [snn.network.inputs, ...snn.network.layers.map((l) => l.neurons)];
  log(`network ${sizes.join('-')}, ${snn.network.layers.map((l) => l.weightWidth).join('/')}-bit weights, T = ${snn.steps} steps, ${snn.coding.kind} coding (${file.split('/').slice(-3).join('/')})`);

  let t0 = performance.now();
  const ir = elaborate(DenseNetwork, snn.network);
  const cells = ir.modules.reduce((s, m) => s + m.cells.length, 0);
  const verilogFile = join(o.outDir, 'DenseNetwork.v');
  const verilog = emitVerilog(ir);
  writeFileSync(verilogFile, verilog);
  log(`hardware: DenseNetwork, ${ir.modules.length} modules, ${cells.toLocaleString('en-US')} IR cells, elaborated and written in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${verilogFile} (${verilog.split('\n').length.toLocaleString('en-US')} lines)`);

  t0 = performance.now();
  const counter = new ActivityCounter(denseNetworkProbes(ir));
  const raw = createBuiltinSimulator(ir, { trace: { signals: WAVE_SIGNALS } });
  const sim = withActivityCounter(raw, counter);
  log(`built-in simulator compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s; counting ${counter.signals.join(', ')} each cycle`);

  const golden = new DenseNetworkModel(snn.network);
  const digits: DigitResult[] = [];
  let hardwareActivity: ActivityCounts | undefined;
  let goldenActivity: ActivityCounts | undefined;
  let firstDigit = { from: 0, to: 0 };
  let trace: Trace;
  t0 = performance.now();
  try {
    for (let n = 0; n < count; n++) {
      const steps = encodeImage(test.images.subarray(n * test.features, (n + 1) * test.features), test.ids[n]!, snn.steps, snn.coding);
      const from = sim.cycle;
      const hw = runImageOnHardware(sim, snn, steps);
      counter.endInference();
      if (n === 0) firstDigit = { from, to: sim.cycle };
      const hwActivity = counter.counts();
      counter.reset();

      const tally = new DenseActivityTally(snn.network);
      golden.reset();
      for (const a of steps) tally.step(a, golden.step(a));
      tally.endInference();
      const gmActivity = tally.counts;
      hardwareActivity = hardwareActivity ? addActivity(hardwareActivity, hwActivity) : hwActivity;
      goldenActivity = goldenActivity ? addActivity(goldenActivity, gmActivity) : gmActivity;

      const differences: string[] = [];
      if (hw.counts.join() !== golden.counts.join()) differences.push(`class counts: hardware ${hw.counts.join(' ')}, golden ${golden.counts.join(' ')}`);
      if (hw.winner !== golden.winner()) differences.push(`winner: hardware ${hw.winner}, golden ${golden.winner()}`);
      differences.push(...activityDifferences(hwActivity, gmActivity, ['hardware', 'golden']));
      const label = test.labels[n]!;
      digits.push({ label, hardware: hw.winner, golden: golden.winner(), cycles: hw.cycles, differences });
      log(
        `  digit ${String(n + 1).padStart(2)}/${count}: label ${label}  hardware ${hw.winner}  golden ${golden.winner()}  ${hw.winner === label ? 'correct' : 'wrong  '}` +
          `  ${String(hw.cycles).padStart(5)} cycles  ${hwActivity.synapticOps.toLocaleString('en-US').padStart(7)} synaptic ops  class counts ${hw.counts.join(' ')}` +
          `  ${differences.length ? 'HARDWARE != GOLDEN' : 'hardware = golden'}`,
      );
      for (const d of differences) log(`      ${d}`);
    }
    trace = raw.trace!();
  } finally {
    sim.close();
  }
  log(`simulated ${count} digit${count === 1 ? '' : 's'} in ${((performance.now() - t0) / 1000).toFixed(1)} s (hardware on the built-in simulator, golden model alongside)`);

  const energy = estimateEnergy(hardwareActivity!, table);
  const files = [verilogFile, ...writeDiagrams(trace, firstDigit, o.outDir)];
  return {
    digits,
    correct: digits.filter((d) => d.hardware === d.label).length,
    disagreements: digits.filter((d) => d.differences.length > 0).length,
    hardwareActivity: hardwareActivity!,
    goldenActivity: goldenActivity!,
    energy,
    annMacs: snn.network.layers.reduce((s, l, k) => s + (k === 0 ? snn.network.inputs : snn.network.layers[k - 1]!.neurons) * l.neurons, 0),
    files,
  };
}

/** Two diagrams of the first digit: the start of the input stream, and the cycles around its first output spike. */
function writeDiagrams(trace: Trace, digit: { from: number; to: number }, outDir: string): string[] {
  const at = (name: string, cycle: number): bigint => column(trace, name)[cycle - trace.startCycle] ?? 0n;
  const find = (pred: (c: number) => boolean): number | undefined => {
    for (let c = Math.max(digit.from, trace.startCycle); c < digit.to; c++) if (pred(c)) return c;
    return undefined;
  };
  const files: string[] = [];
  const write = (name: string, wave: ReturnType<typeof traceToWaveJson>): void => {
    files.push(join(outDir, name));
    writeFileSync(files[files.length - 1]!, renderWaveSvg(wave));
  };
  const first = find((c) => at('in_valid', c) === 1n);
  if (first !== undefined) {
    const ann: WaveAnnotation[] = [{ cycle: first, signal: 'in_index', text: 'first input spike (pixel index)' }];
    const rd = find((c) => at('layer0.rd_valid', c) === 1n);
    if (rd !== undefined) ann.push({ cycle: rd, signal: 'layer0.rd_valid', text: 'its weight row reaches the 128 accumulators' });
    const wave = traceToWaveJson(trace, {
      signals: ['in_valid', 'in_ready', 'in_step', 'in_index', 'layer0.rd_valid'],
      from: Math.max(trace.startCycle, first - 2),
      to: first + 22,
      title: 'MNIST digit 1: the input stream (one pixel index per cycle, valid/ready handshake)',
      annotations: ann,
    });
    write('mnist-input.svg', wave);
  }
  const spike = find((c) => at('layer1.out_valid', c) === 1n && at('layer1.out_step', c) === 0n);
  if (spike !== undefined) {
    const cls = Number(at('layer1.out_index', spike));
    const ann: WaveAnnotation[] = [{ cycle: spike, signal: 'layer1.out_index', text: `output spike: class ${cls}` }];
    const upd = [...Array(24).keys()].map((k) => spike - 1 - k).find((c) => at('layer1.update', c) === 1n);
    if (upd !== undefined) ann.push({ cycle: upd, signal: 'layer1.update', text: 'output layer updates' });
    const wave = traceToWaveJson(trace, {
      signals: ['in_valid', 'in_step', 'in_index', 'layer0.update', 'layer0.out_valid', 'layer0.out_step', 'layer0.out_index', 'layer1.update', 'layer1.out_valid', 'layer1.out_step', 'layer1.out_index', 'spikes_valid', 'winner'],
      from: Math.max(trace.startCycle, spike - 20),
      to: spike + 6,
      title: 'MNIST digit 1: hidden spikes stream into the output layer, which fires (the next step\'s pixels already stream in)',
      annotations: ann,
    });
    write('mnist-output.svg', wave);
  }
  return files;
}
