// The .npy reader on files built byte by byte here from the format's
// description (magic, version, little-endian header length, a Python dict
// literal padded with spaces to a 64-byte boundary and ended by '\n', then the
// raw data), and the weight import from .npy and JSON with its shape checks.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { networkFromJson, networkFromLayers, networkFromNpyFiles, parseNpy } from '../../../ip/mnist/index.ts';

/** An .npy file: `header` is the dict text; `data` the raw element bytes. */
function npyBytes(major: number, header: string, data: number[]): Uint8Array {
  const lenBytes = major === 1 ? 2 : 4;
  const pre = 6 + 2 + lenBytes;
  let h = header;
  while ((pre + h.length + 1) % 64 !== 0) h += ' ';
  h += '\n';
  const out: number[] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0];
  const n = h.length;
  if (major === 1) out.push(n & 0xff, n >> 8);
  else out.push(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
  for (const ch of h) out.push(ch.charCodeAt(0));
  return Uint8Array.from([...out, ...data]);
}

// Element bytes written out by hand (IEEE 754 / two's complement, little-endian unless noted).
const F4 = { '1.0': [0x00, 0x00, 0x80, 0x3f], '-2.5': [0x00, 0x00, 0x20, 0xc0], '0.5': [0x00, 0x00, 0x00, 0x3f], '3.0': [0x00, 0x00, 0x40, 0x40], '0.0': [0, 0, 0, 0], '-1.0': [0x00, 0x00, 0x80, 0xbf] };
const F8_0_1 = [0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f]; // 0.1
const F8_M4 = [0, 0, 0, 0, 0, 0, 0x10, 0xc0]; // -4.0

