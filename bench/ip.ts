// bench/ip: what the IP library costs, in cycles, in simulation speed and in
// FPGA resources. Writes bench/results/ip.json.
//
// 1. The neurosynaptic core (ip/core) at the tinyODIN size: N = 256 neurons,
//    A = 256 axons, 4-bit signed weights, one lane, tinyODIN LIF neurons.
//    Cycles per synaptic operation (a gapless event stream), cycles per time
//    step at 5 % and 20 % input activity (seeded Bernoulli input spikes, then
//    a tick), and the built-in simulator's synaptic operations per wall
//    second with a testbench that pokes and peeks every cycle. Every run's
//    output spikes are checked transaction by transaction against CoreModel.
// 2. MNIST (examples/mnist, the committed 784-128-10 network) on the
//    DenseNetwork hardware: inferences per wall second on the built-in
//    simulator and on Verilator, each image's class counts and winner
//    checked against DenseNetworkModel (the golden model) as it goes.
// 3. Yosys (`@yowasp/yosys`, boards/yosys.ts) synth_ice40 and synth_xilinx on
//    the MNIST network's Verilog: LUTs, flip-flops, block RAMs, DSPs, beside
//    Spiker+'s published MNIST figures (/work/shared/REFERENCE.md).
//
//   npx tsx bench/run.ts ip          (or npm run bench)
//   npx tsx bench/ip.ts [--images-builtin N] [--images-verilator N] [--only synthesis,mnist,core] [--out file]
// With --only, the other sections are kept from the existing result file;
// every section records when it was measured.
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { elaborate, type IrDesign } from '../hdl/index.ts';
import { emitVerilog } from '../generators/verilog/index.ts';
import { CoreModel, defaultCoreParams, NeurosynapticCore, type CoreParams, type CoreTransaction } from '../ip/core/index.ts';
import { tinyOdinLif } from '../ip/neuron/index.ts';
import { DenseNetwork, DenseNetworkModel } from '../ip/dense/index.ts';
import { encodeImage, loadMnist, parseSpikingNetwork, type MnistSet, type SpikingNetwork } from '../ip/mnist/index.ts';
import { createBuiltinSimulator } from '../testbenches/builtin/index.ts';
import { createSimulator, type BackendName } from '../testbenches/backends.ts';
import { haveTool } from '../testbenches/tools.ts';
import type { Simulator } from '../testbenches/simulator.ts';
import { synthFor, type SynthTarget, type Utilisation } from '../boards/yosys.ts';
import { evaluateOnHardware } from '../examples/mnist/hardware.ts';
import { DEFAULT_NETWORK_FILE } from '../examples/mnist/paths.ts';
import { floatStream } from '../testbenches/fuzz/rng.ts';
import { driveCore, type DriveResult } from '../testbenches/core-stream.ts';

const TAG = '[bench/ip]';
const say = (s: string): void => void process.stderr.write(`${TAG} ${s}\n`);

