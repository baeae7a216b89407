// The user's file:line for every IR node, taken from the call stack: the first
// frame outside the language library itself.
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNKNOWN_LOC, type SourceLoc } from './ir.ts';

const HDL_DIR = dirname(fileURLToPath(import.meta.url)) + sep;
const captured: { stack?: string } = {};
const extraSkips: string[] = [];

/** Library folders whose frames are skipped too (e.g. a helper layer over hdl/). */
export function skipFramesUnder(dir: string): void {
  extraSkips.push(dir.endsWith(sep) ? dir : dir + sep);
}

// The formatted stack is parsed rather than raw call sites: whoever runs the
// code (tsx, vitest) maps the formatted frames back to the TypeScript source.
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

function frames(): string[] {
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 24;
  Error.captureStackTrace(captured, callerLoc);
  const text = captured.stack as unknown as string;
  captured.stack = undefined;
  Error.stackTraceLimit = savedLimit;
  return text.split('\n');
}

function isLibraryFrame(file: string): boolean {
  if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`)) return true;
  if (file.startsWith(HDL_DIR)) return true;
  for (const d of extraSkips) if (file.startsWith(d)) return true;
  return false;
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}

/** Location of the nearest caller outside hdl/. */
export function callerLoc(): SourceLoc {
  for (const f of frames()) {
    const m = FRAME.exec(f);
    if (!m) continue;
    const path = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (isLibraryFrame(path)) continue;
    return { file: displayPath(path), line: Number(m[2]), column: Number(m[3]) };
  }
  return UNKNOWN_LOC;
}
