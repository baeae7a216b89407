// The IP timing diagrams of `npm run docs`: one diagram rendered into a
// temporary directory is a well-formed SVG that names the block's signals,
// two runs give the same bytes, and a run that leaves its golden model is
// reported and not written.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ipDiagrams } from '../../bin/ip-diagrams/index.ts';
import { generateDiagrams } from '../../bin/ip-diagrams/generate.ts';
import { expectEqual, GoldenMismatchError, type IpDiagram } from '../../bin/ip-diagrams/diagram.ts';
import { neuronDiagram } from '../../bin/ip-diagrams/neuron.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spikeforge-docs-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Element names of an XML text that must nest properly; returns the problem or null. */
function xmlProblem(text: string): string | null {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(text); m !== null; m = tag.exec(text)) {
    if (text.slice(last, m.index).includes('<')) return `unparsed markup before offset ${m.index}`;
    last = tag.lastIndex;
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) return `</${name}> at offset ${m.index} closes the wrong element`;
  }
  if (text.slice(last).includes('<')) return 'unparsed markup at the end';
  return stack.length === 0 ? null : `unclosed <${stack.join('>, <')}>`;
}

/** Text content of the SVG's <text>/<tspan> elements. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<(?:text|tspan)\b[^>]*>([^<]+)</g)].map((m) => m[1]!.trim());
}

describe('npm run docs: IP timing diagrams', () => {
  it('has a diagram for every IP block, each with its own file name', () => {
    const names = ipDiagrams.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const block of ['neuron', 'synapse-delay', 'core', 'dense', 'attention', 'aer-encoder', 'aer-decoder', 'uart-rx', 'uart-tx', 'uart-bridge']) {
      expect(names).toContain(block);
    }
  });

  it('renders the neuron diagram as a well-formed SVG naming its signals, byte-identical on a second run', () => {
    const a = tempDir();
    const b = tempDir();
    const lines: string[] = [];
    const [first] = generateDiagrams([neuronDiagram], { outDir: a, log: (l) => lines.push(l) });
    expect(first!.ok).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/neuron\.svg: .*NeuronModel/);
    const svg = readFileSync(join(a, 'neuron.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(xmlProblem(svg)).toBeNull();
    const labels = texts(svg);
    for (const signal of ['clk', 'step', 'input', 'v', 'spike']) expect(labels).toContain(signal);
    expect(labels.some((t) => t.includes('threshold crossed'))).toBe(true);

    generateDiagrams([neuronDiagram], { outDir: b });
    expect(readFileSync(join(b, 'neuron.svg'))).toEqual(readFileSync(join(a, 'neuron.svg')));
  });

  it('does not write a diagram whose run differs from the golden model, and still writes the others', () => {
    const dir = tempDir();
    const wrong: IpDiagram = {
      name: 'wrong',
      doc: 'neuron.md',
      record() {
        const run = neuronDiagram.record();
        // A checker that expects a value the hardware did not produce.
        expectEqual('wrong', 3, 'v', 999n, 57n);
        return run;
      },
    };
    const lines: string[] = [];
    const out = generateDiagrams([wrong, neuronDiagram], { outDir: dir, log: (l) => lines.push(l) });
    expect(out.map((o) => o.ok)).toEqual([false, true]);
    expect(out[0]!.message).toMatch(/wrong: hardware differs from the golden model at cycle 3: v: golden 999, hardware 57/);
    expect(existsSync(join(dir, 'wrong.svg'))).toBe(false);
    expect(existsSync(join(dir, 'neuron.svg'))).toBe(true);
    expect(lines[0]).toMatch(/FAILED, not written/);
    expect(() => expectEqual('x', 0, 'y', [1n, 2n], [1n, 2n])).not.toThrow();
    expect(() => expectEqual('x', 0, 'y', [1n, 2n], [1n, 3n])).toThrow(GoldenMismatchError);
  });
});
