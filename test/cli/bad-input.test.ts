// Bad input to `spikeforge verilog`: every case exits with 1, names the
// problem and (where there is one) the user's file:line, and leaves the
// working directory exactly as it was: no out/ directory, no partial file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HDL, lineOf, listFiles, removeWorkDirs, spikeforge, workDir, writeFile } from './harness.ts';

afterAll(removeWorkDirs);

const header = `import { Bool, design, SInt, UInt } from '${HDL}';\n`;

interface Case {
  /** Source of design.ts. */
  source: string;
  args?: string[];
  /** Expected message (regex over stderr). */
  message: RegExp;
  /** The diagnostic code and the marker of the line it must name. */
  at?: { code: string; mark: string };
}

/** Runs `spikeforge verilog design.ts` in a fresh directory and checks the failure. */
async function expectRejected(c: Case): Promise<string> {
  const dir = workDir();
  writeFile(dir, 'design.ts', c.source);
  const r = await spikeforge(['verilog', 'design.ts', ...(c.args ?? [])], dir);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(c.message);
  if (c.at) expect(r.stderr).toContain(`design.ts:${lineOf(c.source, c.at.mark)}: error[${c.at.code}]`);
  expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  expect(r.stdout).not.toMatch(/wrote/);
  // Nothing written: not the default out/, not a temp file, nothing at all.
  expect(listFiles(dir)).toEqual(['design.ts']);
  return r.stderr;
}

describe.concurrent('spikeforge verilog rejects bad designs and writes nothing', () => {
  it('width mismatch on assignment', async () => {
    await expectRejected({
      source: `${header}
export const Narrow = design('Narrow', {}, (m) => {
  const a = m.input('a', UInt(8));
  const y = m.output('y', UInt(4));
  y.set(a); // @mark bad
  return { a, y };
});
`,
      message: /expected u4, got 'a' of type u8/,
      at: { code: 'width-mismatch', mark: 'bad' },
    });
  });

  it('operator on operands of different widths', async () => {
    await expectRejected({
      source: `${header}
export const And = design('And', {}, (m) => {
  const a = m.input('a', UInt(8));
  const b = m.input('b', UInt(4));
  const y = m.output('y', UInt(8));
  y.set(a.and(b)); // @mark bad
  return { a, b, y };
});
`,
      message: /u8 and u4/,
      at: { code: 'width-mismatch', mark: 'bad' },
    });
  });

  it('undriven output', async () => {
    await expectRejected({
      source: `${header}
export const Open = design('Open', {}, (m) => {
  const a = m.input('a', Bool());
  const y = m.output('y', Bool());
  const z = m.output('z', Bool()); // @mark bad
  y.set(a);
  return { a, y, z };
});
`,
      message: /output 'z' is never assigned/,
      at: { code: 'undriven', mark: 'bad' },
    });
  });

  it('two drivers: a wire assigned twice outside when', async () => {
    const stderr = await expectRejected({
      source: `${header}
export const Twice = design('Twice', {}, (m) => {
  const a = m.input('a', UInt(4));
  const y = m.output('y', UInt(4));
  const w = m.wire('w', UInt(4));
  w.set(a); // @mark first
  w.set(0); // @mark second
  y.set(w);
  return { a, y };
});
`,
      message: /'w' is assigned twice/,
      at: { code: 'multiple-drivers', mark: 'second' },
    });
    // The first assignment is named too.
    expect(stderr).toMatch(/design\.ts:7: first assignment/);
  });

  it('combinational loop inside a module', async () => {
    const source = `${header}
export const Loop = design('Loop', {}, (m) => {
  const y = m.output('y', Bool());
  const a = m.wire('a', Bool()); // @mark a
  const b = m.wire('b', Bool());
  a.set(b.not());
  b.set(a);
  y.set(a);
  return { y };
});
`;
    const stderr = await expectRejected({ source, message: /combinational loop in module 'Loop'/ });
    expect(stderr).toMatch(/design\.ts:\d+: error\[comb-loop\]/);
    expect(stderr).toContain(`design.ts:${lineOf(source, 'a')}`);
  });

  it('combinational loop through two module instances', async () => {
    const source = `${header}
export const Inv = design('Inv', {}, (m) => {
  const i = m.input('i', Bool());
  const o = m.output('o', Bool());
  o.set(i.not());
  return { i, o };
});

export const Ring = design('Ring', {}, (m) => {
  const y = m.output('y', Bool());
  const a = m.instance('a', Inv); // @mark a
  const b = m.instance('b', Inv); // @mark b
  a.i.set(b.o);
  b.i.set(a.o);
  y.set(a.o);
  return { y };
});
`;
    const stderr = await expectRejected({ source, args: ['--top', 'Ring'], message: /combinational loop in module 'Ring'.*instance 'a'.*instance 'b'/ });
    expect(stderr).toMatch(/design\.ts:\d+: error\[comb-loop\]/);
    expect(stderr).toContain(`design.ts:${lineOf(source, 'a')}`);
    expect(stderr).toContain(`design.ts:${lineOf(source, 'b')}`);
  });

  it('literal that does not fit its type', async () => {
    await expectRejected({
      source: `${header}
export const Big = design('Big', {}, (m) => {
  const y = m.output('y', UInt(8));
  y.set(300); // @mark bad
  return { y };
});
`,
      message: /literal 300 does not fit u8 \(range 0\.\.255\)/,
      at: { code: 'literal-range', mark: 'bad' },
    });
  });

  it('register without reset or initial value', async () => {
    await expectRejected({
      source: `${header}
export const Bare = design('Bare', {}, (m) => {
  const d = m.input('d', UInt(4));
  const q = m.output('q', UInt(4));
  const r = m.reg('r', UInt(4)); // @mark bad
  r.set(d);
  q.set(r);
  return { d, q };
});
`,
      message: /register 'r' has neither a reset value nor an initial value/,
      at: { code: 'no-reset', mark: 'bad' },
    });
  });

  it('memory address of the wrong width', async () => {
    await expectRejected({
      source: `${header}
export const Ram = design('Ram', {}, (m) => {
  const addr = m.input('addr', UInt(8));
  const q = m.output('q', UInt(8));
  const ram = m.memory('ram', { type: UInt(8), depth: 16 });
  q.set(ram.read(addr)); // @mark bad
  return { addr, q };
});
`,
      message: /address of memory 'ram' \(depth 16\) must be u4, got 'addr' of type u8/,
      at: { code: 'memory-address-width', mark: 'bad' },
    });
  });

  it('every error of a design is reported together', async () => {
    const source = `${header}
export const Many = design('Many', {}, (m) => {
  const a = m.input('a', UInt(8));
  const y = m.output('y', UInt(4));
  const z = m.output('z', UInt(8));
  y.set(a); // @mark one
  z.set(256); // @mark two
  return { a, y, z };
});
`;
    const stderr = await expectRejected({ source, message: /2 errors in the design/ });
    expect(stderr).toContain(`design.ts:${lineOf(source, 'one')}: error[width-mismatch]`);
    expect(stderr).toContain(`design.ts:${lineOf(source, 'two')}: error[literal-range]`);
  });

  it('an exception thrown by the design body names its line', async () => {
    await expectRejected({
      source: `${header}
export const Zero = design('Zero', { width: 0 }, (m, p) => {
  const y = m.output('y', UInt(p.width)); // @mark bad
  return { y };
});
`,
      message: /width must be a positive integer, got 0 \(while elaborating design 'Zero'\)/,
      at: { code: 'exception', mark: 'bad' },
    });
  });
});

