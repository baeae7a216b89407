// IR passes: text dump, JSON, checks and transforms. Each file holds one concept.
//
// Checks return Diagnostic[] (never throw); every diagnostic points at the
// user's source line of the offending node. Codes:
//   invalid-ir, duplicate-name, unknown-module, missing-init   (checkStructure)
//   width-mismatch, sign-mismatch, unknown-port,
//   port-connected-twice, unconnected-port                     (checkWidths)
//   undriven, multiple-drivers, drives-input                   (checkDrivers)
//   comb-loop                                                  (findCombLoops)
//   clock-domains                                              (checkClocks)
// runChecks runs all of them in that order; assertValid throws one DesignError.
//
// Transforms (foldConstants, removeDeadLogic, uniquifyModules) return a new
// design and never modify their input (the SourceLoc objects, which nobody
// edits, are shared between the two); foldConstants and removeDeadLogic
// take { inPlace: true } from a caller that owns the design and wants it
// transformed where it is (no copy of every net and cell). They expect a design that passes
// checkStructure. evalCell (cell-semantics.ts) is the reference semantics
// of every cell, shared with the simulators and software values.
export { evalCell, toSigned, cellArity, isCellOp, CELL_OPS, type CellParams } from './cell-semantics.ts';
export { dumpIr } from './dump.ts';
export { irToJson, irFromJson, IR_JSON_FORMAT, IR_JSON_VERSION } from './json.ts';
export { checkStructure } from './check-structure.ts';
export { checkWidths } from './check-widths.ts';
export { checkDrivers } from './check-drivers.ts';
export { findCombLoops, combSummaries, type CombSummary } from './comb-loops.ts';
export { clockDomains, checkClocks, type ClockDomain } from './clocks.ts';
export { runChecks, assertValid } from './run-checks.ts';
export { hierarchyOf, tempNameId, type Hierarchy } from './ir-util.ts';
export { foldConstants, type FoldOptions } from './fold-constants.ts';
export { removeDeadLogic, type DeadLogicOptions } from './dead-logic.ts';
export { uniquifyModules } from './uniquify.ts';
