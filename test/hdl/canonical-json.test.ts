// Canonical JSON: one writer for parameter keys (hdl) and header comments
// (generators/verilog), in two styles.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../hdl/index.ts';
import { canonicalJson as headerJson, paramsComment } from '../../generators/verilog/canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every level, so equal values give equal text', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('tags bigints by default and prints undefined members as null', () => {
    expect(canonicalJson({ w: 5n, u: undefined, f: () => 1, l: [undefined, -2n] })).toBe('{"f":null,"l":[null,"-2n"],"u":null,"w":"5n"}');
  });

  it('in the header style: plain digits, undefined members left out, ASCII only', () => {
    expect(headerJson({ w: 5n, u: undefined, s: 'ü' })).toBe('{"s":"\\u00fc","w":5}');
    expect(canonicalJson({ w: 5n }, { bigints: 'digits', undefinedMembers: 'omit' })).toBe('{"w":5}');
  });

  it('writes maps as objects, sets as arrays and cycles as a marker', () => {
    const cyc: Record<string, unknown> = { a: 1 };
    cyc.self = cyc;
    expect(canonicalJson(new Map<unknown, unknown>([['z', 1], [2, 'b']]))).toBe('{"2":"b","z":1}');
    expect(canonicalJson(new Set([3, 1]))).toBe('[3,1]');
    expect(canonicalJson(cyc)).toBe('{"a":1,"self":"[circular]"}');
  });

  it('header comments abbreviate long arrays by length and hash', () => {
    const big = { weights: Array.from({ length: 200 }, (_, i) => i) };
    const text = paramsComment(big);
    expect(text).toMatch(/^\{"weights":"<200 items, sha256 [0-9a-f]{12}>"\}$/);
    expect(paramsComment({ weights: [...big.weights] })).toBe(text);
    expect(paramsComment({ weights: big.weights.map((x) => x + 1) })).not.toBe(text);
  });
});
