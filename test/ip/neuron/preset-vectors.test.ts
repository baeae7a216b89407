// Hand-derived vectors for every preset, from each design's published
// equations (the `why` of each row is the arithmetic). The expected values
// are written here by hand or by a one-line expression of the equation, never
// taken from the golden model; each table runs on the golden model and on the
// hardware Neuron in the built-in simulator.
import { describe, expect, it } from 'vitest';
import {
  lsnnAlif,
  loihiCubaLif,
  odinLif,
  rancNeuron,
  reckonLif,
  snnTorchLeaky,
  spikerPlusLif,
  tinyOdinLif,
  type NeuronSpec,
} from '../../../ip/neuron/index.ts';
import { runGolden, runHardware, show, type StepOut } from './harness.ts';

interface Row {
  x: number;
  /** Time-reference step. */
  t?: true;
  spike: 0 | 1;
  v: number;
  u?: number;
  thr?: number;
  why?: string;
}

function expectRows(what: string, got: StepOut[], rows: Row[]): void {
  rows.forEach((r, i) => {
    const want: StepOut = { spike: r.spike === 1, v: BigInt(r.v) };
    if (r.u !== undefined) want.u = BigInt(r.u);
    if (r.thr !== undefined) want.thr = BigInt(r.thr);
    const g = got[i]!;
    const actual: StepOut = { spike: g.spike, v: g.v };
    if (r.u !== undefined) actual.u = g.u;
    if (r.thr !== undefined) actual.thr = g.thr;
    expect(show(actual), `${what}, step ${i + 1}: x=${r.x}${r.t ? ' (time ref)' : ''}${r.why ? ` — ${r.why}` : ''}`).toBe(show(want));
  });
}

/** The table must hold on the golden model and on the simulated hardware. */
function table(name: string, spec: NeuronSpec, rows: Row[]): void {
  const steps = rows.map((r) => ({ x: r.x, t: r.t === true }));
  it(`${name}: golden model`, () => expectRows('golden', runGolden(spec, steps), rows));
  it(`${name}: hardware`, () => expectRows('hardware', runHardware(spec, steps), rows));
}

const rep = (n: number, f: (k: number) => Row): Row[] => Array.from({ length: n }, (_, i) => f(i + 1));

describe('tinyODIN (lif_neuron.v)', () => {
  table('integrate, leak on time reference, >= at threshold', tinyOdinLif({ threshold: 20, leakStrength: 5 }), [
    { x: 7, spike: 0, v: 7, why: '0 + 7' },
    { x: 7, spike: 0, v: 14, why: '7 + 7' },
    { x: 5, spike: 0, v: 19, why: '14 + 5 = 19 < 20' },
    { x: 7, t: true, spike: 0, v: 14, why: 'time reference: leak 19 - 5; the input is ignored' },
    { x: 6, spike: 1, v: 0, why: '14 + 6 = 20 >= 20 exactly: spike and reset to 0 in the same update' },
    { x: -3, spike: 0, v: -3, why: '0 - 3' },
    { x: 0, t: true, spike: 0, v: 0, why: 'leak toward 0: -3 + 5 would pass 0, so it stops at 0' },
    { x: -8, spike: 0, v: -8, why: '0 - 8' },
    { x: 0, t: true, spike: 0, v: -3, why: '-8 + 5' },
    { x: 4, spike: 0, v: 1, why: '-3 + 4' },
    { x: 0, t: true, spike: 0, v: 0, why: '1 - 5 stops at 0' },
  ]);
  table('threshold 0: v >= 0 fires, also on a leak event', tinyOdinLif({ threshold: 0, leakStrength: 5 }), [
    { x: -1, spike: 0, v: -1, why: '-1: a negative membrane never fires (v >= 0 is required)' },
    { x: 0, t: true, spike: 1, v: 0, why: 'leak -1 + 5 stops at 0; 0 >= 0 fires on the time-reference event' },
    { x: 3, spike: 1, v: 0, why: '3 >= 0' },
  ]);
  table(
    'saturates at -2048',
    tinyOdinLif({ threshold: 20 }),
    [...rep(260, (k) => ({ x: -8, spike: 0, v: Math.max(-8 * k, -2048), why: 'v = max(-8k, -2048)' })), { x: 7, spike: 0, v: -2041, why: '-2048 + 7' }],
  );
  table('saturates at 2047 and fires there', tinyOdinLif({ threshold: 2047 }), [
    ...rep(292, (k) => ({ x: 7, spike: 0, v: 7 * k, why: 'v = 7k <= 2044' })),
    { x: 7, spike: 1, v: 0, why: '2044 + 7 = 2051 saturates to 2047 >= 2047: spike, reset' },
  ]);
});