describe('parseNpy', () => {
  it("v1.0 '<f4' C-order 2 x 3", () => {
    const data = [...F4['1.0'], ...F4['-2.5'], ...F4['0.5'], ...F4['3.0'], ...F4['0.0'], ...F4['-1.0']];
    const a = parseNpy(npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data));
    expect(a.descr).toBe('<f4');
    expect(a.shape).toEqual([2, 3]);
    expect(a.fortranOrder).toBe(false);
    expect(Array.from(a.values)).toEqual([1, -2.5, 0.5, 3, 0, -1]);
  });

  it("'<f8' 1-D, '|i1', '<i2', '<i4'", () => {
    expect(Array.from(parseNpy(npyBytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", [...F8_0_1, ...F8_M4])).values)).toEqual([0.1, -4]);
    const i1 = parseNpy(npyBytes(1, "{'descr': '|i1', 'fortran_order': False, 'shape': (2, 2), }", [0x7f, 0x80, 0xff, 0x05]));
    expect(Array.from(i1.values)).toEqual([127, -128, -1, 5]);
    const i2 = parseNpy(npyBytes(1, "{'descr': '<i2', 'fortran_order': False, 'shape': (3,), }", [0x34, 0x12, 0x00, 0x80, 0xfe, 0xff]));
    expect(Array.from(i2.values)).toEqual([0x1234, -32768, -2]);
    const i4 = parseNpy(npyBytes(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 2), }", [0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xff]));
    expect(Array.from(i4.values)).toEqual([0x12345678, -1]);
  });

  it('format 2.0 (4-byte header length) and a header that is exactly as numpy writes it', () => {
    const a = parseNpy(npyBytes(2, "{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }", [1, 2, 3]));
    expect(Array.from(a.values)).toEqual([1, 2, 3]);
  });

  it('Fortran order comes back row-major', () => {
    // 2 x 3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column: 1 4 2 5 3 6.
    const a = parseNpy(npyBytes(1, "{'descr': '|i1', 'fortran_order': True, 'shape': (2, 3), }", [1, 4, 2, 5, 3, 6]));
    expect(a.fortranOrder).toBe(true);
    expect(Array.from(a.values)).toEqual([1, 2, 3, 4, 5, 6]);
    // 2 x 2 x 2: element (i, j, k) at i + 2j + 4k in the file.
    const vals = [0, 100, 10, 110, 1, 101, 11, 111]; // file order
    const b = parseNpy(npyBytes(1, "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2, 2), }", vals));
    expect(Array.from(b.values)).toEqual([0, 1, 10, 11, 100, 101, 110, 111]);
  });

  it('big-endian data and a scalar', () => {
    expect(Array.from(parseNpy(npyBytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", [0x3f, 0x80, 0x00, 0x00])).values)).toEqual([1]);
    const s = parseNpy(npyBytes(1, "{'descr': '<i2', 'fortran_order': False, 'shape': (), }", [0x07, 0x00]));
    expect(s.shape).toEqual([]);
    expect(Array.from(s.values)).toEqual([7]);
  });

  it('rejects what it cannot read, saying why', () => {
    const good = npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", [...F4['1.0'], ...F4['0.5']]);
    const bad = good.slice();
    bad[1] = 0x41;
    expect(() => parseNpy(bad, 'w.npy')).toThrow(/w.npy: not a .npy file/);
    expect(() => parseNpy(good.slice(0, good.length - 1), 'w.npy')).toThrow(/needs 8 data bytes, the file has 7/);
    expect(() => parseNpy(npyBytes(1, "{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }", new Array(20).fill(0)))).toThrow(/dtype '<U5' is not supported/);
    expect(() => parseNpy(npyBytes(1, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new Array(8).fill(0)))).toThrow(/dtype '\|O' is not supported/);
    expect(() => parseNpy(npyBytes(1, "{'descr': '<f4', 'shape': (1,), }", F4['1.0']))).toThrow(/exactly the keys descr, fortran_order, shape/);
    expect(() => parseNpy(npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", F4['1.0']))).toThrow(/bad header/);
    const v9 = good.slice();
    v9[6] = 9;
    expect(() => parseNpy(v9)).toThrow(/version 9.0 is not supported/);
  });
});

describe('weight import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spikeforge-npy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const f4 = (xs: number[]): number[] => {
    const b = new Uint8Array(new Float32Array(xs).buffer); // host order: little-endian here, as '<f4' says
    return Array.from(b);
  };
  // PyTorch nn.Linear(3, 2).weight: shape (out 2, in 3); fc2: (out 2, in 2).
  const fc1 = [0.5, 1, -0.75, -0.25, 0.5, 0.25];
  const fc2 = [1, 0.25, -0.5, 2];
  const write = (name: string, header: string, data: number[]): string => {
    const p = join(dir, name);
    writeFileSync(p, npyBytes(1, header, data));
    return p;
  };
  const w1 = write('fc1.weight.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f4(fc1));
  const w2 = write('fc2.weight.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", f4(fc2));
  const b1 = write('fc1.bias.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f4([0.125, -1]));
  const wBad = write('fc2bad.weight.npy', "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 5), }", f4(new Array(10).fill(0)));

  it('reads PyTorch (out, in) matrices into in x out weights', () => {
    const net = networkFromNpyFiles([{ weight: w1, bias: b1, name: 'fc1' }, { weight: w2, name: 'fc2' }]);
    expect(net.sizes).toEqual([3, 2, 2]);
    // weights[i * out + j] = torch_weight[j][i]
    expect(Array.from(net.weights[0]!)).toEqual([0.5, -0.25, 1, 0.5, -0.75, 0.25]);
    expect(Array.from(net.weights[1]!)).toEqual([1, -0.5, 0.25, 2]);
    expect(Array.from(net.biases![0]!)).toEqual([0.125, -1]);
    expect(net.biases![1]).toBeUndefined();
  });

  it('names the layer and both shapes on a mismatch', () => {
    expect(() => networkFromNpyFiles([{ weight: w1, name: 'fc1' }, { weight: wBad, name: 'fc2' }])).toThrow(
      'layer 1 (fc2): weight shape [2, 5] (out, in), expected [2, 2] (the previous layer has 2 outputs)',
    );
    expect(() => networkFromNpyFiles([{ weight: w1, name: 'fc1' }, { weight: w2, name: 'fc2' }], { sizes: [784, 2, 2] })).toThrow(
      'layer 0 (fc1): weight shape [2, 3] (out, in), expected [2, 784]',
    );
    // Read as (in, out), fc1 is 2 -> 3, so its bias of 2 and fc2's 2 inputs no longer fit.
    expect(() => networkFromNpyFiles([{ weight: w1 }, { weight: w2, name: 'fc2' }], { layout: 'in-out' })).toThrow(
      'layer 1 (fc2): weight shape [2, 2] (in, out), expected [3, 2] (the previous layer has 3 outputs)',
    );
    expect(() => networkFromNpyFiles([{ weight: w1, bias: b1, name: 'fc1' }], { layout: 'in-out' })).toThrow('layer 0 (fc1): bias shape [2], expected [3] (one per output)');
    expect(() => networkFromNpyFiles([{ weight: w2, bias: w1, name: 'fc' }])).toThrow('layer 0 (fc): bias shape [2, 3], expected [2] (one per output)');
    expect(() => networkFromNpyFiles([{ weight: b1, name: 'fc' }])).toThrow('layer 0 (fc): weight must be 2-D (out, in), got shape [2]');
  });

  it('reads the JSON form, either orientation, and checks it the same way', () => {
    const doc = { layers: [{ name: 'fc1', weight: [[0.5, 1, -0.75], [-0.25, 0.5, 0.25]], bias: [0, 0] }, { name: 'fc2', weight: [[1, 0.25], [-0.5, 2]] }] };
    const a = networkFromJson(JSON.stringify(doc));
    const b = networkFromNpyFiles([{ weight: w1 }, { weight: w2 }]);
    expect(a.weights.map((w) => Array.from(w))).toEqual(b.weights.map((w) => Array.from(w)));
    const inOut = { layout: 'in-out', layers: [{ weight: [[0.5, -0.25], [1, 0.5], [-0.75, 0.25]] }, { weight: [[1, -0.5], [0.25, 2]] }] };
    expect(networkFromJson(JSON.stringify(inOut)).weights.map((w) => Array.from(w))).toEqual(b.weights.map((w) => Array.from(w)));
    const wrong = { layers: [doc.layers[0], { name: 'fc2', weight: [[1, 2, 3]] }] };
    expect(() => networkFromJson(JSON.stringify(wrong))).toThrow('layer 1 (fc2): weight shape [1, 3] (out, in), expected [1, 2] (the previous layer has 2 outputs)');
    expect(() => networkFromJson(JSON.stringify({ layers: [{ weight: [[1, 2], [3]] }] }))).toThrow(/row 1 has 1 values, row 0 has 2/);
    expect(() => networkFromJson('{"weights": []}')).toThrow(/expected \{"layers"/);
    expect(() => networkFromLayers([{ weight: { shape: [1, 2], values: [1, NaN] } }])).toThrow(/weight \[0\]\[1\] is NaN/);
  });
});
