// AER (address-event representation) IP: encoder (spike lines to an address
// stream, round-robin, no lost spikes under back-pressure), decoder, the FIFO
// and the priority encoders they are built from, and their golden models.
export * from './params.ts';
export * from './fifo.ts';
export * from './priority-encoder.ts';
export * from './encoder.ts';
export * from './decoder.ts';
export * from './golden.ts';
export { paramLoc, reportParamErrors, assertNoParamErrors } from '../param-errors.ts';
