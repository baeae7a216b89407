// The precompiled skeletons must be the current sources compiled.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPILED_SKELETONS_PATH, compiledSkeletonsSource } from '../../generators/verilog/compile-skeletons.ts';

describe('precompiled Verilog skeletons', () => {
  it('skeletons.compiled.ts is skeletons.ts compiled (else run generators/verilog/compile-skeletons.ts)', () => {
    expect(readFileSync(COMPILED_SKELETONS_PATH, 'utf8')).toBe(compiledSkeletonsSource());
  });
});
