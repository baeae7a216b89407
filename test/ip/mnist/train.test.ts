// Training is reproducible from its seed: the same seed gives the same
// weights bit for bit, another seed other weights; and it learns.
import { describe, expect, it } from 'vitest';
import { floatAccuracy, loadMnist, networkHash, SeededRandom, subsetOf, trainNetwork, translate, mixSeed } from '../../../ip/mnist/index.ts';

describe('SeededRandom', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const c = new SeededRandom(43);
    const xs = Array.from({ length: 50 }, () => a.uint32());
    expect(Array.from({ length: 50 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c.uint32())).not.toEqual(xs);
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 3));
  });

  it('is roughly uniform, below() stays in range, normal() has mean 0 and variance 1', () => {
    const r = new SeededRandom(7);
    const n = 20000;
    let sum = 0;
    let sq = 0;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      buckets[Math.floor(u * 10)]! += 1;
      const k = r.below(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(n / 50);
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.05);
  });
});

describe('translate', () => {
  it('moves an image and fills with zeros', () => {
    const img = Float32Array.from({ length: 9 }, (_, i) => i + 1); // 3x3: 1..9
    const out = new Float32Array(9);
    translate(img, 3, 1, 0, out);
    expect(Array.from(out)).toEqual([0, 1, 2, 0, 4, 5, 0, 7, 8]);
    translate(img, 3, -1, 1, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 2, 3, 0, 5, 6, 0]);
  });
});

describe('trainNetwork', () => {
  // A tiny problem: 7x7 images (4x4 block averages), 300 samples, 16 hidden units.
  const data = loadMnist({ downsample: 4 });
  const tiny = subsetOf(data.train, 300);
  const opts = { hidden: [16], epochs: 3, batchSize: 16, learningRate: 5e-3, shift: 1 };

  it('gives the same weights for the same seed and other weights for another seed', () => {
    const a = trainNetwork(tiny, { ...opts, seed: 5 });
    const b = trainNetwork(tiny, { ...opts, seed: 5 });
    const c = trainNetwork(tiny, { ...opts, seed: 6 });
    expect(networkHash(a.network)).toBe(networkHash(b.network));
    expect(a.losses).toEqual(b.losses);
    expect(networkHash(c.network)).not.toBe(networkHash(a.network));
    expect(a.network.sizes).toEqual([49, 16, 10]);
    expect(a.network.biases).toBeUndefined();
  });

  it('learns: the loss falls and the accuracy beats chance by far', () => {
    const r = trainNetwork(subsetOf(data.train, 2000), { hidden: [32], epochs: 4, seed: 1 });
    expect(r.losses[3]!).toBeLessThan(r.losses[0]! * 0.8);
    expect(floatAccuracy(r.network, subsetOf(data.test, 500))).toBeGreaterThan(0.6);
  });

  it('trains biases when asked', () => {
    const r = trainNetwork(tiny, { ...opts, bias: true, epochs: 1 });
    expect(r.network.biases?.length).toBe(2);
    expect(r.network.biases![0]!.some((b) => b !== 0)).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => trainNetwork(tiny, { epochs: 0 })).toThrow(/epochs/);
    expect(() => trainNetwork(tiny, { shift: 7 })).toThrow(/shift/);
    expect(() => trainNetwork(tiny, { outputs: 5 })).toThrow(/label/);
  });
});
