// The user's file:line for every IR node, taken from the call stack: the first
// frame outside the language library itself.
//
// Capturing structured call sites is cheap; turning a generated position into
// the TypeScript one is not (tsx maps through a loader thread, vitest through
// its own stack formatter). A design repeats the same few call positions
// thousands of times, so each raw position is mapped once and cached.
import { findSourceMap, type SourceMap } from 'node:module';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNKNOWN_LOC, type SourceLoc } from './ir.ts';

const HDL_DIR = dirname(fileURLToPath(import.meta.url)) + sep;
const extraSkips: string[] = [];
const sourceMaps = new Map<string, SourceMap | null>();
const holder: { stack?: unknown } = {};
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** What is known about one script, by the name its call sites give. */
interface ScriptInfo {
  name: string;
  /** A frame of the language library (skipped), or of the user's design. */
  library: boolean;
  /** Mapped locations by source position (the call site's character offset in the script). */
  byPos: Map<number, SourceLoc>;
}
const scripts = new Map<string, ScriptInfo>();
/** The script of the last user frame: a design's calls mostly come from one file, so most captures skip the map. */
let lastScript: ScriptInfo | null = null;

/** Library folders whose frames are skipped too (e.g. a helper layer over hdl/). */
export function skipFramesUnder(dir: string): void {
  extraSkips.push(dir.endsWith(sep) ? dir : dir + sep);
  for (const [name, info] of scripts) info.library = isLibraryFile(name);
}

function scriptInfo(name: string): ScriptInfo {
  let info = scripts.get(name);
  if (info === undefined) scripts.set(name, (info = { name, library: isLibraryFile(name), byPos: new Map() }));
  return info;
}

function toPath(name: string): string {
  return name.startsWith('file://') ? fileURLToPath(name) : name;
}

function isLibraryFile(name: string): boolean {
  const file = toPath(name);
  return file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`) || file.startsWith(HDL_DIR) || extraSkips.some((d) => file.startsWith(d));
}

function displayPath(name: string): string {
  const file = toPath(name);
  const rel = relative(process.cwd(), file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}

function sourceMapFor(name: string): SourceMap | null {
  let sm = sourceMaps.get(name);
  if (sm === undefined) {
    try {
      sm = findSourceMap(name) ?? null;
    } catch {
      sm = null;
    }
    sourceMaps.set(name, sm);
  }
  return sm;
}

type Prepare = (err: Error, sites: NodeJS.CallSite[]) => unknown;

/** The TypeScript position of one call site. */
function mapSite(site: NodeJS.CallSite, name: string, outer: Prepare | undefined): SourceLoc {
  const line = site.getLineNumber() ?? 0;
  const column = site.getColumnNumber() ?? 0;
  const sm = sourceMapFor(name);
  if (sm) {
    const e = sm.findEntry(line - 1, column - 1) as { originalLine?: number; originalColumn?: number; originalSource?: string };
    if (e && typeof e.originalLine === 'number') {
      return { file: displayPath(e.originalSource ?? name), line: e.originalLine + 1, column: (e.originalColumn ?? 0) + 1 };
    }
  }
  if (outer) {
    // A test runner's formatter knows its own source maps: ask it for this one frame.
    const text = String(outer(new Error(), [site]));
    for (const l of text.split('\n')) {
      const m = FRAME.exec(l);
      if (m) return { file: displayPath(m[1]!), line: Number(m[2]), column: Number(m[3]) };
    }
  }
  return { file: displayPath(name), line, column };
}

const structured: Prepare = (_e, cs) => cs;

/** The first user frame's location among captured call sites (null when all are the library's). */
function userSite(sites: NodeJS.CallSite[], outer: Prepare | undefined): SourceLoc | null {
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    const name = site.getFileName();
    if (!name) continue;
    const info = lastScript !== null && lastScript.name === name ? lastScript : scriptInfo(name);
    if (info.library) continue;
    lastScript = info;
    // The character offset identifies the call site within its script; line
    // and column are worked out (and mapped) once per site.
    const pos = site.getPosition();
    let loc = info.byPos.get(pos);
    if (!loc) {
      loc = mapSite(site, name, outer);
      info.byPos.set(pos, loc);
    }
    return loc;
  }
  return null;
}

// Around Error.captureStackTrace, called by the capturing function itself:
// structured call sites, at most `limit` frames, the user's settings restored
// after. (Not a wrapper around the capture: every frame between it and the
// user's costs time, V8 walks and describes it.)
let savedLimit = 0;
function beginCapture(limit: number): Prepare | undefined {
  const outer = Error.prepareStackTrace as Prepare | undefined;
  savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = limit;
  Error.prepareStackTrace = structured;
  return outer;
}
function endCapture(outer: Prepare | undefined): NodeJS.CallSite[] {
  const sites = holder.stack as NodeJS.CallSite[];
  holder.stack = undefined;
  (Error as { prepareStackTrace?: Prepare }).prepareStackTrace = outer;
  Error.stackTraceLimit = savedLimit;
  return sites;
}

function capture(above: Function, limit: number): SourceLoc | null {
  const outer = beginCapture(limit);
  Error.captureStackTrace(holder, above);
  return userSite(endCapture(outer), outer);
}

/**
 * Location of the nearest caller outside hdl/. `above` is the outermost
 * library function on the stack, when known: frames from there down are
 * skipped without being captured, which keeps the common case to one frame.
 */
export function callerLoc(above?: Function): SourceLoc {
  if (above !== undefined) {
    // The common case, captured here rather than in capture(): one frame less to walk.
    const outer = beginCapture(1);
    Error.captureStackTrace(holder, above);
    return userSite(endCapture(outer), outer) ?? capture(above, 40) ?? UNKNOWN_LOC;
  }
  // Usually the user's frame is the one after our caller.
  return capture(callerLoc, 2) ?? capture(callerLoc, 40) ?? UNKNOWN_LOC;
}
