// The hardware Neuron, simulated with the built-in simulator, equals the
// golden model on every cycle: for every preset (and variants of each) over
// a few thousand seeded random inputs, and for seeded random specs over all
// the knobs. Cycles without `step` must hold the state and never spike.
import { describe, expect, it } from 'vitest';
import {
  loihiCubaLif,
  neuronPresets,
  odinLif,
  rancNeuron,
  reckonLif,
  snnTorchLeaky,
  spikerPlusLif,
  tinyOdinLif,
  validateNeuronSpec,
  rangeOf,
  type DecaySpec,
  type LeakSpec,
  type NeuronSpec,
} from '../../../ip/neuron/index.ts';
import { Random } from '../../hdl/random.ts';
import { runGolden, runHardware, show, type StepIn } from './harness.ts';

/** Inputs that make a neuron both fire and sit below threshold, with the range ends now and then. */
function stimulus(spec: NeuronSpec, rng: Random, cycles: number, push = 0): StepIn[] {
  const half = 2 ** (spec.inputWidth - 1);
  const scale = spec.inputWidth >= 8 ? half / 4 : half; // narrow inputs need whole steps to move at all
  const out: StepIn[] = [];
  let drift = 0;
  for (let i = 0; i < cycles; i++) {
    if (i % 200 === 0) drift = rng.int(-1, 4) + push; // phases of mostly rising or falling input
    const r = rng.next();
    let x: number;
    if (r < 0.06) x = -half;
    else if (r < 0.12) x = half - 1;
    else if (r < 0.15) x = 0;
    else if (r < 0.4) x = rng.int(-half, half - 1);
    else x = Math.max(-half, Math.min(half - 1, Math.round((rng.next() - 0.25 + drift * 0.12) * scale)));
    out.push({ x, t: spec.leakOn === 'timeRef' && rng.next() < 0.15, step: rng.next() < 0.9 });
  }
  return out;
}

function compare(spec: NeuronSpec, steps: StepIn[]): { spikes: number } {
  const gold = runGolden(spec, steps);
  const hw = runHardware(spec, steps);
  let spikes = 0;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (show(hw[i]!) !== show(gold[i]!)) {
      const from = Math.max(0, i - 4);
      const trail = steps
        .slice(from, i + 1)
        .map((st, j) => `  cycle ${from + j}: x=${st.x}${st.t ? ' t' : ''}${st.step === false ? ' (no step)' : ''} golden ${show(gold[from + j]!)} hardware ${show(hw[from + j]!)}`)
        .join('\n');
      expect.fail(`mismatch at cycle ${i} (x=${s.x}) for spec ${JSON.stringify(spec)}:\n${trail}`);
    }
    if (gold[i]!.spike) spikes++;
  }
  return { spikes };
}

const variants: [string, NeuronSpec][] = [
  ...Object.entries(neuronPresets),
  ['tinyOdin threshold 0', tinyOdinLif({ threshold: 0, leakStrength: 3 })],
  ['tinyOdin high threshold, no leak', tinyOdinLif({ threshold: 700, leakStrength: 0 })],
  ['odin leak disabled', odinLif({ threshold: 60, leakEnabled: false })],
  ['reckon subtract', reckonLif({ reset: 'subtract', threshold: 3000, alpha: 0x7800, fpLoc: 5 })],
  ['reckon negative threshold', reckonLif({ reset: 'subtract', threshold: -20000, alpha: 0x8000, fpLoc: 7 })],
  ['spikerPlus subtractive', spikerPlusLif({ reset: 'subtractive', shift: 3, threshold: 2000, inputWidth: 12 })],
  ['spikerPlus 8-bit', spikerPlusLif({ width: 8, inputWidth: 8, shift: 1, threshold: 60, resetValue: -20 })],
  ['loihi bias + refractory', loihiCubaLif({ du: 100, dv: 50, vth: 3000, biasMant: -4096, biasExp: 3, refractory: 3 })],
  ['loihi no decay', loihiCubaLif({ du: 0, dsOffset: 0, dv: 0, vth: 131071 })],
  ['ranc linear', rancNeuron({ threshold: 90, negativeThreshold: -120, leak: 3, resetMode: 'linear' })],
  ['ranc hard', rancNeuron({ threshold: 40, negativeThreshold: -30, leak: -5, resetPotential: -7 })],
  ['snnTorch zero', snnTorchLeaky({ reset: 'zero', beta: { shift: 2 }, threshold: 500 })],
  ['snnTorch toward zero Q-format', snnTorchLeaky({ beta: { factor: 230, fracBits: 8 }, rounding: 'zero', threshold: 300, overflow: 'wrap' })],
];

describe('hardware Neuron equals the golden model (built-in simulator)', () => {
  variants.forEach(([name, spec], k) => {
    it(`${name}: 3000 seeded random cycles`, () => {
      const rng = new Random(1000 + k);
      // A 12-bit membrane fed 4-bit weights needs a steadier push to reach its threshold.
      const steps = stimulus(spec, rng, 3000, name.startsWith('tinyOdin') ? 2 : 0);
      const { spikes } = compare(spec, steps);
      // The stimulus must exercise firing and not-firing.
      expect(spikes).toBeGreaterThan(5);
      expect(spikes).toBeLessThan(2700);
    });
  });
});

// ---- random specs over every knob ---------------------------------------------------