describe.concurrent('spikeforge verilog rejects bad files and options and writes nothing', () => {
  it('design file missing', async () => {
    const dir = workDir();
    const r = await spikeforge(['verilog', 'missing.ts'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/design file 'missing\.ts' does not exist/);
    expect(listFiles(dir)).toEqual([]);
  });

  it('file that does not parse', async () => {
    await expectRejected({
      source: `${header}
export const Broken = design('Broken', {}, (m) => {
  const y = m.output('y', Bool();  // @mark bad
  return { y };
});
`,
      message: /error\[syntax\]: Expected/,
      at: { code: 'syntax', mark: 'bad' },
    });
  });

  it('file that throws while it is imported', async () => {
    await expectRejected({
      source: `${header}
const table = [1, 2, 3];
if (table.length < 4) throw new Error('table too short'); // @mark bad
export const T = design('T', {}, (m) => ({}));
`,
      message: /table too short/,
      at: { code: 'import', mark: 'bad' },
    });
  });

  it('file exporting no design', async () => {
    await expectRejected({
      source: `${header}
export const width = 8;
export function helper() { return design; }
`,
      message: /'design\.ts' exports no design/,
    });
  });

  it('several designs and no --top: lists them', async () => {
    const stderr = await expectRejected({
      source: `${header}
export const A = design('A', {}, (m) => ({}));
export const B = design('Bee', {}, (m) => ({}));
`,
      message: /exports 2 designs; choose one with --top/,
    });
    expect(stderr).toMatch(/^\s+A$/m);
    expect(stderr).toMatch(/^\s+B \(design 'Bee'\)$/m);
  });

  it('--top naming no design', async () => {
    await expectRejected({
      source: `${header}\nexport const A = design('A', {}, (m) => ({}));\n`,
      args: ['--top', 'Nope'],
      message: /exports no design named 'Nope'/,
    });
  });

  it('unknown --param lists the parameters', async () => {
    await expectRejected({
      source: `${header}\nexport const P = design('P', { width: 8, signed: false }, (m) => ({}));\n`,
      args: ['--param', 'depth=4'],
      message: /design 'P' has no parameter 'depth'[\s\S]*width \(number, default 8\), signed \(boolean, default false\)/,
    });
  });

  it('--param of the wrong type names the parameter, the type and the value', async () => {
    await expectRejected({
      source: `${header}\nexport const P = design('P', { width: 8 }, (m) => ({}));\n`,
      args: ['--param', 'width=wide'],
      message: /parameter 'width' of design 'P' must be a finite number .*got 'wide'/,
    });
  });

  it('--param true/false for a boolean, JSON for an array', async () => {
    const source = `${header}\nexport const P = design('P', { on: true, taps: [1, 2] }, (m) => ({}));\n`;
    await expectRejected({ source, args: ['--param', 'on=yes'], message: /parameter 'on' of design 'P' must be true or false, got 'yes'/ });
    await expectRejected({ source, args: ['--param', 'taps={"a":1}'], message: /parameter 'taps' of design 'P' must be a JSON array .*got '\{"a":1\}'/ });
  });

  it('--out naming a file, not a directory', async () => {
    const dir = workDir();
    writeFile(dir, 'design.ts', `${header}\nexport const C = design('C', {}, (m) => { const y = m.output('y', Bool()); y.set(1); return { y }; });\n`);
    writeFile(dir, 'taken', 'not a directory');
    const r = await spikeforge(['verilog', 'design.ts', '--out', 'taken'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot write 'taken\/C\.v'/);
    expect(listFiles(dir)).toEqual(['design.ts', 'taken']);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
