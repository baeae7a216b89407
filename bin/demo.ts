// `npm run demo`: the MNIST network end to end on the hardware, then the
// example designs' Verilog.
//
// 1. The committed 784-128-10 spiking network (examples/mnist) is elaborated
//    into a DenseNetwork, its Verilog written to out/demo/, and a handful of
//    held-out digits run through it on the built-in simulator, each checked
//    against the golden model (class counts, winner and activity counts).
//    Prints the accuracy, the cycles per inference, and the energy estimate
//    from the hardware's activity counts (ip/energy, 45 nm table unless
//    --energy-table gives a JSON table); writes two WaveDrom diagrams.
// 2. The small example designs (examples/*.ts) are elaborated, checked and
//    written to out/demo/ as Verilog.
// Exits non-zero when the hardware and the golden model disagree.
//
//   npm run demo                                   # 10 digits
//   npm run demo -- --digits 50 --energy-table my-table.json
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elaborate, DesignError, formatDiagnostic, type Design } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic } from '../hdl/passes/index.ts';
import { emitVerilog } from '../generators/verilog/index.ts';
import { energy45nm, formatEnergy, formatEnergyReport, readEnergyTable, type EnergyTable } from '../ip/energy/index.ts';
import { Counter } from '../examples/counter.ts';
import { LifNeuron } from '../examples/lif-neuron.ts';
import { Fifo } from '../examples/fifo.ts';
import { PipelineStage } from '../examples/pipeline-stage.ts';
import { NeuronPair } from '../examples/neuron-pair.ts';
import { runMnistEndToEnd } from '../examples/mnist/end-to-end.ts';

const outDir = join('out', 'demo');
const designs: Design[] = [Counter, LifNeuron, Fifo, PipelineStage, NeuronPair];

function options(argv: string[]): { digits: number; table: EnergyTable } {
  let digits = 10;
  let table = energy45nm;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${a} needs a value`);
    if (a === '--digits') {
      digits = Number(value);
      if (!Number.isInteger(digits) || digits < 1) throw new Error(`--digits needs a positive integer, got ${value}`);
    } else if (a === '--energy-table') table = readEnergyTable(value);
    else throw new Error(`unknown option ${a} (options: --digits N, --energy-table file.json)`);
  }
  return { digits, table };
}

function mnist(digits: number, table: EnergyTable): boolean {
  console.log(`MNIST on the DenseNetwork hardware, ${digits} held-out digit${digits === 1 ? '' : 's'}, built-in simulator\n`);
  const r = runMnistEndToEnd({ digits, table, outDir });
  const n = r.digits.length;
  const cycles = r.digits.map((d) => d.cycles);
  const mean = cycles.reduce((a, b) => a + b, 0) / n;
  const a = r.hardwareActivity;
  const per = (x: number): string => (x / n).toLocaleString('en-US', { maximumFractionDigits: 1 });
  console.log('');
  console.log(`accuracy: ${r.correct}/${n} (${((100 * r.correct) / n).toFixed(1)} %) on the hardware; hardware and golden model ${r.disagreements === 0 ? 'agree on every digit (class counts, winner, activity)' : `DISAGREE on ${r.disagreements} digit(s)`}`);
  console.log(`cycles per inference: mean ${mean.toFixed(1)}, min ${Math.min(...cycles)}, max ${Math.max(...cycles)} (first input index to the last step's spikes_valid; ${(mean / 100).toFixed(2)} µs at a nominal 100 MHz)`);
  console.log(`activity per inference (hardware counters): ${per(a.synapticOps)} synaptic ops, ${per(a.neuronUpdates)} neuron updates, ${per(a.memories.reduce((s, m) => s + m.reads, 0))} weight-word reads`);
  console.log('');
  console.log(formatEnergyReport(r.energy));
  // The same layers as a non-spiking accelerator would run them: every weight multiplied once per inference.
  console.log(`  for comparison, the same layers as a dense ANN: ${r.annMacs.toLocaleString('en-US')} MACs × ${r.energy.table.macPj} pJ = ${formatEnergy(r.annMacs * r.energy.table.macPj)} (compute only)`);
  console.log('');
  for (const f of r.files) console.log(`wrote ${f}`);
  return r.disagreements === 0;
}

function examples(): boolean {
  console.log(`\nexample designs -> ${outDir}/`);
  for (const d of designs) {
    try {
      const ir = removeDeadLogic(foldConstants(elaborate(d)));
      const verilog = emitVerilog(ir);
      const file = join(outDir, `${ir.top}.v`);
      writeFileSync(`${file}.tmp`, verilog);
      renameSync(`${file}.tmp`, file);
      const top = ir.modules.find((m) => m.name === ir.top)!;
      console.log(`  ${d.name.padEnd(14)} ${file}  (${verilog.split('\n').length} lines, ${ir.modules.length} module${ir.modules.length > 1 ? 's' : ''}, ${top.ports.length} ports)`);
    } catch (e) {
      if (e instanceof DesignError) {
        console.error(e.diagnostics.map(formatDiagnostic).join('\n'));
        return false;
      }
      throw e;
    }
  }
  return true;
}

function main(): number {
  let opts: ReturnType<typeof options>;
  try {
    opts = options(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
  const { digits, table } = opts;
  mkdirSync(outDir, { recursive: true });
  const t0 = performance.now();
  console.log('spikeforge demo\n');
  const agreed = mnist(digits, table);
  const ok = examples();
  console.log(`\ndone in ${((performance.now() - t0) / 1000).toFixed(1)} s. Next: npx tsx examples/mnist/evaluate.ts --hardware 100; npx spikeforge check examples/lif-neuron.ts`);
  if (!agreed) console.error('error: the hardware and the golden model disagree (see the digits marked HARDWARE != GOLDEN)');
  return agreed && ok ? 0 : 1;
}

process.exitCode = main();
