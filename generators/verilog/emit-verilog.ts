// A whole design as one Verilog-2005 file: a header naming the generator, the
// top and where every module came from, then the modules, children first.
// Nothing in it depends on time, paths or the machine: the same IR gives the
// same bytes.
import { DiagnosticSink } from '../../hdl/diagnostics.ts';
import { UNKNOWN_LOC, type IrDesign } from '../../hdl/ir.ts';
import { commentText, paramsComment } from './canonical-json.ts';
import { moduleText } from './emit-module.ts';
import { verilogModuleNames } from './names.ts';
import { buildView } from './netlist.ts';
import { renderFile } from './templates.ts';

export interface EmitVerilogOptions {
  /** Who generated the file, e.g. 'spikeforge 0.1.0'; goes into the header. */
  generatorInfo?: string;
}

export const DEFAULT_GENERATOR = 'spikeforge generators/verilog';

/** Verilog for every module of the design. Throws DesignError (all problems at once) on malformed IR. */
export function emitVerilog(design: IrDesign, opts: EmitVerilogOptions = {}): string {
  const sink = new DiagnosticSink();
  if (!design.modules.some((m) => m.name === design.top)) {
    sink.error('verilog-no-top', `the design has no module named '${design.top}' (its top)`, UNKNOWN_LOC);
  }
  // Black boxes (vendor primitives) come from the vendor's library, not from us.
  const own = design.modules.filter((m) => !m.blackbox);
  const views = own.map((m) => buildView(m, design, sink));
  sink.throwIfAny();
  const vnames = verilogModuleNames(design);
  return renderFile({
      generator: commentText(opts.generatorInfo ?? DEFAULT_GENERATOR),
      top: vnames.get(design.top)!,
      modules: design.modules.map((m) => ({
        name: vnames.get(m.name)!,
        origin: m.blackbox ? 'black box (vendor primitive, not emitted)' : `${commentText(m.origin.design)} ${paramsComment(m.origin.params)}`,
      })),
      bodies: views.map((v) => moduleText(v, v.mod.name !== design.top, vnames)),
  });
}