async function step<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  say(`${label}...`);
  const beat = setInterval(() => say(`${label}: still running (${((performance.now() - t) / 1000).toFixed(0)} s)`), 60_000);
  beat.unref();
  try {
    const r = await work();
    say(`${label}: done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return r;
  } catch (e) {
    say(`${label}: FAILED after ${((performance.now() - t) / 1000).toFixed(1)} s`);
    throw e;
  } finally {
    clearInterval(beat);
  }
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

// ---------------------------------------------------------------------------
// 1. The core

/**
 * The tinyODIN-sized core: the default parameters (N = A = 256, 4-bit signed
 * weights, one lane), with seeded weights uniform over -8..7 and the bench's neuron.
 */
export function tinyOdinCoreParams(seed = 256): CoreParams {
  const rng = floatStream(seed);
  const { axons, neurons } = defaultCoreParams;
  const weights = Array.from({ length: axons }, () => Array.from({ length: neurons }, () => Math.floor(rng() * 16) - 8));
  return { ...defaultCoreParams, weights, neuron: tinyOdinLif({ threshold: 40, leakStrength: 4 }) };
}

interface CoreDrive extends DriveResult {
  seconds: number;
}

/** Streams the transactions with no gaps, the receiver always ready, until the core is idle (timed). */
function timedDrive(sim: Simulator, txs: readonly CoreTransaction[]): CoreDrive {
  const t = performance.now();
  const r = driveCore(sim, txs, { maxCycles: 50_000_000 });
  return { ...r, seconds: (performance.now() - t) / 1000 };
}

/** Throws unless the output stream is the golden model's spikes, transaction by transaction. */
function checkSpikes(what: string, p: CoreParams, txs: readonly CoreTransaction[], hw: readonly number[]): number {
  const model = new CoreModel(p);
  let at = 0;
  txs.forEach((t, k) => {
    const want = model.apply(t);
    const got = hw.slice(at, at + want.length);
    if (got.length !== want.length || got.some((x, j) => x !== want[j])) {
      throw new Error(`${what}: transaction ${k} (${t.kind === 'tick' ? 'tick' : `event ${t.axon}`}): CoreModel [${want.join(',')}], hardware [${got.join(',')}]`);
    }
    at += want.length;
  });
  if (at !== hw.length) throw new Error(`${what}: the hardware sent ${hw.length - at} spikes more than CoreModel`);
  return at;
}

function runCore(ir: IrDesign, p: CoreParams, txs: readonly CoreTransaction[], what: string): CoreDrive & { goldenSpikes: number } {
  const sim = createBuiltinSimulator(ir);
  try {
    sim.reset(1);
    const r = timedDrive(sim, txs);
    return { ...r, goldenSpikes: checkSpikes(what, p, txs, r.spikes) };
  } finally {
    sim.close();
  }
}

export interface ActivityResult {
  activity: number;
  steps: number;
  eventsPerStep: number;
  spikesPerStep: number;
  cyclesPerStep: number;
  /** Events x N over all cycles (the tick passes are the rest). */
  synapticOpsPerCycle: number;
  /** The documented bound: (E + 1) * N / L per step, plus the pipeline's fill and drain. */
  formulaCyclesPerStep: number;
  /** Simulated synaptic operations (events x N) per wall second, built-in simulator, testbench poking and peeking every cycle. */
  builtinSynapticOpsPerSecond: number;
  builtinCyclesPerSecond: number;
  wallSeconds: number;
}

async function coreBench(): Promise<Record<string, unknown>> {
  const p = tinyOdinCoreParams();
  const ir = await step('core: elaborate N=256 A=256 4-bit, tinyODIN', () => elaborate(NeurosynapticCore, p));
  // Compile once (cached by the built-in back end), so the timed runs do not pay for it.
  await step('core: compile on the built-in simulator', () => createBuiltinSimulator(ir).close());

  const gapless = await step('core: cycles per synaptic operation (64 events, no gaps)', () => {
    const rng = floatStream(7);
    const txs: CoreTransaction[] = Array.from({ length: 64 }, () => ({ kind: 'event', axon: Math.floor(rng() * 256) }));
    const r = runCore(ir, p, txs, 'gapless events');
    const a = r.accepted;
    const cyclesPerSop = (a[a.length - 1]! - a[0]!) / ((a.length - 1) * p.neurons);
    say(`  ${round(cyclesPerSop, 4)} cycles per synaptic operation (${a.length} events, ${r.goldenSpikes} spikes equal to CoreModel)`);
    return { events: txs.length, cyclesPerSynapticOp: round(cyclesPerSop, 4), synapticOpsPerCycle: round(1 / cyclesPerSop, 4), spikes: r.goldenSpikes };
  });

  const activity: ActivityResult[] = [];
  for (const act of [0.05, 0.2]) {
    const r = await step(`core: cycles per time step at ${act * 100} % input activity (16 steps)`, () => {
      const rng = floatStream(Math.round(act * 1000));
      const steps = 16;
      const txs: CoreTransaction[] = [];
      for (let s = 0; s < steps; s++) {
        for (let a = 0; a < p.axons; a++) if (rng() < act) txs.push({ kind: 'event', axon: a });
        txs.push({ kind: 'tick' });
      }
      const events = txs.length - steps;
      const run = runCore(ir, p, txs, `${act * 100} % activity`);
      const sops = events * p.neurons;
      const out: ActivityResult = {
        activity: act,
        steps,
        eventsPerStep: round(events / steps, 2),
        spikesPerStep: round(run.goldenSpikes / steps, 2),
        cyclesPerStep: round(run.cycles / steps, 1),
        synapticOpsPerCycle: round(sops / run.cycles, 4),
        formulaCyclesPerStep: round(((events / steps + 1) * p.neurons) / p.lanes, 1),
        builtinSynapticOpsPerSecond: Math.round(sops / run.seconds),
        builtinCyclesPerSecond: Math.round(run.cycles / run.seconds),
        wallSeconds: round(run.seconds, 2),
      };
      say(
        `  ${out.eventsPerStep} events/step, ${out.cyclesPerStep} cycles/step (formula ${out.formulaCyclesPerStep}), ${out.synapticOpsPerCycle} SOP/cycle, ` +
          `${out.spikesPerStep} spikes/step equal to CoreModel; built-in: ${(out.builtinSynapticOpsPerSecond / 1e6).toFixed(2)} M SOP/s, ${out.builtinCyclesPerSecond} cycles/s`,
      );
      return out;
    });
    activity.push(r);
  }
  // Simulation speed on its own: the same stream shape, longer, after the runs above warmed the JIT up.
  const speed = await step('core: built-in simulator speed (3 runs of 128 steps at 20 % activity)', () => {
    const rng = floatStream(2020);
    const steps = 128;
    const txs: CoreTransaction[] = [];
    for (let s = 0; s < steps; s++) {
      for (let a = 0; a < p.axons; a++) if (rng() < 0.2) txs.push({ kind: 'event', axon: a });
      txs.push({ kind: 'tick' });
    }
    const sops = (txs.length - steps) * p.neurons;
    const runs = [0, 1, 2].map((k) => {
      const r = runCore(ir, p, txs, `speed run ${k + 1}`);
      return { synapticOpsPerSecond: Math.round(sops / r.seconds), cyclesPerSecond: Math.round(r.cycles / r.seconds), wallSeconds: round(r.seconds, 2) };
    });
    const median = [...runs].sort((x, y) => x.synapticOpsPerSecond - y.synapticOpsPerSecond)[1]!;
    say(`  ${runs.map((r) => `${(r.synapticOpsPerSecond / 1e6).toFixed(2)} M SOP/s`).join(', ')}; median ${(median.synapticOpsPerSecond / 1e6).toFixed(2)} M SOP/s, ${median.cyclesPerSecond} cycles/s`);
    return { synapticOps: sops, runs, median };
  });
  return {
    design: 'ip/core NeurosynapticCore: N = 256, A = 256, L = 1, 4-bit signed weights (seeded uniform -8..7) in 32-bit words, tinyOdinLif({ threshold: 40, leakStrength: 4 }), 16-entry spike FIFO',
    irCells: ir.modules.reduce((s, m) => s + m.cells.length, 0),
    synapticOp: 'one event updating one neuron (an event is N synaptic operations; a tick is N leak updates, not counted)',
    gaplessEvents: gapless,
    activity,
    builtinSimulator: {
      synapticOpsPerSecond: speed.median.synapticOpsPerSecond,
      cyclesPerSecond: speed.median.cyclesPerSecond,
      runs: speed.runs,
      synapticOpsPerRun: speed.synapticOps,
      note: 'simulated synaptic operations (events x N) per wall second: median of 3 runs of 128 time steps at 20 % activity, each checked against CoreModel, after warm-up; the testbench pokes and peeks every cycle (shared, loaded machine)',
    },
  };
}

// ---------------------------------------------------------------------------
// 2. MNIST inferences per second

interface Golden {
  counts: number[][];
  winners: number[];
}

function goldenRun(snn: SpikingNetwork, set: MnistSet, count: number): Golden {
  const model = new DenseNetworkModel(snn.network);
  const counts: number[][] = [];
  const winners: number[] = [];
  for (let n = 0; n < count; n++) {
    model.reset();
    for (const active of encodeImage(set.images.subarray(n * set.features, (n + 1) * set.features), set.ids[n]!, snn.steps, snn.coding)) model.step(active);
    counts.push(model.counts);
    winners.push(model.winner());
  }
  return { counts, winners };
}

async function mnistOn(backend: BackendName, snn: SpikingNetwork, set: MnistSet, golden: Golden, count: number): Promise<Record<string, unknown>> {
  return step(`mnist: ${count} digits on ${backend} (hardware checked against DenseNetworkModel)`, () => {
    let last = performance.now();
    let lastN = 0;
    // The first digits run while V8 still compiles the simulator's code: the rate after them is reported too.
    const warm = Math.min(25, Math.floor(count / 4));
    let warmAt = 0;
    let endAt = 0;
    const h = evaluateOnHardware(snn, set, {
      limit: count,
      makeSim: (x) => {
        const sim = createSimulator(elaborate(DenseNetwork, x.network), backend, { onProgress: (m) => say(`  ${backend}: ${m}`) });
        last = performance.now();
        return sim;
      },
      onImage: (n, r) => {
        if (r.counts.join() !== golden.counts[n]!.join() || r.winner !== golden.winners[n]) {
          throw new Error(`mnist on ${backend}: image ${n}: hardware counts [${r.counts.join(',')}] winner ${r.winner}, DenseNetworkModel [${golden.counts[n]!.join(',')}] winner ${golden.winners[n]}`);
        }
        if (n + 1 === warm) warmAt = performance.now();
        endAt = performance.now();
        if ((n + 1) % 25 === 0 || n + 1 === count) {
          const now = performance.now();
          say(`  ${backend}: ${n + 1}/${count} digits equal to the golden model (${(((n + 1 - lastN) * 1000) / (now - last)).toFixed(1)} digits/s lately)`);
          last = now;
          lastN = n + 1;
        }
      },
    });
    const cycles = h.results.reduce((s, r) => s + r.cycles, 0);
    const out = {
      backend,
      digits: h.count,
      equalToGolden: h.count,
      accuracy: round(h.accuracy, 4),
      inferencesPerSecond: round(h.count / (h.simulateMs / 1000), 2),
      inferencesPerSecondAfterWarmup: warm > 0 && endAt > warmAt ? round((h.count - warm) / ((endAt - warmAt) / 1000), 2) : null,
      warmupDigits: warm,
      meanCyclesPerDigit: round(cycles / h.count, 1),
      simulatedCyclesPerSecond: Math.round(cycles / (h.simulateMs / 1000)),
      simulateSeconds: round(h.simulateMs / 1000, 2),
      setupSeconds: round(h.elaborateMs / 1000, 2),
      setupNote: backend === 'verilator' ? 'elaborate + Verilator build (or its cache) + load' : 'elaborate + compile',
    };
    say(`  ${backend}: ${out.inferencesPerSecond} inferences/s (${out.inferencesPerSecondAfterWarmup} after the first ${warm}), ${out.meanCyclesPerDigit} cycles/digit, accuracy ${(out.accuracy * 100).toFixed(1)} % on the sample`);
    return out;
  });
}

function loadNetwork(): { snn: SpikingNetwork; test: MnistSet } {
  const { snn, provenance } = parseSpikingNetwork(readFileSync(DEFAULT_NETWORK_FILE, 'utf8'), DEFAULT_NETWORK_FILE);
  const ds = provenance.dataset ?? { name: 'mnist', downsample: 1, trainFraction: 0.8 };
  const data = loadMnist({ downsample: ds.downsample, trainFraction: ds.trainFraction });
  return { snn, test: data.test };
}

async function mnistBench(imagesBuiltin: number, imagesVerilator: number): Promise<Record<string, unknown>> {
  const { snn, test } = await step('mnist: load the network and the held-out digits', () => loadNetwork());
  const count = Math.max(imagesBuiltin, imagesVerilator);
  const t = performance.now();
  const golden = await step(`mnist: DenseNetworkModel (golden) on ${count} digits`, () => goldenRun(snn, test, count));
  const goldenSeconds = (performance.now() - t) / 1000;
  const runs: Record<string, unknown>[] = [];
  runs.push(await mnistOn('builtin', snn, test, golden, imagesBuiltin));
  if (haveTool('verilator')) runs.push(await mnistOn('verilator', snn, test, golden, imagesVerilator));
  else {
    say('mnist: verilator not installed, skipped (apt-get install verilator g++)');
    runs.push({ backend: 'verilator', skipped: 'verilator not installed' });
  }
  const sizes = [snn.network.inputs, ...snn.network.layers.map((l) => l.neurons)];
  return {
    network: `examples/mnist/mnist-784-128-10.snn.json: ${sizes.join('-')}, ${snn.network.layers.map((l) => l.weightWidth).join('/')}-bit weights, T = ${snn.steps}, ${snn.coding.kind} coding`,
    sample: `the first ${count} digits of the held-out split (loadMnist order: classes round-robin)`,
    goldenModel: { digits: count, inferencesPerSecond: round(count / goldenSeconds, 2) },
    runs,
  };
}

// ---------------------------------------------------------------------------
// 3. Yosys

function utilisationSummary(u: Utilisation, seconds: number): Record<string, unknown> {
  const base = {
    ok: u.ok,
    seconds: round(seconds, 1),
    luts: u.luts,
    flipFlops: u.ffs,
    blockRams: u.brams,
    lutRams: u.lutrams,
    dsps: u.dsps,
    carries: u.carries,
    totalCells: u.totalCells,
    cells: Object.fromEntries(Object.entries(u.cells).sort(([a], [b]) => a.localeCompare(b))),
  };
  return u.ok ? base : { ...base, errors: u.errors.slice(0, 10) };
}

async function synthBench(): Promise<Record<string, unknown>> {
  const { snn } = loadNetwork();
  const ir = elaborate(DenseNetwork, snn.network);
  const verilog = await step('synth: Verilog of the MNIST DenseNetwork', () => emitVerilog(ir));
  say(`  ${(verilog.length / 1e6).toFixed(2)} MB of Verilog, top ${ir.top}`);
  const out: Record<string, unknown> = { design: 'DenseNetwork of examples/mnist (784-128-10, 8-bit weights, weights as memory initial contents)', verilogBytes: verilog.length };
  for (const target of ['ice40', 'xilinx'] as SynthTarget[]) {
    const t = performance.now();
    const u = await step(`synth: yosys synth_${target} (WASM; minutes)`, () => synthFor(target, verilog, ir.top));
    const s = utilisationSummary(u, (performance.now() - t) / 1000);
    say(`  ${target}: ${u.ok ? 'ok' : 'FAILED'}; LUTs ${u.luts}, FFs ${u.ffs}, BRAM ${u.brams}, DSP ${u.dsps}, carries ${u.carries}, LUT-RAM ${u.lutrams}`);
    out[target] = s;
  }
  return out;
}

// ---------------------------------------------------------------------------

const SPIKER_PLUS = {
  design: 'Spiker+ (Carpegna et al.), MNIST network',
  logicCells: 7612,
  blockRams: 18,
  powerMilliwatts: 180,
  latencyMicrosecondsPerImage: 780,
  accuracy: 0.9385,
  source: '/work/shared/REFERENCE.md, "Published figures to compare with": Spiker+ (paper, board unverified): MNIST 7,612 logic cells, 18 BRAM, 180 mW, 780 µs/image, 93.85 %',
};

function machine(): Record<string, unknown> {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverageAtStart: loadavg().map((x) => round(x, 2)),
    note: 'shared development machine (2 cores, several other jobs running): wall-clock figures vary by tens of percent',
  };
}

/** The measured figures beside the published ones they are meant to be compared with. */
function compare(result: Record<string, unknown>): Record<string, unknown> {
  const get = (path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], result);
  const ice40 = get('synthesis.ice40') as { luts?: number; flipFlops?: number; blockRams?: number; carries?: number } | undefined;
  const xilinx = get('synthesis.xilinx') as { luts?: number; flipFlops?: number; blockRams?: number } | undefined;
  return {
    mnistFpga: {
      spikerPlus: { logicCells: SPIKER_PLUS.logicCells, blockRams: SPIKER_PLUS.blockRams },
      thisNetworkIce40: ice40 ? { lut4: ice40.luts, carries: ice40.carries, flipFlops: ice40.flipFlops, ram4k: ice40.blockRams } : null,
      thisNetworkXilinx: xilinx ? { luts: xilinx.luts, flipFlops: xilinx.flipFlops, ramb: xilinx.blockRams } : null,
      note:
        'Not like for like: Spiker+ reports logic cells and BRAM of its own MNIST network (REFERENCE.md: paper, board unverified); this is Yosys synthesis (no place and route) of the ' +
        '784-128-10 network with 8-bit weights, all 128 hidden neurons in parallel, weights in block RAM (iCE40 SB_RAM40_4K are 4 kbit, Xilinx RAMB18/36 18/36 kbit).',
    },
    coreCyclesPerSynapticOp: { thisCore: get('core.gaplessEvents.cyclesPerSynapticOp') ?? null, tinyOdin: 2 },
  };
}

export type IpBenchSection = 'synthesis' | 'mnist' | 'core';
const SECTIONS: readonly IpBenchSection[] = ['synthesis', 'mnist', 'core'];

export interface IpBenchOptions {
  imagesBuiltin?: number;
  imagesVerilator?: number;
  /**
   * Run only these sections and keep the others from the existing result file
   * (each section records when it was measured). Default: all of them.
   */
  only?: readonly IpBenchSection[];
  out?: string;
}

export async function runIpBench(opts: IpBenchOptions = {}): Promise<unknown> {
  const only = new Set(opts.only ?? SECTIONS);
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`unknown section '${s}' (have ${SECTIONS.join(', ')})`);
  const out = opts.out ?? join('bench', 'results', 'ip.json');
  let previous: Record<string, unknown> = {};
  if (only.size < SECTIONS.length) {
    try {
      previous = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    } catch {
      previous = {};
    }
  }
  const started = new Date();
  const result: Record<string, unknown> = {
    bench: 'ip',
    date: started.toISOString(),
    machine: machine(),
    targets: {
      core: 'tinyODIN size: N = 256, A = 256, 4-bit weights; tinyODIN itself needs 2 cycles per synaptic operation (REFERENCE.md)',
      mnist: 'examples/mnist DenseNetwork on the built-in simulator and Verilator',
      fpga: 'Yosys synth_ice40 and synth_xilinx of the MNIST network, beside Spiker+',
    },
    reference: { spikerPlus: SPIKER_PLUS, tinyOdin: { cyclesPerSynapticOp: 2, source: '/work/shared/REFERENCE.md: "tinyODIN: 256 neurons, 64k 4-bit synapses, 2 cycles per synaptic operation"' } },
  };
  // The synthesis does not depend on the core: it runs first, so the core is measured as late as possible.
  const run: Record<IpBenchSection, () => Promise<Record<string, unknown>>> = {
    synthesis: () => synthBench(),
    mnist: () => mnistBench(opts.imagesBuiltin ?? 100, opts.imagesVerilator ?? 200),
    core: () => coreBench(),
  };
  for (const section of SECTIONS) {
    if (only.has(section)) {
      const t = Date.now();
      const measuredAt = new Date().toISOString();
      const r = await run[section]();
      result[section] = { measuredAt, seconds: round((Date.now() - t) / 1000, 1), loadAverageAtStart: loadavg().map((x) => round(x, 2)), ...r };
    } else if (previous[section] !== undefined) result[section] = previous[section];
  }
  result.comparison = compare(result);
  result.seconds = round((Date.now() - started.getTime()) / 1000, 1);
  if (only.size < SECTIONS.length) result.sectionsRunThisTime = [...only];
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  say(`wrote ${out} (${result.seconds} s)`);
  return result;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const args = process.argv.slice(2);
  const opts: IpBenchOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    if (a === '--images-builtin') opts.imagesBuiltin = Number(v);
    else if (a === '--images-verilator') opts.imagesVerilator = Number(v);
    else if (a === '--only') opts.only = v.split(',') as IpBenchSection[];
    else if (a === '--out') opts.out = v;
    else throw new Error(`unknown option ${a} (have --images-builtin, --images-verilator, --only, --out)`);
  }
  await runIpBench(opts);
}
