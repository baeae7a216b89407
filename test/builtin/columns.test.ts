// runColumns and bind() on the built-in back end (see columns-suite.ts).
import { describe, expect, it } from 'vitest';
import { createBuiltinSimulator } from '../../testbenches/builtin/index.ts';
import { bindingInputCheck, topMask } from '../../testbenches/builtin/columns.ts';
import { columnsSuite } from './columns-suite.ts';

describe('built-in back end: runColumns and bind()', () => {
  columnsSuite((ir) => createBuiltinSimulator(ir), 300);
});

describe('column helpers', () => {
  it('topMask is the valid bits of the top word, for every width', () => {
    for (let w = 1; w <= 130; w++) {
      const bits = w % 32 === 0 ? 32 : w % 32;
      expect(topMask(w), `width ${w}`).toBe(Number((1n << BigInt(bits)) - 1n));
    }
  });

  it('bindingInputCheck rejects exactly the values with bits above their width', () => {
    // Inputs of 1, 31, 32 and 33 bits: words at 0, 1, 2 and 3..4.
    const check = bindingInputCheck(['a', 'b', 'c', 'd'], [1, 31, 32, 33], [0, 1, 2, 3]);
    const buf = Uint32Array.from([1, 0x7fffffff, 0xffffffff, 0xffffffff, 1]);
    expect(() => check(buf)).not.toThrow();
    for (const [at, value, name] of [[0, 2, 'a'], [1, 0x80000000, 'b'], [4, 2, 'd']] as const) {
      const bad = buf.slice();
      bad[at] = value;
      expect(() => check(bad)).toThrow(new RegExp(`input '${name}' is \\d+ bits? wide`));
    }
  });
});
