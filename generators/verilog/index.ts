// Verilog generator: IR in, Verilog-2005 text out.
export { emitVerilog, DEFAULT_GENERATOR, type EmitVerilogOptions } from './emit-verilog.ts';
export { emitModule } from './emit-module.ts';
export {
  legaliseIdentifier,
  verilogModuleNames,
  verilogNames,
  verilogNetNames,
  Namespace,
  type VerilogModuleNames,
} from './names.ts';
export { RESERVED_WORDS, isReservedWord } from './keywords.ts';
export { literal } from './literals.ts';
export { canonicalJson } from './canonical-json.ts';