describe('ODIN LIF (lif_neuron_state.v)', () => {
  table('unsigned membrane clamps at 0, leak on time reference', odinLif({ threshold: 10, leakStrength: 2 }), [
    { x: 7, spike: 0, v: 7, why: 'excitatory w = 7' },
    { x: -3, spike: 0, v: 4, why: 'inhibitory w = 3: max(7 - 3, 0)' },
    { x: -7, spike: 0, v: 0, why: 'max(4 - 7, 0): the unsigned membrane stops at 0' },
    { x: 7, spike: 0, v: 7, why: '0 + 7' },
    { x: 7, t: true, spike: 0, v: 5, why: 'time reference: max(7 - 2, 0); the input is ignored' },
    { x: 5, spike: 1, v: 0, why: '5 + 5 = 10 >= 10: spike, reset to 0' },
    { x: 1, spike: 0, v: 1, why: '0 + 1' },
    { x: 0, t: true, spike: 0, v: 0, why: 'max(1 - 2, 0)' },
  ]);
  table('saturates at 255', odinLif({ threshold: 255 }), [
    ...rep(36, (k) => ({ x: 7, spike: 0, v: 7 * k, why: 'v = 7k <= 252' })),
    { x: 7, spike: 1, v: 0, why: 'min(252 + 7, 255) = 255 >= 255: spike' },
  ]);
  table('leakage disabled', odinLif({ threshold: 10, leakEnabled: false }), [
    { x: 5, spike: 0, v: 5 },
    { x: 0, t: true, spike: 0, v: 5, why: 'a time reference with leakage disabled changes nothing' },
    { x: 5, spike: 1, v: 0, why: '10 >= 10' },
  ]);
});

describe('ReckOn (srnn.v)', () => {
  // alpha 0x7000 = 28672 = 0.875 in Q1.15; fpLoc 2 shifts the weight left by 2.
  table('threshold tested before the leak, floor leak, reset to zero', reckonLif({ threshold: 100, alpha: 0x7000, fpLoc: 2, reset: 'zero' }), [
    { x: 10, spike: 0, v: 35, why: '0 + (10 << 2) = 40 < 100; leak (40 * 28672) >> 15 = 35' },
    { x: 10, spike: 0, v: 65, why: '35 + 40 = 75; floor(75 * 0.875 = 65.625) = 65' },
    { x: 9, spike: 1, v: 0, why: '65 + 36 = 101 >= 100 before the leak (leaked it would be 88): spike, reset to 0' },
    { x: -5, spike: 0, v: -18, why: '0 - 20; floor(-20 * 0.875 = -17.5) = -18, not -17' },
    { x: 0, spike: 0, v: -16, why: 'floor(-18 * 0.875 = -15.75) = -16' },
    { x: 0, spike: 0, v: -14, why: '-16 * 0.875 = -14 exactly' },
  ]);
  table('subtractive reset: leaked - thr', reckonLif({ threshold: 100, alpha: 0x7000, fpLoc: 2, reset: 'subtract' }), [
    { x: 30, spike: 1, v: 5, why: '0 + 120 >= 100; leak 120 * 0.875 = 105; 105 - 100 = 5' },
    { x: 0, spike: 0, v: 4, why: '5 < 100; floor(4.375) = 4' },
  ]);
  table('subtractive reset wraps at 16 bits', reckonLif({ threshold: -30000, alpha: 0x8000, fpLoc: 0, reset: 'subtract' }), [
    { x: 0, spike: 1, v: 30000, why: '0 >= -30000; alpha 1.0 keeps 0; 0 - (-30000)' },
    { x: 0, spike: 1, v: -5536, why: '30000 + 30000 = 60000 wraps to 60000 - 65536' },
    { x: 0, spike: 1, v: 24464, why: '-5536 + 30000' },
  ]);
  table('integration saturates at both ends', reckonLif({ threshold: 32767, alpha: 0x8000, fpLoc: 2 }), [
    ...rep(64, (k) => ({ x: 127, spike: 0, v: 508 * k, why: 'v = (127 << 2) k <= 32512' })),
    { x: 127, spike: 1, v: 0, why: '32512 + 508 saturates to 32767 >= 32767' },
    ...rep(66, (k) => ({ x: -128, spike: 0, v: Math.max(-512 * k, -32768), why: 'v = max(-512k, -32768)' })),
  ]);
});

