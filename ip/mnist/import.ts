// Weights trained elsewhere (PyTorch, snnTorch, Keras, numpy) into a
// FloatNetwork that convertNetwork takes. Two sources:
//
// - .npy files, one weight matrix (and optionally one bias vector) per layer,
//   e.g. from numpy.save('fc1.weight.npy', model.state_dict()['fc1.weight'].numpy());
// - a JSON document {"layout"?: "out-in" | "in-out", "layers": [{"name"?: "fc1",
//   "weight": number[][], "bias"?: number[]}]}.
//
// Orientation: 'out-in' (the default) is PyTorch's nn.Linear, weight[out][in];
// 'in-out' is Keras' Dense kernel and this library's own weights[i][j].
// Every layer's shape is checked against its neighbours (and against `sizes`
// when given); a mismatch names the layer and the expected and actual shapes.
import { readFileSync } from 'node:fs';
import type { FloatNetwork } from './ann.ts';
import { parseNpy } from './npy.ts';

export type WeightLayout = 'out-in' | 'in-out';

/** A dense array: its shape and its values in row-major order. */
export interface ShapedArray {
  shape: number[];
  values: ArrayLike<number>;
}

export interface ImportedLayer {
  /** Shown in errors, e.g. 'fc1'; default 'layer k'. */
  name?: string;
  weight: ShapedArray;
  bias?: ShapedArray;
}

export interface ImportOptions {
  /** Orientation of the weight matrices; default 'out-in' (PyTorch). */
  layout?: WeightLayout;
  /** The expected units per layer, inputs first (e.g. [784, 128, 10]); checked when given. */
  sizes?: number[];
}

