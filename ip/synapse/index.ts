// The synapse IP block: packed weight memories with a sign rule, delay ring
// buffers, their golden models and the one parameter type each shares.
export * from './spec.ts';
export * from './layout.ts';
export * from './golden.ts';
export * from './weight-memory.ts';
export * from './delay-buffer.ts';