describe('Spiker+ LIF', () => {
  table('fixed reset lands the next step instead of the leak; > is strict; floor shift', spikerPlusLif({ shift: 2, threshold: 100, reset: 'fixed', resetValue: 10 }), [
    { x: 60, spike: 0, v: 60, why: 'leak 0; + 60' },
    { x: 60, spike: 1, v: 105, why: '60 - (60 >> 2) = 45; + 60 = 105 > 100: spike; v shows 105' },
    { x: 0, spike: 0, v: 10, why: 'the reset to v_reset = 10 replaces the leak' },
    { x: 0, spike: 0, v: 8, why: '10 - (10 >> 2)' },
    { x: 94, spike: 0, v: 100, why: '8 - 2 + 94 = 100, not > 100' },
    { x: -105, spike: 0, v: -30, why: '100 - 25 - 105' },
    { x: 0, spike: 0, v: -22, why: '-30 >> 2 = -8 (floor): -30 + 8' },
    { x: 0, spike: 0, v: -16, why: '-22 >> 2 = -6' },
    { x: 0, spike: 0, v: -12, why: '-16 >> 2 = -4' },
    { x: 0, spike: 0, v: -9, why: '-12 >> 2 = -3' },
    { x: 0, spike: 0, v: -6, why: '-9 >> 2 = -3' },
    { x: 0, spike: 0, v: -4, why: '-6 >> 2 = -2' },
    { x: 0, spike: 0, v: -3, why: '-4 >> 2 = -1' },
    { x: 0, spike: 0, v: -2, why: '-3 >> 2 = -1' },
    { x: 0, spike: 0, v: -1, why: '-2 >> 2 = -1' },
    { x: 0, spike: 0, v: 0, why: '-1 >> 2 = -1: a floor shift leaks a negative membrane all the way to 0' },
  ]);
  table('subtractive reset, saturating adder', spikerPlusLif({ shift: 2, threshold: 100, reset: 'subtractive' }), [
    { x: 60, spike: 0, v: 60 },
    { x: 60, spike: 1, v: 105, why: '45 + 60' },
    { x: 0, spike: 0, v: 5, why: '105 - 100 replaces the leak' },
    { x: 0, spike: 0, v: 4, why: '5 - (5 >> 2)' },
    { x: 32767, spike: 1, v: 32767, why: '4 - 1 + 32767 saturates at 32767' },
    { x: 32767, spike: 1, v: 32767, why: '32767 - 100 = 32667 (no leak); + 32767 saturates' },
    { x: -32768, spike: 0, v: -101, why: '32667 - 32768' },
    { x: -32768, spike: 0, v: -32768, why: '-101 - (-101 >> 2 = -26) = -75; -75 - 32768 saturates at -32768' },
  ]);
});

