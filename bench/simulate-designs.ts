// The three designs of bench/simulate, with their golden models, the one-line
// edit used for the "rebuilt after a change" start-up figure, and the stimulus
// (the bare C++ loop's fixed pseudo-random inputs, testbenches/verilator/stimulus.ts).
import { elaborate, type Design } from '../hdl/index.ts';
import type { IrDesign } from '../hdl/ir.ts';
import type { GoldenModel, InputRecord } from '../testbenches/cosim/index.ts';
import type { BatchStimulus } from '../testbenches/simulator.ts';
import { loopColumns, loopStimulus } from '../testbenches/verilator/stimulus.ts';
import { CounterArray } from './designs/counter-array.ts';
import { CounterArrayModel } from './designs/counter-array-model.ts';
import { LifArrayModel } from './designs/lif-array-model.ts';
import { RamRmw } from './designs/ram-rmw.ts';
import { RamRmwModel } from './designs/ram-rmw-model.ts';
import { LifArray } from './lif-array.ts';

export interface BenchDesign {
  key: string;
  title: string;
  design: Design;
  params: Record<string, number>;
  /** The same design after a one-line change that alters its Verilog. */
  editedParams: Record<string, number>;
  edit: string;
  /** Driven inputs (not clock or reset), in stimulus order, and the outputs. */
  inputs: { name: string; width: number }[];
  outputs: string[];
  model(): GoldenModel;
  elaborate(edited?: boolean): IrDesign;
  stimulus(cycles: number): BatchStimulus;
  /** The same stimulus as columns for runColumns / bind (see loopColumns). */
  columns(cycles: number): Uint32Array[];
  records(cycles: number): InputRecord[];
}

function bench(d: Omit<BenchDesign, 'elaborate' | 'stimulus' | 'columns' | 'records'>): BenchDesign {
  const b: BenchDesign = {
    ...d,
    elaborate: (edited = false) => elaborate(d.design, edited ? d.editedParams : d.params),
    stimulus: (cycles) => loopStimulus(d.inputs, d.outputs, cycles),
    columns: (cycles) => loopColumns(d.inputs, cycles),
    records: (cycles) => {
      const s = b.stimulus(cycles);
      return s.cycles.map((row) => Object.fromEntries(s.inputs.map((n, j) => [n, row[j]!])));
    },
  };
  return b;
}

// A LifArray whose every threshold is one higher: `1000 + (i % 512)` edited to
// `1001 + (i % 512)`. LifArray has no parameter for it, so the edit is made in
// its IR: every constant 1000..1511 compared with a membrane goes up by one.
function editedLif(): IrDesign {
  const ir = elaborate(LifArray, { neurons: 256 });
  const copy = structuredClone(ir);
  for (const m of copy.modules)
    for (const c of m.cells) {
      if (c.op !== 'ge') continue;
      // The threshold reaches the compare through a sign extension.
      let k = m.cells.find((x) => x.out === c.args[1]);
      while (k && (k.op === 'sext' || k.op === 'id')) k = m.cells.find((x) => x.out === k!.args[0]);
      if (k && k.op === 'const' && k.value! >= 1000n && k.value! < 1512n) k.value = k.value! + 1n;
    }
  return copy;
}

export const BENCH_DESIGNS: BenchDesign[] = [
  bench({
    key: 'counters',
    title: '(a) 64 x 32-bit counters with enables',
    design: CounterArray as unknown as Design,
    params: { counters: 64, width: 32, increment: 1 },
    editedParams: { counters: 64, width: 32, increment: 3 },
    edit: 'increment 1 -> 3',
    inputs: [{ name: 'en', width: 64 }],
    outputs: ['sum', 'mix'],
    model: () => new CounterArrayModel({ counters: 64, width: 32, increment: 1 }),
  }),
  bench({
    key: 'lif',
    title: '(b) 256 x 16-bit LIF neurons',
    design: LifArray as unknown as Design,
    params: { neurons: 256 },
    editedParams: { neurons: 256 },
    edit: 'thresholds 1000+i%512 -> 1001+i%512 (IR constants)',
    inputs: [
      { name: 'step', width: 1 },
      { name: 'current', width: 16 },
    ],
    outputs: ['spikes'],
    model: () => new LifArrayModel(256),
  }),
  bench({
    key: 'ram',
    title: '(c) 4096 x 32-bit RAM read-modify-write',
    design: RamRmw as unknown as Design,
    params: { depth: 4096, width: 32, increment: 1 },
    editedParams: { depth: 4096, width: 32, increment: 5 },
    edit: 'increment 1 -> 5',
    inputs: [
      { name: 'en', width: 1 },
      { name: 'stride', width: 12 },
      { name: 'data', width: 32 },
    ],
    outputs: ['q', 'wr_addr'],
    model: () => new RamRmwModel({ depth: 4096, width: 32, increment: 1 }),
  }),
];
// The LIF edit lives in the IR, not in the parameters.
const lif = BENCH_DESIGNS.find((d) => d.key === 'lif')!;
lif.elaborate = (edited = false) => (edited ? editedLif() : elaborate(LifArray, { neurons: 256 }));

export function benchDesign(key: string): BenchDesign {
  const d = BENCH_DESIGNS.find((x) => x.key === key);
  if (!d) throw new Error(`unknown bench design '${key}' (have: ${BENCH_DESIGNS.map((x) => x.key).join(', ')})`);
  return d;
}
