// The spikeforge hardware language: types, values, signals, modules, designs.
export * from './types.ts';
export * from './ir.ts';
export * from './diagnostics.ts';
export { Vec, priority, choose, BOOL, type Operand, type Rounding, type Overflow } from './vec.ts';
export { Bits, BitsError } from './bits.ts';
export { Signal, InputPort, OutputPort, Assignable, Wire, Reg, InstanceInput } from './signal.ts';
export { ModuleBuilder, Memory, WhenChain, SwitchBuilder, type PortOptions, type InstanceOptions, type RegOptions, type MemoryOptions, type ResetStyle } from './module.ts';
export { Flip, flip, isFlip, stream, isHwType, type BundleSpec, type PortsOf } from './bundle.ts';
export { design, primitive, isDesign, type Design, type InstanceSide } from './design.ts';
export { elaborate, resolveParams, Elaboration, type ElaborateOptions } from './elaboration.ts';
export { canonicalJson, type CanonicalJsonOptions } from './canonical-json.ts';
export { callerLoc, skipFramesUnder } from './source-location.ts';