describe('Loihi CUBA-LIF (Lava PyLifModelBitAcc)', () => {
  // du 2047 + ds_offset 1 = 2048 and dv 2048: both decays multiply by 2048/4096 = 0.5.
  table('u then v then fire; decays round toward zero; v > vth << 6', loihiCubaLif({ du: 2047, dv: 2048, vth: 1, biasMant: 1 }), [
    { x: 1, spike: 1, u: 64, v: 0, why: 'u = 0 + (1 << 6) = 64; v = 0 + 64 + bias 1 = 65 > 64: spike, v = 0' },
    { x: 0, spike: 0, u: 32, v: 33, why: 'u = (64 * 2048) >> 12 = 32; v = 0 + 32 + 1' },
    { x: 0, spike: 0, u: 16, v: 33, why: 'u = 16; v = (33 * 2048 >> 12 = 16) + 16 + 1' },
    { x: -1, spike: 0, u: -56, v: -39, why: 'u = 8 - 64; v = 16 - 56 + 1' },
    { x: 0, spike: 0, u: -28, v: -46, why: 'u = -((56 * 2048) >> 12); v = -((39 * 2048) >> 12) = -19 (toward zero; floor gives -20) - 28 + 1' },
    { x: 0, spike: 0, u: -14, v: -36, why: 'u = -14; v = -23 - 14 + 1' },
  ]);
  table('exactly at threshold does not fire', loihiCubaLif({ du: 2047, dv: 2048, vth: 1 }), [
    { x: 1, spike: 0, u: 64, v: 64, why: 'v = 64 is not > 64' },
    { x: 0, spike: 0, u: 32, v: 64, why: 'v = 32 + 32 = 64 again' },
    { x: 1, spike: 1, u: 80, v: 0, why: 'u = 16 + 64; v = 32 + 80 = 112 > 64' },
  ]);
  table("Lava's ds_offset: the current decays by du + 1", loihiCubaLif({ du: 2048, dv: 0, vth: 100000 }), [
    { x: 100, spike: 0, u: 6400, v: 6400, why: 'u = 100 << 6; dv 0: v = v + u' },
    { x: 0, spike: 0, u: 3198, v: 9598, why: 'u = (6400 * (4096 - 2049)) >> 12 = 13100800 >> 12 = 3198' },
  ]);
  table('without the offset (dsOffset 0): 4096 - du', loihiCubaLif({ du: 2048, dv: 0, vth: 100000, dsOffset: 0 }), [
    { x: 100, spike: 0, u: 6400, v: 6400 },
    { x: 0, spike: 0, u: 3200, v: 9600, why: 'u = (6400 * 2048) >> 12' },
  ]);
  // No decay at all (du 0 without offset, dv 0): u and v accumulate.
  const flat = loihiCubaLif({ du: 0, dsOffset: 0, dv: 0, vth: 131071 });
  table('u wraps at 24 bits, v clips to ±(2^23 - 1)', flat, [
    { x: -32768, spike: 0, u: -2097152, v: -2097152, why: 'u = -32768 << 6' },
    { x: -32768, spike: 0, u: -4194304, v: -6291456 },
    { x: -32768, spike: 0, u: -6291456, v: -8388607, why: 'v = -12582912 clips to -(2^23 - 1), not -2^23' },
    { x: -32768, spike: 0, u: -8388608, v: -8388607, why: 'u = -2^23 still fits; v = -16777215 clips' },
    { x: -32768, spike: 0, u: 6291456, v: -2097151, why: 'u = -10485760 wraps (+2^24) to 6291456; v = -8388607 + 6291456' },
    { x: 0, spike: 0, u: 6291456, v: 4194305 },
    { x: 0, spike: 1, u: 6291456, v: 0, why: 'v = 10485761 clips to 8388607 > 131071 << 6 = 8388544: spike' },
  ]);
  table('u = 2^23 wraps to -2^23 (Lava keeps +2^23, which no 24-bit register holds)', flat, [
    { x: 32767, spike: 0, u: 2097088, v: 2097088 },
    { x: 32767, spike: 0, u: 4194176, v: 6291264 },
    { x: 32767, spike: 1, u: 6291264, v: 0, why: 'v = 12582528 clips to 8388607 > 8388544' },
    { x: 32767, spike: 0, u: 8388352, v: 8388352, why: '8388352 <= 8388544' },
    { x: 4, spike: 0, u: -8388608, v: -256, why: 'u = 8388352 + 256 = 2^23 wraps to -2^23; v = 8388352 - 8388608' },
  ]);
  // du 4095 + 1: u keeps no memory; dv 4095: v decays to (v * 1) >> 12 = 0.
  table('refractory: v holds, u integrates', loihiCubaLif({ du: 4095, dv: 4095, vth: 1, refractory: 2 }), [
    { x: 2, spike: 1, u: 128, v: 0, why: 'v = 0 + 128 > 64: spike, then 2 refractory steps' },
    { x: 2, spike: 0, u: 128, v: 0, why: 'refractory: v holds 0 although v + u would fire' },
    { x: 2, spike: 0, u: 128, v: 0, why: 'refractory, second step' },
    { x: 1, spike: 0, u: 64, v: 64, why: 'free: v = 0 + 64, not > 64' },
    { x: 2, spike: 1, u: 128, v: 0, why: 'v = ((64 * 1) >> 12 = 0) + 128 > 64' },
  ]);
});

