// `npm run demo`: elaborates the example designs, checks them, writes their
// Verilog to out/demo/ and shows what each file contains.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { elaborate, DesignError, formatDiagnostic, type Design } from '../hdl/index.ts';
import { foldConstants, removeDeadLogic } from '../hdl/passes/index.ts';
import { emitVerilog } from '../generators/verilog/index.ts';
import { Counter } from '../examples/counter.ts';
import { LifNeuron } from '../examples/lif-neuron.ts';
import { Fifo } from '../examples/fifo.ts';
import { PipelineStage } from '../examples/pipeline-stage.ts';
import { NeuronPair } from '../examples/neuron-pair.ts';

const outDir = join('out', 'demo');
const designs: Design[] = [Counter, LifNeuron, Fifo, PipelineStage, NeuronPair];

function main(): number {
  mkdirSync(outDir, { recursive: true });
  console.log(`spikeforge demo: elaborating ${designs.length} example designs\n`);
  for (const d of designs) {
    const t0 = performance.now();
    let verilog: string;
    try {
      const ir = removeDeadLogic(foldConstants(elaborate(d)));
      verilog = emitVerilog(ir);
      const file = join(outDir, `${ir.top}.v`);
      writeFileSync(`${file}.tmp`, verilog);
      renameSync(`${file}.tmp`, file);
      const ms = (performance.now() - t0).toFixed(1);
      const top = ir.modules.find((m) => m.name === ir.top)!;
      const ports = top.ports.map((p) => `${p.dir === 'input' ? 'in' : 'out'} ${p.name}[${top.nets[p.net]!.width}]`).join(', ');
      console.log(`${d.name.padEnd(14)} -> ${file}  (${verilog.split('\n').length} lines, ${ir.modules.length} module${ir.modules.length > 1 ? 's' : ''}, ${ms} ms)`);
      console.log(`${''.padEnd(18)}modules: ${ir.modules.map((m) => m.name).join(', ')}`);
      console.log(`${''.padEnd(18)}ports:   ${ports}`);
    } catch (e) {
      if (e instanceof DesignError) {
        console.error(e.diagnostics.map(formatDiagnostic).join('\n'));
        return 1;
      }
      throw e;
    }
  }
  console.log(`\nNext: npx spikeforge check examples/lif-neuron.ts   (Verilator lint + Yosys synthesis)`);
  return 0;
}

process.exitCode = main();
