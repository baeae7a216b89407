// Skeletons of the Verilog file and of one module (header, port list,
// declarations, sections). The statements themselves are printed in
// TypeScript and dropped in as text. The skeletons' sources are in
// skeletons.ts; what runs is their precompiled form (skeletons.compiled.ts).
// The runtime alone: nothing is compiled at run time (the compiler would add ~50 ms of loading).
import type HandlebarsApi from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime.js';
import { FILE_SPEC, MODULE_SPEC } from './skeletons.compiled.ts';

// The runtime is the full library minus the compiler (its typings do not say so).
const hb = (HandlebarsRuntime as unknown as typeof HandlebarsApi).create();

export interface FileView {
  generator: string;
  top: string;
  modules: { name: string; origin: string }[];
  bodies: string[];
}

export interface PortView {
  /** Lint waiver lines around this port, if any. */
  before: string[];
  after: string[];
  decl: string;
  comma: string;
  loc: string;
}

export interface SectionView {
  title: string;
  /** The section's lines, each ending in a newline. */
  text: string;
}

export interface ModuleView {
  comments: string[];
  /** Wrap the module header in a DECLFILENAME lint waiver (every module but the top of a multi-module file). */
  waiveFileName: boolean;
  name: string;
  ports: PortView[];
  /** Declaration lines (indented), each ending in a newline. */
  declarations: string;
  sections: SectionView[];
}

/** Declarations after an empty line, then each section after an empty line under its title. */
function moduleBody(v: ModuleView): string {
  // Concatenated (V8 keeps the big parts as they are until the text is written out) rather than joined.
  let body = v.declarations !== '' ? '\n' + v.declarations : '';
  for (const s of v.sections) body += `\n  // ${s.title}\n` + s.text;
  return body;
}

const fileTemplate = hb.template<FileView>(FILE_SPEC);
const moduleTemplate = hb.template<Omit<ModuleView, 'declarations' | 'sections'> & { body: string }>(MODULE_SPEC);

export function renderFile(v: FileView): string {
  return fileTemplate(v);
}

export function renderModule(v: ModuleView): string {
  return moduleTemplate({ comments: v.comments, waiveFileName: v.waiveFileName, name: v.name, ports: v.ports, body: moduleBody(v) });
}
