// UART IP: an 8N1 receiver and transmitter with valid/ready byte streams,
// their line-level golden models, and the spike bridge that carries AER
// events, ticks and output spikes between a host and a core (packet format:
// packets.ts, docs/ip/uart.md).
export * from './params.ts';
export * from './golden.ts';
export * from './rx.ts';
export * from './tx.ts';
export * from './packets.ts';
export * from './bridge-model.ts';
export * from './bridge.ts';
