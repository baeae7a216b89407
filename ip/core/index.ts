// The neurosynaptic core IP block: parameters, golden model and hardware.
export * from './params.ts';
export * from './golden.ts';
export * from './hardware.ts';