function randomDecay(rng: Random, width: number): DecaySpec {
  const r = rng.next();
  const rounding = rng.pick(['floor', 'zero'] as const);
  if (r < 0.15) return { kind: 'none' };
  if (r < 0.55) return { kind: 'shift', shift: rng.int(1, Math.min(width - 1, 8)), rounding };
  const fracBits = rng.int(1, 20);
  const factor = rng.next() < 0.1 ? rng.pick([0, 2 ** fracBits]) : rng.int(Math.floor(2 ** fracBits * 0.5), 2 ** fracBits);
  return { kind: 'multiply', factor, fracBits, rounding };
}

function randomSpec(rng: Random): NeuronSpec {
  for (;;) {
    const kind = rng.pick(['if', 'lif', 'cuba', 'alif'] as const);
    const width = rng.int(4, 44);
    const signed = kind === 'cuba' ? true : rng.next() < 0.8;
    const [lo, hi] = rangeOf(width, signed);
    const cubaWidth = rng.int(4, 40);
    const target = kind === 'cuba' ? cubaWidth : width;
    const inputWidth = rng.int(2, target);
    const inputShift = rng.int(0, target - inputWidth);
    const inRange = (a: bigint, b: bigint): number => {
      const span = Number(b - a);
      return Number(a) + Math.floor(rng.next() * (span + 1));
    };
    // Thresholds mostly a small positive fraction of the range, sometimes anywhere.
    const threshold = rng.next() < 0.8 ? inRange(0n, hi / 4n) : inRange(lo, hi);
    let leak: LeakSpec = { kind: 'none' };
    if (kind !== 'if') {
      const r = rng.next();
      if (r < 0.2) leak = { kind: 'towardZero', amount: inRange(0n, hi / 16n) };
      else if (r < 0.35) leak = { kind: 'add', amount: inRange(signed ? -hi / 16n : 0n, hi / 16n), overflow: rng.pick(['wrap', 'saturate'] as const) };
      else leak = randomDecay(rng, width);
      if (kind === 'lif' && leak.kind === 'none') leak = { kind: 'shift', shift: 1, rounding: 'floor' };
    }
    const resetTiming = rng.next() < 0.3 ? 'next' : 'same';
    const rk = rng.pick(['zero', 'none', 'value', 'subtract'] as const);
    const spec: NeuronSpec = {
      kind,
      width,
      signed,
      inputWidth,
      inputShift,
      bias: rng.next() < 0.3 ? inRange(signed ? -hi / 64n : 0n, hi / 64n) : 0,
      overflow: rng.pick(['wrap', 'saturate'] as const),
      leak,
      leakOn: kind !== 'cuba' && rng.next() < 0.2 ? 'timeRef' : 'step',
      order: resetTiming === 'next' ? 'leak-integrate-fire' : rng.pick(['leak-integrate-fire', 'integrate-leak-fire', 'integrate-fire-leak'] as const),
      threshold,
      compare: rng.pick(['>', '>='] as const),
      reset:
        rk === 'value'
          ? { kind: 'value', value: inRange(lo, BigInt(threshold)) }
          : rk === 'subtract'
            ? { kind: 'subtract', overflow: rng.pick(['wrap', 'saturate'] as const) }
            : { kind: rk },
      resetTiming,
      resetSkipsLeak: resetTiming === 'next' && rng.bool(),
      refractory: rng.next() < 0.3 ? rng.int(1, 5) : 0,
    };
    if (signed && rng.next() < 0.3) {
      const bound = inRange(lo, BigInt(Math.min(threshold - 1, -1)));
      const a = rng.pick(['clamp', 'set', 'subtract'] as const);
      spec.floor = a === 'clamp' ? { bound, action: a } : a === 'set' ? { bound, action: a, value: inRange(lo, hi) } : { bound, action: a, overflow: rng.pick(['wrap', 'saturate'] as const) };
    }
    if (kind === 'cuba') spec.cuba = { width: cubaWidth, decay: randomDecay(rng, cubaWidth), overflow: rng.pick(['wrap', 'saturate'] as const), vUses: rng.pick(['new', 'previous'] as const) };
    if (kind === 'alif') spec.adaptation = { increment: inRange(0n, hi / 8n), decay: randomDecay(rng, width) };
    if (validateNeuronSpec(spec).length === 0) return spec;
  }
}

describe('random specs: hardware equals the golden model', () => {
  const rng = new Random(20260607);
  const specs = Array.from({ length: 60 }, () => randomSpec(rng));
  specs.forEach((spec, k) => {
    it(`random spec ${k} (${spec.kind}, ${spec.signed ? 's' : 'u'}${spec.width}, ${spec.leak.kind}, ${spec.order}, reset ${spec.reset.kind}/${spec.resetTiming})`, () => {
      compare(spec, stimulus(spec, new Random(5000 + k), 600));
    });
  });
  it('the random specs cover every kind, leak, order and reset', () => {
    const seen = (f: (s: NeuronSpec) => string): Set<string> => new Set(specs.map(f));
    expect(seen((s) => s.kind).size).toBe(4);
    expect(seen((s) => s.leak.kind).size).toBe(5);
    expect(seen((s) => s.order).size).toBe(3);
    expect(seen((s) => s.reset.kind).size).toBe(4);
    expect(seen((s) => s.resetTiming).size).toBe(2);
    expect(seen((s) => s.floor?.action ?? 'none').size).toBe(4);
  });
});
