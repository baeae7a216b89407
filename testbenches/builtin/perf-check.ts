// Performance sanity check (not a test): 256 parallel 16-bit LIF-like neurons
// built by hand in IR, v' = v + in - (v >>> 4), fire when v' >= thr, then v
// resets to 0. Prints cycles/s and net evaluations/s for the built-in simulator.
//   npx tsx testbenches/builtin/perf-check.ts [neurons] [cycles] [chunkSize]
import type { CellOp, IrCell, IrDesign, IrModule, IrNet, IrReg, NetId } from '../../hdl/ir.ts';
import { UNKNOWN_LOC } from '../../hdl/ir.ts';
import { designHash } from './canonical-hash.ts';
import { createBuiltinSimulator } from './index.ts';

function lifArray(count: number): { design: IrDesign; evalsPerCycle: number } {
  const m: IrModule = {
    name: 'lif_array',
    origin: { design: 'perf-check', params: { count } },
    ports: [],
    nets: [],
    cells: [],
    regs: [],
    memories: [],
    instances: [],
    loc: UNKNOWN_LOC,
  };
  const net = (width: number, name?: string): NetId => {
    const n: IrNet = { id: m.nets.length, name: name ?? `_t${m.nets.length}`, width, signed: false, named: !!name, loc: UNKNOWN_LOC };
    m.nets.push(n);
    return n.id;
  };
  const cell = (op: CellOp, args: NetId[], width: number, extra: Partial<IrCell> = {}, name?: string): NetId => {
    const out = net(width, name);
    m.cells.push({ op, out, args, loc: UNKNOWN_LOC, ...extra });
    return out;
  };
  const input = (name: string, width: number, role?: 'clock' | 'reset'): NetId => {
    const id = net(width, name);
    m.ports.push(role ? { name, dir: 'input', net: id, role } : { name, dir: 'input', net: id });
    return id;
  };
  const clk = input('clk', 1, 'clock');
  const rst = input('rst', 1, 'reset');
  const thr = input('thr', 16);
  const zero = cell('const', [], 16, { value: 0n });
  const spikes: NetId[] = [];
  for (let i = 0; i < count; i++) {
    const inp = input(`in${i}`, 8);
    const v = net(16, `n${i}.v`);
    const sum = cell('add', [v, cell('zext', [inp], 16)], 16);
    const leak = cell('shr', [v], 16, { amount: 4 });
    const nv = cell('sub', [sum, leak], 16, {}, `n${i}.integrated`);
    const fire = cell('ge', [nv, thr], 1, {}, `n${i}.fire`);
    const next = cell('mux', [fire, nv, zero], 16);
    const spike = net(1, `n${i}.spike`);
    const reset = { net: rst, async: false, activeLow: false, value: 0n };
    m.regs.push({ q: v, d: next, clock: clk, reset, loc: UNKNOWN_LOC } satisfies IrReg);
    m.regs.push({ q: spike, d: fire, clock: clk, reset, loc: UNKNOWN_LOC } satisfies IrReg);
    spikes.push(spike);
  }
  // The first 32 spikes as one output word.
  const word = cell('concat', spikes.slice(0, 32).reverse(), Math.min(32, count), {}, 'spikes_lo');
  m.ports.push({ name: 'spikes_lo', dir: 'output', net: word });
  const evalsPerCycle = m.cells.filter((c) => c.op !== 'const').length + m.regs.length;
  return { design: { top: 'lif_array', modules: [m] }, evalsPerCycle };
}

const neurons = Number(process.argv[2] ?? 256);
const cycles = Number(process.argv[3] ?? 200_000);
const chunkSize = process.argv[4] ? Number(process.argv[4]) : undefined;
const { design, evalsPerCycle } = lifArray(neurons);

let t = performance.now();
const sim = createBuiltinSimulator(design, { chunkSize });
const compileMs = performance.now() - t;
t = performance.now();
createBuiltinSimulator(design, { chunkSize });
createBuiltinSimulator(design, { chunkSize });
const cachedMs = (performance.now() - t) / 2;
t = performance.now();
for (let i = 0; i < 10; i++) designHash(design);
const hashMs = (performance.now() - t) / 10;

sim.poke('thr', 1000);
for (let i = 0; i < neurons; i++) sim.poke(`in${i}`, (i * 37) % 256);
sim.reset(1);
sim.step(10_000); // warm up the JIT

t = performance.now();
sim.step(cycles);
const s = (performance.now() - t) / 1000;
const rate = cycles / s;

// With a poke and a peek every cycle, as a testbench loop does.
const loopCycles = Math.max(1000, cycles / 10);
t = performance.now();
for (let c = 0; c < loopCycles; c++) {
  sim.poke('in0', c & 255);
  sim.step(1);
  sim.peek('spikes_lo');
}
const loopRate = loopCycles / ((performance.now() - t) / 1000);

// Golden check: the same neurons in plain TypeScript, over a short run with changing inputs.
const check = createBuiltinSimulator(design, { chunkSize });
const v = new Array<number>(neurons).fill(0);
check.poke('thr', 1000);
check.reset(1);
let mismatches = 0;
for (let c = 0; c < 2000; c++) {
  const ins = v.map((_, i) => (i * 37 + c * 11) % 256);
  ins.forEach((x, i) => check.poke(`in${i}`, x));
  check.step(1);
  for (let i = 0; i < neurons; i++) {
    const integrated = (v[i] + ins[i] - (v[i] >>> 4)) & 0xffff;
    v[i] = integrated >= 1000 ? 0 : integrated;
  }
  if (c % 97 === 0) for (let i = 0; i < neurons; i++) if (check.peek(`n${i}.v`) !== BigInt(v[i])) mismatches++;
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`neurons ${neurons}, net evaluations per cycle ${evalsPerCycle}`);
console.log(`compile ${compileMs.toFixed(1)} ms, another simulator (cache hit) ${cachedMs.toFixed(2)} ms, of which hashing ${hashMs.toFixed(2)} ms`);
console.log(`step(${cycles}): ${fmt(rate)} cycles/s = ${fmt(rate * evalsPerCycle)} net evaluations/s`);
console.log(`poke+step(1)+peek loop: ${fmt(loopRate)} cycles/s = ${fmt(loopRate * evalsPerCycle)} net evaluations/s`);
console.log(`golden model check over 2000 cycles: ${mismatches === 0 ? 'ok' : `${mismatches} MISMATCHES`}`);
if (mismatches > 0) process.exitCode = 1;
