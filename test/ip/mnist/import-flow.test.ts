// A network "trained elsewhere": trained here on 7x7 MNIST, written as the
// .npy files PyTorch's state_dict would give (weight (out, in), float32,
// bytes assembled in the test), then imported, converted, run, and put
// through examples/mnist/import.ts up to Verilog.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  convertNetwork,
  evaluateSpiking,
  floatAccuracy,
  loadMnist,
  networkFromNpyFiles,
  parseSpikingNetwork,
  trainNetwork,
  type FloatNetwork,
} from '../../../ip/mnist/index.ts';

/** numpy.save of a float32 C-order array, written out from the format description. */
function npyFloat32(shape: number[], values: number[]): Buffer {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  const data = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => data.writeFloatLE(v, i * 4));
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), data]);
}

/** PyTorch orientation: weight[out][in] flattened. */
function torchWeight(net: FloatNetwork, k: number): number[] {
  const nIn = net.sizes[k]!;
  const nOut = net.sizes[k + 1]!;
  const out: number[] = [];
  for (let j = 0; j < nOut; j++) for (let i = 0; i < nIn; i++) out.push(net.weights[k]![i * nOut + j]!);
  return out;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('importing a network trained elsewhere', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spikeforge-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = loadMnist({ downsample: 4 });
  const trained = trainNetwork(data.train, { hidden: [32], epochs: 4, seed: 3 }).network;
  const files = [0, 1].map((k) => {
    const p = join(dir, `fc${k + 1}.weight.npy`);
    writeFileSync(p, npyFloat32([trained.sizes[k + 1]!, trained.sizes[k]!], torchWeight(trained, k)));
    return p;
  });

  it('reads the weights back exactly and converts them into a working spiking network', () => {
    const net = networkFromNpyFiles(files.map((weight) => ({ weight })), { sizes: [49, 32, 10] });
    expect(net.weights.map((w) => Array.from(w))).toEqual(trained.weights.map((w) => Array.from(w)));
    const float = floatAccuracy(net, data.test);
    expect(float).toBeGreaterThan(0.75);
    const snn = convertNetwork(net, data.train, { steps: 16, weightBits: 8 });
    const e = evaluateSpiking(snn, data.test);
    expect(e.accuracy).toBeGreaterThan(float - 0.05);
  });

  it('examples/mnist/import.ts converts, saves and writes Verilog', () => {
    const out = join(dir, 'net.snn.json');
    const vdir = join(dir, 'verilog');
    const log = execFileSync(process.execPath, ['--import', 'tsx', 'examples/mnist/import.ts', '--npy', files.join(','), '--steps', '8', '--bits', '6', '--out', out, '--verilog', vdir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(log).toMatch(/imported 49-32-10/);
    expect(log).toMatch(/spiking: T = 8/);
    const { snn } = parseSpikingNetwork(readFileSync(out, 'utf8'));
    expect(snn.network.layers.map((l) => l.weightWidth)).toEqual([6, 6]);
    expect(snn.steps).toBe(8);
    const v = join(vdir, 'DenseNetwork.v');
    expect(existsSync(v)).toBe(true);
    const text = readFileSync(v, 'utf8');
    expect(text).toMatch(/module DenseNetwork\b/);
    expect(text).toMatch(/count_9/);
  });

  it('the script refuses a shape that does not chain, naming the layer', () => {
    const bad = join(dir, 'bad.weight.npy');
    writeFileSync(bad, npyFloat32([10, 31], new Array(310).fill(0)));
    let err = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'examples/mnist/import.ts', '--npy', `${files[0]},${bad}`], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      err = String((e as { stderr?: string }).stderr);
    }
    expect(err).toContain('weight shape [10, 31] (out, in), expected [10, 32] (the previous layer has 32 outputs)');
  });
});