describe('RANC neuron block', () => {
  table('integrate, then leak, >= fires; floor at the negative threshold (hard reset)', rancNeuron({ threshold: 100, negativeThreshold: -50, leak: -2, resetPotential: 5 }), [
    { x: 50, spike: 0, v: 48, why: '0 + 50 - 2' },
    { x: 54, spike: 1, v: 5, why: '48 + 54 - 2 = 100 >= 100: reset to the reset potential 5' },
    { x: -58, spike: 0, v: -5, why: '5 - 58 - 2 = -55 < -50: set to -reset potential' },
    { x: -43, spike: 0, v: -50, why: '-5 - 43 - 2 = -50 is not < -50' },
    { x: 0, spike: 0, v: -5, why: '-52 < -50' },
  ]);
  table('every add wraps at 9 bits', rancNeuron({ threshold: 255, negativeThreshold: -256, leak: 0 }), [
    { x: 200, spike: 0, v: 200 },
    { x: 100, spike: 0, v: -212, why: '300 wraps to 300 - 512' },
    { x: -100, spike: 0, v: 200, why: '-312 wraps to -312 + 512' },
    { x: 55, spike: 1, v: 0, why: '255 >= 255: reset potential 0' },
  ]);
  table('linear reset subtracts either threshold', rancNeuron({ threshold: 100, negativeThreshold: -50, leak: -2, resetMode: 'linear' }), [
    { x: 110, spike: 1, v: 8, why: '110 - 2 = 108 >= 100: 108 - 100' },
    { x: -70, spike: 0, v: -14, why: '8 - 70 - 2 = -64 < -50: -64 - (-50)' },
  ]);
  table('linear reset wraps', rancNeuron({ threshold: -100, negativeThreshold: -200, leak: -2, resetMode: 'linear' }), [
    { x: 255, spike: 1, v: -159, why: '253 >= -100: 253 + 100 = 353 wraps to 353 - 512' },
    { x: 0, spike: 0, v: -161, why: '-161: neither >= -100 nor < -200' },
  ]);
});

