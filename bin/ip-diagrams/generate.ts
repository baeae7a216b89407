// Runs IP diagrams and writes their SVGs: each diagram's transaction is
// simulated and checked against the golden model, drawn with WaveDrom and
// written atomically. A diagram whose check fails is not written (a diagram
// of wrong behaviour must not be published); the others still are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderWaveSvg, textWidthPx, traceToWaveJson, type WaveJson } from '../../generators/wavedrom/index.ts';
import { writeFileAtomic } from '../write-atomic.ts';
import type { IpDiagram } from './diagram.ts';

export interface DiagramOutcome {
  name: string;
  path: string;
  ok: boolean;
  /** The SVG text (when ok). */
  svg?: string;
  /** What was checked (when ok), or why it failed. */
  message: string;
  /** The page that should show it does not link `<name>.svg` (only when `docsDir` is given). */
  unlinked?: boolean;
}

export interface GenerateOptions {
  outDir: string;
  /** Where the pages live, to check that each links its diagram; omitted: no check. */
  docsDir?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** The SVG of one diagram: record (and check), convert, render. Throws when the check fails. */
export function renderDiagram(d: IpDiagram): { svg: string; checked: string } {
  const run = d.record();
  // Only the signals a diagram names as spikes are drawn as pulses; handshakes stay levels.
  const json = traceToWaveJson(run.trace, { autoSpikes: false, ...run.options });
  checkTitleFits(d.name, json);
  const svg = renderWaveSvg(json);
  return { svg, checked: run.checked };
}

/** Title size for `textWidthPx`, calibrated on rendered diagrams with a little margin. */
const TITLE_FONT_PX = 12;

/** WaveDrom centres the title over the lanes and clips what sticks out: a title must fit the diagram. */
function checkTitleFits(name: string, json: WaveJson): void {
  const text = json.head?.text;
  if (text === undefined) return;
  const periods = Math.max(...json.signal.map((l) => l.wave?.length ?? 0));
  const room = periods * 40 * json.config.hscale;
  const need = textWidthPx(text, TITLE_FONT_PX);
  if (need > room) throw new Error(`${name}: the title is about ${Math.round(need)} px wide, the diagram ${room} px: WaveDrom would clip it`);
}

export function generateDiagrams(diagrams: readonly IpDiagram[], opts: GenerateOptions): DiagramOutcome[] {
  const log = opts.log ?? (() => {});
  const out: DiagramOutcome[] = [];
  diagrams.forEach((d, i) => {
    const path = join(opts.outDir, `${d.name}.svg`);
    const t = performance.now();
    const head = `[docs ${i + 1}/${diagrams.length}] ${d.name}.svg`;
    try {
      const { svg, checked } = renderDiagram(d);
      writeFileAtomic(path, svg);
      const o: DiagramOutcome = { name: d.name, path, ok: true, svg, message: checked };
      let note = '';
      if (opts.docsDir !== undefined) {
        o.unlinked = !linksTo(join(opts.docsDir, d.doc), `${d.name}.svg`);
        if (o.unlinked) note = ` (warning: ${d.doc} does not link it)`;
      }
      log(`${head}: ${checked}; ${Buffer.byteLength(svg)} bytes in ${((performance.now() - t) / 1000).toFixed(1)} s${note}`);
      out.push(o);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log(`${head}: FAILED, not written: ${message}`);
      out.push({ name: d.name, path, ok: false, message });
    }
  });
  return out;
}

function linksTo(page: string, file: string): boolean {
  try {
    return readFileSync(page, 'utf8').includes(`(${file})`);
  } catch {
    return false;
  }
}
