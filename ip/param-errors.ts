// Parameter errors of the IP blocks name the parameter and point at the
// user's line: the elaborate() or instance() call that chose the parameters,
// not the line of the IP library that noticed the problem. Frames under hdl/
// and ip/ (and node_modules) are skipped, so a layer inside a network reports
// at the line that built the network.
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callerLoc, type ModuleBuilder, type SourceLoc } from '../hdl/index.ts';

const IP_DIR = dirname(fileURLToPath(import.meta.url)) + sep;
const HDL_DIR = fileURLToPath(new URL('../hdl/', import.meta.url));
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** The first stack frame outside hdl/, ip/ and node_modules. */
export function paramLoc(): SourceLoc {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const f = FRAME.exec(line);
    if (!f) continue;
    const file = f[1]!.startsWith('file://') ? fileURLToPath(f[1]!) : f[1]!;
    if (file.startsWith('node:') || file.includes(`${sep}node_modules${sep}`) || file.startsWith(HDL_DIR) || file.startsWith(IP_DIR)) continue;
    const rel = relative(process.cwd(), file);
    return { file: (rel.startsWith('..') ? file : rel).split(sep).join('/'), line: Number(f[2]), column: Number(f[3]) };
  }
  return callerLoc();
}

/** Reports each "param: message" as a design error of `code`; true when there was any. */
export function reportParamErrors(m: ModuleBuilder, code: string, design: string, errs: readonly string[]): boolean {
  if (errs.length === 0) return false;
  const loc = paramLoc();
  for (const e of errs) m.report(code, `${design} parameter ${e}`, loc);
  return true;
}

/** Throws a RangeError listing every "param: message" (golden models). */
export function assertNoParamErrors(what: string, errs: readonly string[]): void {
  if (errs.length > 0) throw new RangeError(`invalid ${what} parameters:\n  ${errs.join('\n  ')}`);
}

export function isPositiveInt(x: unknown, max = Number.MAX_SAFE_INTEGER): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 1 && x <= max;
}