describe('snnTorch Leaky, quantised', () => {
  table('subtract reset lands the next step, after the leak; floor shift', snnTorchLeaky({ beta: { shift: 1 }, threshold: 100, reset: 'subtract' }), [
    { x: 120, spike: 1, v: 120, why: '0 + 120 > 100; mem shows 120' },
    { x: 0, spike: 0, v: -40, why: 'beta*mem + x - reset*thr = 60 + 0 - 100' },
    { x: 0, spike: 0, v: -20, why: '-40 - (-40 >> 1)' },
    { x: 0, spike: 0, v: -10 },
    { x: 0, spike: 0, v: -5 },
    { x: 0, spike: 0, v: -2, why: '-5 >> 1 = -3 (floor): -5 + 3' },
    { x: 0, spike: 0, v: -1, why: '-2 >> 1 = -1' },
    { x: 0, spike: 0, v: 0, why: '-1 >> 1 = -1: -1 + 1' },
    { x: 100, spike: 0, v: 100, why: '100 > 100 is false (strict Heaviside)' },
    { x: 51, spike: 1, v: 101, why: '50 + 51' },
    { x: 0, spike: 0, v: -49, why: '101 - (101 >> 1 = 50) = 51; 51 - 100' },
  ]);
  table('rounding toward zero leaves -1 for ever', snnTorchLeaky({ beta: { shift: 1 }, rounding: 'zero', threshold: 100 }), [
    { x: -5, spike: 0, v: -5 },
    { x: 0, spike: 0, v: -3, why: 'trunc(-5 / 2) = -2: -5 + 2' },
    { x: 0, spike: 0, v: -2, why: 'trunc(-1.5) = -1' },
    { x: 0, spike: 0, v: -1, why: 'trunc(-1) = -1' },
    { x: 0, spike: 0, v: -1, why: 'trunc(-0.5) = 0: no further decay' },
  ]);
  table('zero reset: (1 - reset) * mem', snnTorchLeaky({ beta: { shift: 1 }, threshold: 100, reset: 'zero' }), [
    { x: 120, spike: 1, v: 120 },
    { x: 30, spike: 0, v: 30, why: 'beta * (1 - 1) * 120 + 30' },
    { x: 0, spike: 0, v: 15 },
  ]);
  table('Q-format beta 0.75, floor', snnTorchLeaky({ beta: { factor: 3, fracBits: 2 }, threshold: 100 }), [
    { x: 10, spike: 0, v: 10 },
    { x: 0, spike: 0, v: 7, why: '(10 * 3) >> 2 = floor(7.5)' },
    { x: -20, spike: 0, v: -15, why: '(7 * 3) >> 2 = 5; 5 - 20' },
    { x: 0, spike: 0, v: -12, why: '(-45) >> 2 = floor(-11.25)' },
  ]);
  table('Q-format beta 0.75, toward zero', snnTorchLeaky({ beta: { factor: 3, fracBits: 2 }, rounding: 'zero', threshold: 100 }), [
    { x: -15, spike: 0, v: -15 },
    { x: 0, spike: 0, v: -11, why: 'trunc(-11.25)' },
  ]);
});

describe('adaptive LIF (LSNN-style)', () => {
  table('threshold jumps on a spike and decays; refractory; subtract reset', lsnnAlif({ threshold: 100, increment: 50, leakShift: 1, adaptShift: 1, refractory: 1 }), [
    { x: 100, spike: 1, v: 0, thr: 150, why: '100 >= 100: v = 100 - 100; thr = 100 + 0 + 50' },
    { x: 90, spike: 0, v: 0, thr: 125, why: 'refractory: v holds; a = 50 - (50 >> 1) = 25' },
    { x: 90, spike: 0, v: 90, thr: 113, why: '0 + 90 < 125; a = 25 - 12' },
    { x: 30, spike: 0, v: 75, thr: 107, why: '90 - 45 + 30 < 113; a = 13 - 6' },
    { x: 70, spike: 1, v: 1, thr: 154, why: '75 - 37 + 70 = 108 >= 107: v = 108 - 107; a = 7 - 3 + 50' },
    { x: 0, spike: 0, v: 1, thr: 127, why: 'refractory; a = 54 - 27' },
  ]);
  table('the threshold saturates at the membrane maximum', lsnnAlif({ width: 8, threshold: 100, increment: 100, leakShift: 1, adaptShift: 7, refractory: 0 }), [
    { x: 100, spike: 1, v: 0, thr: 127, why: 'thr = 100 + 0 + 100 = 200 saturates at 127' },
    { x: 127, spike: 1, v: 0, thr: 127, why: '127 >= 127: v = 0; a = 27 - (27 >> 7) + 100 saturates' },
  ]);
});

