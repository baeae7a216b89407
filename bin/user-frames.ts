// Finding the user's file:line in an error thrown while importing or running
// a design file: the first stack frame outside Node, node_modules and the
// toolkit's own library folders. tsx maps stack positions back to the .ts
// source, so the line is the one the user sees in the editor.
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLoc } from '../hdl/index.ts';

const PACKAGE_ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Toolkit folders whose frames are never the user's. */
export const LIBRARY_DIRS = ['hdl', 'bin', 'generators', 'boards', 'testbenches'].map((d) => join(PACKAGE_ROOT, d) + sep);

/** A path as the diagnostics print it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') || rel === '' ? file : rel).split(sep).join('/');
}

function isLibraryFile(file: string): boolean {
  if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`)) return true;
  return LIBRARY_DIRS.some((d) => file.startsWith(d));
}

// "    at fn (/path/file.ts:12:5)" or "    at /path/file.ts:12:5" or "file:///path/file.ts:12:5"
const FRAME = /^\s*at (?:.*?\()?((?:file:\/\/)?\/[^()]*?|[A-Za-z]:\\[^()]*?):(\d+):(\d+)\)?\s*$/;

/** Every file:line:column in a stack, innermost first. */
export function stackFrames(stack: string | undefined): SourceLoc[] {
  const frames: SourceLoc[] = [];
  for (const line of (stack ?? '').split('\n')) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    frames.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

/** The innermost frame in the user's code (absolute file), or null. */
export function userFrame(error: unknown): SourceLoc | null {
  const stack = error instanceof Error ? error.stack : undefined;
  for (const f of stackFrames(stack)) if (!isLibraryFile(f.file)) return f;
  return null;
}

/** The innermost frame at all, for telling our bugs from the user's. */
export function innermostFrame(error: unknown): SourceLoc | null {
  return stackFrames(error instanceof Error ? error.stack : undefined)[0] ?? null;
}

export function isLibraryLocation(loc: SourceLoc): boolean {
  return isLibraryFile(loc.file);
}
