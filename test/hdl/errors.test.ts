// Bad designs: every error names the problem and the user's file:line, and
// all errors of a design are reported together.
import { describe, expect, it } from 'vitest';
import { Assignable, Bool, design, DesignError, elaborate, SInt, UInt, type Design, type Diagnostic } from '../../hdl/index.ts';
import { markerLines } from './markers.ts';

const line = markerLines(import.meta.url);
const FILE = 'test/hdl/errors.test.ts';

function diagnosticsOf(d: Design, params: object = {}): Diagnostic[] {
  try {
    elaborate(d, params);
  } catch (e) {
    if (e instanceof DesignError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected the design to be rejected');
}

function expectOne(d: Design, code: string, message: RegExp, mark: string): Diagnostic {
  const ds = diagnosticsOf(d);
  const hit = ds.find((x) => x.code === code);
  expect(hit, `diagnostics: ${ds.map((x) => x.code + ' ' + x.message).join('; ')}`).toBeDefined();
  expect(hit!.message).toMatch(message);
  expect(hit!.loc.file).toBe(FILE);
  expect(hit!.loc.line).toBe(line(mark));
  return hit!;
}

describe('bad designs', () => {
  it('width mismatch on assignment', () => {
    const d = design('W', {}, (m) => {
      const a = m.input('a', UInt(8));
      const y = m.output('y', UInt(4));
      y.set(a); // @mark assign-width
      return {};
    });
    expectOne(d, 'width-mismatch', /assignment to 'y': expected u4, got 'a' of type u8/, 'assign-width');
  });

  it('operator on mismatched widths', () => {
    const d = design('W', {}, (m) => {
      const a = m.input('a', UInt(8));
      const b = m.input('b', UInt(4));
      const y = m.output('y', UInt(8));
      y.set(a.and(b)); // @mark op-width
      return {};
    });
    expectOne(d, 'width-mismatch', /and: operands must have the same type, got u8 and u4/, 'op-width');
  });

  it('undriven output', () => {
    const d = design('U', {}, (m) => {
      m.output('never', UInt(3)); // @mark undriven
      return {};
    });
    expectOne(d, 'undriven', /output 'never' is never assigned/, 'undriven');
  });

  it('two drivers', () => {
    const d = design('D', {}, (m) => {
      const a = m.input('a', UInt(2));
      const y = m.output('y', UInt(2));
      y.set(a); // @mark first-driver
      y.set(0); // @mark second-driver
      return {};
    });
    const diag = expectOne(d, 'multiple-drivers', /'y' is assigned twice outside any when block; the first assignment is at test\/hdl\/errors\.test\.ts:\d+/, 'second-driver');
    expect(diag.related?.[0]?.loc.line).toBe(line('first-driver'));
  });

  it('literal that does not fit its type', () => {
    const d = design('L', {}, (m) => {
      const y = m.output('y', SInt(4));
      y.set(9); // @mark literal
      return {};
    });
    expectOne(d, 'literal-range', /literal 9 does not fit s4 \(range -8\.\.7\)/, 'literal');
  });

  it('register without reset or initial value', () => {
    const d = design('R', {}, (m) => {
      const y = m.output('y', UInt(4));
      const r = m.reg('state', UInt(4)); // @mark no-reset
      r.set(r.addWrap(1));
      y.set(r);
      return {};
    });
    expectOne(d, 'no-reset', /register 'state' has neither a reset value nor an initial value/, 'no-reset');
  });

  it('memory address of the wrong width', () => {
    const d = design('M', {}, (m) => {
      const a = m.input('addr', UInt(5));
      const y = m.output('y', UInt(8));
      const mem = m.memory('table', { type: UInt(8), depth: 64 });
      y.set(mem.read(a, { sync: false })); // @mark mem-addr
      return {};
    });
    expectOne(d, 'memory-address-width', /address of memory 'table' \(depth 64\) must be u6, got 'addr' of type u5/, 'mem-addr');
  });

  it('a wire assigned on some paths only (would be a latch)', () => {
    const d = design('P', {}, (m) => {
      const c = m.input('c', Bool());
      const w = m.wire('w', UInt(4));
      m.when(c, () => w.set(1)); // @mark partial
      const y = m.output('y', UInt(4));
      y.set(w);
      return {};
    });
    expectOne(d, 'incomplete-assignment', /'w' is not assigned on every path/, 'partial');
  });

  it('driving an input from inside the module', () => {
    const d = design('I', {}, (m) => {
      const a = m.input('a', UInt(2));
      (a as unknown as { set(v: number): void }).set?.(1);
      return {};
    });
    // Inputs have no set() at all: the type system already forbids it.
    expect(() => elaborate(d)).not.toThrow(TypeError);
  });

  it('collects every error of a design into one report', () => {
    const d = design('Many', {}, (m) => {
      const a = m.input('a', UInt(8));
      const y = m.output('y', UInt(4));
      y.set(a); // @mark many-1
      m.output('z', UInt(1)); // @mark many-2
      m.reg('r', UInt(2)); // @mark many-3
      return {};
    });
    const ds = diagnosticsOf(d);
    const lines = ds.map((x) => x.loc.line).sort((p, q) => p - q);
    expect(lines).toEqual(expect.arrayContaining([line('many-1'), line('many-2'), line('many-3')]));
    try {
      elaborate(d);
    } catch (e) {
      expect((e as Error).message).toMatch(/errors in design/);
      expect((e as Error).message).toContain(`${FILE}:${line('many-1')}`);
    }
  });
});

describe('parameters', () => {
  const P = design('P', { width: 8, name: 'x' }, (m, p) => {
    const y = m.output('y', UInt(p.width));
    y.set(0);
    return {};
  });
  it('rejects an unknown parameter, listing the known ones', () => {
    expect(() => elaborate(P, { depth: 3 } as never)).toThrow(/design 'P' has no parameter 'depth' \(parameters: width, name\)/);
  });
  it('rejects a parameter of the wrong type', () => {
    expect(() => elaborate(P, { width: 'wide' } as never)).toThrow(/parameter 'width' of design 'P' must be a number, got string "wide"/);
  });
});

describe('assignments inside when blocks', () => {
  // Their location is taken only when an error needs it: it must still be the assignment's line.
  it('a width mismatch points at the assignment', () => {
    const d = design('WW', {}, (m) => {
      const c = m.input('c', Bool());
      const a = m.input('a', UInt(8));
      const y = m.output('y', UInt(4));
      y.set(0);
      m.when(c, () => {
        y.set(a); // @mark when-width
      });
      return {};
    });
    expectOne(d, 'width-mismatch', /assignment to 'y': expected u4, got 'a' of type u8/, 'when-width');
  });

  it('a literal out of range points at the assignment', () => {
    const d = design('WL', {}, (m) => {
      const c = m.input('c', Bool());
      const y = m.output('y', SInt(4));
      y.set(0);
      m.when(c, () => {
        y.set(12); // @mark when-literal
      });
      return {};
    });
    expectOne(d, 'literal-range', /literal 12 does not fit s4/, 'when-literal');
  });

  it('driving an input points at the assignment', () => {
    const d = design('WI', {}, (m) => {
      const c = m.input('c', Bool());
      const a = m.input('a', UInt(2));
      m.when(c, () => {
        Assignable.prototype.set.call(a as unknown as Assignable, 1); // @mark when-input
      });
      return {};
    });
    expectOne(d, 'drives-input', /'a' is an input and cannot be assigned/, 'when-input');
  });
});
