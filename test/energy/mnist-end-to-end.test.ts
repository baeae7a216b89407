// The demo's MNIST run (examples/mnist/end-to-end.ts) on two digits: the
// hardware agrees with the golden model in class counts, winner and every
// activity count, the energy comes from the hardware counts, and the Verilog
// and both diagrams are written.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activityDifferences, energy45nm } from '../../ip/energy/index.ts';
import { runMnistEndToEnd } from '../../examples/mnist/end-to-end.ts';

describe('MNIST end to end (demo)', () => {
  it('runs two digits on the hardware, equal to the golden model, and writes its files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-e2e-'));
    try {
      const lines: string[] = [];
      const r = runMnistEndToEnd({ digits: 2, outDir: dir, log: (l) => lines.push(l) });
      expect(r.digits).toHaveLength(2);
      expect(r.disagreements).toBe(0);
      expect(activityDifferences(r.hardwareActivity, r.goldenActivity)).toEqual([]);
      expect(r.hardwareActivity.inferences).toBe(2);
      // 784-128-10 with 8-bit weights: 32 + 3 weight banks; every inference updates 6 × 138 neurons.
      expect(r.hardwareActivity.memories).toHaveLength(35);
      expect(r.hardwareActivity.neuronUpdates).toBe(2 * 6 * 138);
      expect(r.energy.table).toBe(energy45nm);
      expect(r.energy.perInference.totalPj).toBeCloseTo(r.energy.totalPj / 2, 6);
      expect(r.annMacs).toBe(784 * 128 + 128 * 10);
      expect(r.files.map((f) => f.slice(dir.length + 1))).toEqual(['DenseNetwork.v', 'mnist-input.svg', 'mnist-output.svg']);
      for (const f of r.files) expect(existsSync(f)).toBe(true);
      expect(readFileSync(r.files[1]!, 'utf8')).toMatch(/^<svg/);
      expect(lines.filter((l) => /digit +\d+\/2/.test(l))).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
