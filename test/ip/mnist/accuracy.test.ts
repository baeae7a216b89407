// The committed converted network (examples/mnist/mnist-784-128-10.snn.json):
// its spiking accuracy on the whole held-out split (fast simulator) is at
// least 93 %; on a fixed prefix of that split ip/dense's golden model
// (DenseNetworkModel) gives the same output counts image for image, and on a
// shorter prefix so does the DenseNetwork hardware on the built-in simulator.
// The golden model over the whole split takes about a minute; run
// `npx tsx examples/mnist/evaluate.ts --golden all --hardware all` for that.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  convertNetwork,
  encodeImage,
  evaluateSpiking,
  imageOf,
  loadMnist,
  parseSpikingNetwork,
  quantizedAnnAccuracy,
  serializeSpikingNetwork,
  subsetOf,
  tuneConversion,
  type FloatNetwork,
} from '../../../ip/mnist/index.ts';
import { elaborate } from '../../../hdl/index.ts';
import { DenseNetwork } from '../../../ip/dense/index.ts';
import { createSimulator } from '../../../testbenches/backends.ts';
import { haveTool } from '../../../testbenches/tools.ts';
import { evaluateOnHardware } from '../../../examples/mnist/hardware.ts';
import { DEFAULT_NETWORK_FILE } from '../../../examples/mnist/paths.ts';

const GOLDEN_IMAGES = 300;
const HARDWARE_IMAGES = 20;
const VERILATOR_IMAGES = 300;