describe('knobs of the spec', () => {
  const base: NeuronSpec = {
    kind: 'lif',
    width: 8,
    signed: true,
    inputWidth: 8,
    inputShift: 0,
    bias: 0,
    overflow: 'saturate',
    leak: { kind: 'shift', shift: 1, rounding: 'floor' },
    leakOn: 'step',
    order: 'leak-integrate-fire',
    threshold: 50,
    compare: '>=',
    reset: { kind: 'zero' },
    resetTiming: 'same',
    resetSkipsLeak: false,
    refractory: 0,
  };
  table('order leak-integrate-fire', base, [
    { x: 40, spike: 0, v: 40, why: 'leak 0; + 40' },
    { x: 20, spike: 0, v: 40, why: '40 - 20 + 20' },
    { x: 60, spike: 1, v: 0, why: '20 + 60 = 80 >= 50' },
  ]);
  table('order integrate-leak-fire', { ...base, order: 'integrate-leak-fire' }, [
    { x: 40, spike: 0, v: 20, why: '40, leak to 20' },
    { x: 20, spike: 0, v: 20, why: '40, leak to 20' },
    { x: 60, spike: 0, v: 40, why: '80, leak to 40 < 50: no spike' },
  ]);
  table('order integrate-fire-leak', { ...base, order: 'integrate-fire-leak' }, [
    { x: 40, spike: 0, v: 20 },
    { x: 20, spike: 0, v: 20 },
    { x: 60, spike: 1, v: 0, why: '80 >= 50 before the leak' },
  ]);
  const flat: NeuronSpec = { ...base, kind: 'if', leak: { kind: 'none' }, threshold: 127 };
  table('saturate', flat, [
    { x: 100, spike: 0, v: 100 },
    { x: 100, spike: 1, v: 0, why: '200 saturates to 127 >= 127' },
  ]);
  table('wrap', { ...flat, overflow: 'wrap' }, [
    { x: 100, spike: 0, v: 100 },
    { x: 100, spike: 0, v: -56, why: '200 wraps to -56' },
  ]);
  table('reset none, bias, input shift', { ...flat, threshold: 20, reset: { kind: 'none' }, bias: 3, inputShift: 1, inputWidth: 6 }, [
    { x: 5, spike: 0, v: 13, why: '(5 << 1) + 3' },
    { x: 2, spike: 1, v: 20, why: '13 + 4 + 3 = 20 >= 20; reset none keeps 20' },
    { x: -12, spike: 0, v: -1, why: '20 - 24 + 3' },
  ]);
  table('reset to a value, compare >', { ...flat, threshold: 20, compare: '>', reset: { kind: 'value', value: -7 } }, [
    { x: 20, spike: 0, v: 20, why: '20 > 20 is false' },
    { x: 1, spike: 1, v: -7, why: '21 > 20: reset to -7' },
  ]);
  table('floor clamp', { ...flat, threshold: 20, floor: { bound: -10, action: 'clamp' } }, [
    { x: -9, spike: 0, v: -9 },
    { x: -9, spike: 0, v: -10, why: '-18 < -10: clamped to -10' },
  ]);
  table('refractory with the reset in the next step', { ...flat, threshold: 10, compare: '>', resetTiming: 'next', refractory: 2 }, [
    { x: 11, spike: 1, v: 11, why: '11 > 10; the reset is due next step' },
    { x: 5, spike: 0, v: 0, why: 'refractory: no input, but the pending reset lands' },
    { x: 5, spike: 0, v: 0, why: 'refractory' },
    { x: 5, spike: 0, v: 5 },
    { x: 6, spike: 1, v: 11 },
  ]);
  const odinLike: NeuronSpec = { ...base, signed: false, inputWidth: 4, leak: { kind: 'towardZero', amount: 3 }, threshold: 200 };
  table('unsigned membrane: input saturates to 0..255, toward-zero leak', odinLike, [
    { x: 7, spike: 0, v: 7 },
    { x: -8, spike: 0, v: 0, why: 'leak 7 - 3 = 4; 4 - 8 clamps at 0' },
    { x: 2, spike: 0, v: 2, why: 'leak of 0 stays 0' },
  ]);
});
