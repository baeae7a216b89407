// The synaptic delay ring buffer (ip/synapse DelayBuffer): 3 targets, delays
// 0..2. Adds with different delays (two back to back into one slot, through
// the forwarding path), then ticks: each tick drains the current step's slot,
// one target per cycle. Every tick's values are checked against DelayBufferModel.
import { elaborate } from '../../hdl/index.ts';
import { DelayBuffer, DelayBufferModel, type DelayParams } from '../../ip/synapse/index.ts';
import type { WaveAnnotation } from '../../generators/wavedrom/index.ts';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { bit, expectEqual, traceOf, type IpDiagram } from './diagram.ts';

const params: DelayParams = { targets: 3, maxDelay: 2, valueWidth: 4, accWidth: 6, overflow: 'saturate' };

type Item = { kind: 'add'; target: number; delay: number; value: number } | { kind: 'tick' };

const items: Item[] = [
  { kind: 'add', target: 0, delay: 0, value: 3 },
  { kind: 'add', target: 2, delay: 1, value: 5 },
  { kind: 'add', target: 1, delay: 0, value: -2 },
  { kind: 'add', target: 1, delay: 0, value: 6 },
  { kind: 'tick' },
  { kind: 'add', target: 0, delay: 2, value: 7 },
  { kind: 'tick' },
];

const SIGNALS = ['in_valid', 'in_ready', 'in_tick', 'in_target', 'in_delay', 'in_value', 'out_valid', 'out_target', 'out_value', 'busy'];

export const synapseDelayDiagram: IpDiagram = {
  name: 'synapse-delay',
  doc: 'core.md',
  record() {
    const name = 'synapse-delay';
    const sim = createBuiltinSimulator(elaborate(DelayBuffer, params), { trace: { signals: SIGNALS } });
    const model = new DelayBufferModel(params);
    const expected: bigint[][] = [];
    for (const it of items) {
      if (it.kind === 'add') model.add(it.target, it.delay, it.value);
      else expected.push(model.tick());
    }
    const annotations: WaveAnnotation[] = [];
    const outputs: { target: number; value: bigint }[] = [];
    try {
      sim.reset(1);
      const from = sim.cycle;
      sim.step(1);
      let next = 0;
      let ticks = 0;
      for (let guard = 0; next < items.length || sim.peek('busy') === 1n; guard++) {
        if (guard > 100) throw new Error(`${name}: the buffer did not finish within 100 cycles`);
        const c = sim.cycle;
        const it = items[next];
        sim.poke('in_valid', bit(it !== undefined));
        sim.poke('in_tick', bit(it?.kind === 'tick'));
        sim.poke('in_target', it?.kind === 'add' ? it.target : 0);
        sim.poke('in_delay', it?.kind === 'add' ? it.delay : 0);
        sim.poke('in_value', it?.kind === 'add' ? it.value : 0);
        if (it !== undefined && sim.peek('in_ready') === 1n) {
          annotations.push({ cycle: c, signal: 'in_valid', text: it.kind === 'tick' ? `tick ${++ticks}: drain the step` : `add ${it.value} to target ${it.target}, delay ${it.delay}` });
          next++;
        }
        if (sim.peek('out_valid') === 1n) outputs.push({ target: Number(sim.peek('out_target')), value: sim.peek('out_value') });
        sim.step(1);
      }
      sim.poke('in_valid', 0);
      sim.step(2);
      expectEqual(name, sim.cycle, 'number of outputs', expected.length * params.targets, outputs.length);
      expected.forEach((due, k) => {
        const got = outputs.slice(k * params.targets, (k + 1) * params.targets);
        expectEqual(name, sim.cycle, `targets drained by tick ${k + 1}`, due.map((_, t) => t), got.map((o) => o.target));
        expectEqual(name, sim.cycle, `values due at tick ${k + 1}`, due, got.map((o) => o.value));
      });
      return {
        trace: traceOf(sim),
        options: { from, signals: SIGNALS, title: 'DelayBuffer: 3 targets, delays 0..2 (a delay d is delivered by the (d + 1)-th tick)', annotations },
        checked: `${expected.length} ticks, ${outputs.length} delivered values equal to DelayBufferModel`,
      };
    } finally {
      sim.close();
    }
  },
};