describe('the committed MNIST network', () => {
  const text = readFileSync(DEFAULT_NETWORK_FILE, 'utf8');
  const { snn, provenance } = parseSpikingNetwork(text, DEFAULT_NETWORK_FILE);
  const data = loadMnist({ downsample: provenance.dataset?.downsample ?? 1 });
  const fast = evaluateSpiking(snn, data.test);

  it('is a 784-128-10 network of 8-bit weights and integrate-and-fire neurons with reset by subtraction', () => {
    expect([snn.network.inputs, ...snn.network.layers.map((l) => l.neurons)]).toEqual([784, 128, 10]);
    for (const l of snn.network.layers) {
      expect(l.weightWidth).toBe(8);
      expect(l.neuron).toMatchObject({ kind: 'if', leak: { kind: 'none' }, reset: { kind: 'subtract' } });
    }
    expect(2 ** snn.network.countWidth - 1).toBeGreaterThanOrEqual(snn.steps); // counters never saturate
  });

  it('serialises back to the same bytes', () => {
    expect(serializeSpikingNetwork(snn, provenance)).toBe(text);
  });

  it(`classifies at least 93 % of the ${data.test.count} held-out images by output spike count`, () => {
    expect(fast.count).toBe(data.test.count);
    expect(fast.accuracy).toBeGreaterThanOrEqual(0.93);
    // The spiking network stays close to the ANN it was converted from.
    expect(quantizedAnnAccuracy(snn.network, data.test) - fast.accuracy).toBeLessThan(0.02);
  });

  it(`gives the golden model's output counts on the first ${GOLDEN_IMAGES} held-out images`, () => {
    const counts: number[][] = [];
    const f = evaluateSpiking(snn, data.test, { limit: GOLDEN_IMAGES, onImage: (_, c) => counts.push(c) });
    let n = 0;
    const g = evaluateSpiking(snn, data.test, {
      engine: 'golden',
      limit: GOLDEN_IMAGES,
      onImage: (i, c) => {
        expect(c, `image ${i}`).toEqual(counts[i]);
        n++;
      },
    });
    expect(n).toBe(GOLDEN_IMAGES);
    expect(Array.from(g.predictions)).toEqual(Array.from(f.predictions));
    expect(g.mean).toEqual(f.mean);
    expect(g.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it(`runs on the DenseNetwork hardware (built-in simulator) with the same counts for the first ${HARDWARE_IMAGES} images`, () => {
    const counts: number[][] = [];
    evaluateSpiking(snn, subsetOf(data.test, HARDWARE_IMAGES), { onImage: (_, c) => counts.push(c) });
    const h = evaluateOnHardware(snn, data.test, { limit: HARDWARE_IMAGES });
    expect(h.results.length).toBe(HARDWARE_IMAGES);
    h.results.forEach((r, n) => {
      expect(r.counts, `image ${n}`).toEqual(counts[n]);
      expect(r.winner, `image ${n}`).toBe(fast.predictions[n]);
      // At least one cycle per input spike plus a marker per step.
      expect(r.cycles).toBeGreaterThan(snn.steps);
    });
  });

  describe.skipIf(!haveTool('verilator'))('on Verilator', () => {
    it(`gives the fast simulator's counts for the first ${VERILATOR_IMAGES} images, taking at least one cycle per input item`, () => {
      const counts: number[][] = [];
      evaluateSpiking(snn, subsetOf(data.test, VERILATOR_IMAGES), { onImage: (_, c) => counts.push(c) });
      const h = evaluateOnHardware(snn, data.test, { limit: VERILATOR_IMAGES, makeSim: (x) => createSimulator(elaborate(DenseNetwork, x.network), 'verilator') });
      expect(h.results.length).toBe(VERILATOR_IMAGES);
      h.results.forEach((r, n) => {
        expect(r.counts, `image ${n}`).toEqual(counts[n]);
        expect(r.winner, `image ${n}`).toBe(fast.predictions[n]);
        const items = encodeImage(imageOf(data.test, n), data.test.ids[n]!, snn.steps, snn.coding).reduce((a, st) => a + st.length + 1, 0);
        expect(r.cycles, `image ${n}`).toBeGreaterThanOrEqual(items);
      });
    });
  });
});

describe('tuneConversion and the network file', () => {
  const tiny: FloatNetwork = { sizes: [3, 2, 2], weights: [Float32Array.from([0.5, -0.25, 1.0, 0.5, -0.75, 0.25]), Float32Array.from([1.0, -0.5, 0.25, 2.0])] };
  const set = { count: 4, side: 1, features: 3, images: Float32Array.from([1, 0.5, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1]), labels: Uint8Array.from([0, 1, 0, 1]), ids: Uint32Array.from([0, 1, 2, 3]) };

  it('tries every grid point and keeps the most accurate', () => {
    const r = tuneConversion(tiny, set, set, { steps: 8, weightBits: 4 }, { percentiles: [100, 50], scales: [[1, 0.5], [1, 2, 0.25]] });
    expect(r.tried.length).toBe(12);
    expect(r.bestAccuracy).toBe(Math.max(...r.tried.map((t) => t.accuracy)));
    const first = r.tried.find((t) => t.accuracy === r.bestAccuracy)!;
    expect(r.bestOptions.percentile).toBe(first.percentile);
    expect(r.bestOptions.thresholdScale).toEqual(first.thresholdScale);
  });

  it('round-trips 12-bit weights (int16) and rejects a damaged file', () => {
    const snn = convertNetwork(tiny, set, { weightBits: 12, steps: 5 });
    const text = serializeSpikingNetwork(snn, { dataset: { name: 'test', downsample: 1, trainFraction: 0.5 } });
    const back = parseSpikingNetwork(text);
    expect(back.snn).toEqual(snn);
    expect(back.provenance.dataset?.name).toBe('test');
    expect(JSON.parse(text).layers[0].weightEncoding).toBe('int16');
    const doc = JSON.parse(text);
    doc.layers[1].weights = doc.layers[1].weights.slice(4);
    expect(() => parseSpikingNetwork(JSON.stringify(doc), 'net.json')).toThrow(/net.json: layers\[1\] weights hold \d+ bytes, expected 2 x 2 x 2/);
    expect(() => parseSpikingNetwork('{"format": "x"}', 'net.json')).toThrow(/not a spikeforge-spiking-network file/);
  });
});