/** The file as an array; errors name the path. */
export function readNpyFile(path: string): ShapedArray & { descr: string } {
  return parseNpy(new Uint8Array(readFileSync(path)), path);
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Builds the float network, checking every shape; weights end up in this library's in x out orientation. */
export function networkFromLayers(layers: readonly ImportedLayer[], opts: ImportOptions = {}): FloatNetwork {
  const layout = opts.layout ?? 'out-in';
  if (layout !== 'out-in' && layout !== 'in-out') throw new Error(`layout must be 'out-in' or 'in-out', got ${String(layout)}`);
  if (layers.length === 0) throw new Error('the network has no layers');
  if (opts.sizes && opts.sizes.length !== layers.length + 1) {
    throw new Error(`expected ${opts.sizes.length - 1} layers (sizes ${shapeText(opts.sizes)}), got ${layers.length}`);
  }
  const dims = layout === 'out-in' ? '(out, in)' : '(in, out)';
  const sizes: number[] = [];
  const weights: Float32Array[] = [];
  const biases: (Float32Array | undefined)[] = [];
  layers.forEach((l, k) => {
    const name = l.name ? `layer ${k} (${l.name})` : `layer ${k}`;
    const s = l.weight.shape;
    if (s.length !== 2) throw new Error(`${name}: weight must be 2-D ${dims}, got shape ${shapeText(s)}`);
    const [nIn, nOut] = layout === 'out-in' ? [s[1]!, s[0]!] : [s[0]!, s[1]!];
    if (nIn < 1 || nOut < 1) throw new Error(`${name}: weight shape ${shapeText(s)} has an empty dimension`);
    if (l.weight.values.length !== nIn * nOut) throw new Error(`${name}: weight shape ${shapeText(s)} needs ${nIn * nOut} values, got ${l.weight.values.length}`);
    const wantIn = k === 0 ? opts.sizes?.[0] : sizes[k];
    const wantOut = opts.sizes?.[k + 1];
    if (wantIn !== undefined || wantOut !== undefined) {
      const eIn = wantIn ?? nIn;
      const eOut = wantOut ?? nOut;
      if (eIn !== nIn || eOut !== nOut) {
        const expected = layout === 'out-in' ? [eOut, eIn] : [eIn, eOut];
        const why = k > 0 && wantIn !== undefined && wantIn !== nIn ? ` (the previous layer has ${wantIn} outputs)` : '';
        throw new Error(`${name}: weight shape ${shapeText(s)} ${dims}, expected ${shapeText(expected)}${why}`);
      }
    }
    if (k === 0) sizes.push(nIn);
    sizes.push(nOut);
    const w = new Float32Array(nIn * nOut);
    const v = l.weight.values;
    for (let i = 0; i < nIn; i++) {
      for (let j = 0; j < nOut; j++) {
        const x = layout === 'out-in' ? v[j * nIn + i]! : v[i * nOut + j]!;
        if (!Number.isFinite(x)) throw new Error(`${name}: weight ${layout === 'out-in' ? `[${j}][${i}]` : `[${i}][${j}]`} is ${x}`);
        w[i * nOut + j] = x;
      }
    }
    weights.push(w);
    if (l.bias) {
      const b = l.bias;
      if (b.shape.length !== 1 || b.shape[0] !== nOut || b.values.length !== nOut) {
        throw new Error(`${name}: bias shape ${shapeText(b.shape)}, expected [${nOut}] (one per output)`);
      }
      const bv = Float32Array.from(b.values);
      bv.forEach((x, j) => {
        if (!Number.isFinite(x)) throw new Error(`${name}: bias [${j}] is ${x}`);
      });
      biases.push(bv);
    } else biases.push(undefined);
  });
  const net: FloatNetwork = { sizes, weights };
  if (biases.some((b) => b !== undefined)) net.biases = biases;
  return net;
}

/** One layer per entry: the weight file and optionally the bias file (.npy). */
export function networkFromNpyFiles(files: readonly { weight: string; bias?: string; name?: string }[], opts: ImportOptions = {}): FloatNetwork {
  return networkFromLayers(
    files.map((f) => ({ name: f.name ?? f.weight, weight: readNpyFile(f.weight), bias: f.bias ? readNpyFile(f.bias) : undefined })),
    opts,
  );
}

function nested(x: unknown, what: string): ShapedArray {
  if (!Array.isArray(x)) throw new Error(`${what}: must be an array`);
  if (x.length > 0 && Array.isArray(x[0])) {
    const cols = (x[0] as unknown[]).length;
    const values: number[] = [];
    x.forEach((row, r) => {
      if (!Array.isArray(row) || row.length !== cols) throw new Error(`${what}: row ${r} has ${Array.isArray(row) ? row.length : 'no'} values, row 0 has ${cols}`);
      for (const v of row) {
        if (typeof v !== 'number') throw new Error(`${what}: row ${r} holds ${JSON.stringify(v)}, not a number`);
        values.push(v);
      }
    });
    return { shape: [x.length, cols], values };
  }
  x.forEach((v, i) => {
    if (typeof v !== 'number') throw new Error(`${what}: [${i}] holds ${JSON.stringify(v)}, not a number`);
  });
  return { shape: [x.length], values: x as number[] };
}

/** The JSON document described at the top of this file; `opts.layout` overrides the document's. */
export function networkFromJson(text: string, opts: ImportOptions = {}): FloatNetwork {
  const doc = JSON.parse(text) as { layout?: unknown; layers?: unknown };
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.layers)) throw new Error('weights JSON: expected {"layers": [{"weight": [[...]], "bias"?: [...]}], "layout"?: "out-in" | "in-out"}');
  const layout = opts.layout ?? (doc.layout as WeightLayout | undefined) ?? 'out-in';
  const layers = (doc.layers as unknown[]).map((l, k): ImportedLayer => {
    if (!l || typeof l !== 'object') throw new Error(`weights JSON: layers[${k}] must be an object with "weight"`);
    const o = l as { name?: unknown; weight?: unknown; bias?: unknown };
    const name = typeof o.name === 'string' ? o.name : undefined;
    const label = name ? `layer ${k} (${name})` : `layer ${k}`;
    if (o.weight === undefined) throw new Error(`weights JSON: ${label} has no "weight"`);
    const layer: ImportedLayer = { weight: nested(o.weight, `${label}: weight`) };
    if (name) layer.name = name;
    if (o.bias !== undefined && o.bias !== null) layer.bias = nested(o.bias, `${label}: bias`);
    return layer;
  });
  return networkFromLayers(layers, { ...opts, layout });
}
