// Loading a design file: import it (tsx compiles the TypeScript), collect the
// designs it exports and pick one. Every way this can fail is a UserError
// that names the file, and the line when there is one.
import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDesign, type Design } from '../hdl/index.ts';
import { UserError } from './errors.ts';
import { displayPath, userFrame } from './user-frames.ts';

export interface ExportedDesign {
  /** The export's name ('default' for a default export). */
  exportName: string;
  design: Design;
}

export interface DesignFile {
  /** Absolute path. */
  path: string;
  /** Every design the file exports, once each, sorted by export name. */
  designs: ExportedDesign[];
}

/** Absolute path of an existing design file, or a UserError. */
export function resolveDesignPath(file: string | undefined, command: string): string {
  if (!file) throw new UserError(`missing design file`, { details: [`usage: spikeforge ${command} <design.ts> [options]`] });
  const path = resolve(file);
  if (!existsSync(path)) throw new UserError(`design file '${file}' does not exist`);
  if (!statSync(path).isFile()) throw new UserError(`design file '${file}' is not a file`);
  return path;
}

// esbuild (through tsx): "Transform failed with 1 error:\n/path/x.ts:4:11: ERROR: Unexpected ";""
const ESBUILD_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.*)$/;
// Node's own SyntaxError (plain .js files): the stack starts with "/path/x.js:4".
const NODE_SYNTAX_LOC = /^(.+?):(\d+)$/;

/** Turns an error thrown by `import()` into the UserError that explains it. */
function importError(path: string, e: unknown): UserError {
  const message = e instanceof Error ? e.message : String(e);
  const parseErrors = message
    .split('\n')
    .map((l) => ESBUILD_ERROR.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  if (parseErrors.length > 0) {
    const [first, ...rest] = parseErrors;
    return new UserError(first![4]!, {
      cause: e,
      code: 'syntax',
      loc: { file: displayPath(first![1]!), line: Number(first![2]), column: Number(first![3]) },
      details: rest.map((m) => `${displayPath(m[1]!)}:${m[2]}: error[syntax]: ${m[4]}`),
    });
  }
  if (e instanceof SyntaxError) {
    const where = NODE_SYNTAX_LOC.exec((e.stack ?? '').split('\n')[0] ?? '');
    if (where) {
      const file = where[1]!.startsWith('file://') ? fileURLToPath(where[1]!) : where[1]!;
      return new UserError(message, { cause: e, code: 'syntax', loc: { file: displayPath(file), line: Number(where[2]), column: 0 } });
    }
  }
  const frame = userFrame(e);
  const firstLine = message.split('\n')[0]!;
  if (frame) return new UserError(firstLine, { cause: e, code: 'import', loc: { ...frame, file: displayPath(frame.file) } });
  return new UserError(`importing '${displayPath(path)}' failed: ${firstLine}`, { cause: e });
}

/** The designs among a module's exports (ESM named exports, or a CommonJS exports object). */
function exportedDesigns(ns: Record<string, unknown>): ExportedDesign[] {
  const entries: [string, unknown][] = Object.entries(ns);
  const def = ns.default;
  // A file tsx compiled as CommonJS may arrive as { default: module.exports }.
  if (def && typeof def === 'object' && !isDesign(def)) {
    for (const [k, v] of Object.entries(def)) if (!(k in ns)) entries.push([k, v]);
  }
  const seen = new Set<Design>();
  const out: ExportedDesign[] = [];
  for (const [exportName, value] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!isDesign(value) || seen.has(value)) continue;
    seen.add(value);
    out.push({ exportName, design: value });
  }
  return out;
}

let hookRegistered = false;

/** Imports a design file and lists the designs it exports. */
export async function loadDesignFile(path: string): Promise<DesignFile> {
  if (!hookRegistered) {
    // Registered after tsx, so it runs first: .ts files with import/export load as ES modules.
    register('./esm-design-hook.mjs', import.meta.url);
    hookRegistered = true;
  }
  let ns: Record<string, unknown>;
  try {
    ns = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw importError(path, e);
  }
  const designs = exportedDesigns(ns);
  if (designs.length === 0) {
    throw new UserError(`'${displayPath(path)}' exports no design`, {
      details: [`a design file exports values made by design(name, defaults, body), e.g. export const Counter = design('Counter', ...)`],
    });
  }
  return { path, designs };
}

function describe(d: ExportedDesign): string {
  return d.exportName === d.design.name ? d.exportName : `${d.exportName} (design '${d.design.name}')`;
}

/** The design named by --top (export name or design name), or the only one. */
export function pickDesign(file: DesignFile, top: string | undefined): ExportedDesign {
  const list = file.designs.map((d) => `  ${describe(d)}`);
  if (top === undefined) {
    if (file.designs.length === 1) return file.designs[0]!;
    throw new UserError(`'${displayPath(file.path)}' exports ${file.designs.length} designs; choose one with --top <name>`, { details: ['designs:', ...list] });
  }
  const byExport = file.designs.find((d) => d.exportName === top);
  if (byExport) return byExport;
  const byName = file.designs.filter((d) => d.design.name === top);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new UserError(`several exports of '${displayPath(file.path)}' are designs named '${top}'; use the export name`, { details: ['designs:', ...list] });
  throw new UserError(`'${displayPath(file.path)}' exports no design named '${top}'`, { details: ['designs:', ...list] });
}
