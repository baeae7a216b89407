// The Neuron of every preset emits Verilog with the documented ports, and
// that Verilog passes `verilator --lint-only -Wall` when Verilator is present.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elaborate } from '../../../hdl/index.ts';
import { emitVerilog } from '../../../generators/verilog/index.ts';
import { Neuron, neuronPresets } from '../../../ip/neuron/index.ts';
import { haveTool } from '../../../testbenches/tools.ts';

const presets = Object.entries(neuronPresets);

describe('Verilog of the Neuron presets', () => {
  for (const [name, spec] of presets) {
    it(`${name}: ports and deterministic text`, () => {
      const text = emitVerilog(elaborate(Neuron, spec));
      expect(text).toMatch(/module Neuron \(/);
      expect(text).toMatch(/input wire step\b/);
      expect(text).toMatch(new RegExp(`input wire signed \\[${spec.inputWidth - 1}:0\\] input_`));
      expect(text).toMatch(/output wire spike\b/);
      expect(text).toMatch(new RegExp(`output wire ${spec.signed ? 'signed ' : ''}\\[${spec.width - 1}:0\\] v\\b`));
      expect(text.includes('time_ref')).toBe(spec.leakOn === 'timeRef');
      expect(/output wire signed \[\d+:0\] u\b/.test(text)).toBe(spec.kind === 'cuba');
      expect(emitVerilog(elaborate(Neuron, spec))).toBe(text);
    });
  }

  describe.skipIf(!haveTool('verilator'))('verilator --lint-only -Wall', () => {
    for (const [name, spec] of presets) {
      it(`${name} lints clean`, () => {
        const dir = mkdtempSync(join(tmpdir(), 'spikeforge-neuron-'));
        try {
          writeFileSync(join(dir, 'Neuron.v'), emitVerilog(elaborate(Neuron, spec)));
          let out = '';
          try {
            out = execFileSync('verilator', ['--lint-only', '-Wall', 'Neuron.v'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          } catch (e) {
            const x = e as { stdout?: string; stderr?: string };
            expect.fail(`verilator reports for ${name}:\n${x.stderr ?? ''}${x.stdout ?? ''}`);
          }
          expect(out).toBe('');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
});
