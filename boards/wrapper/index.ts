// The board wrapper: a board top around a spiking core (clock and PLL, reset
// synchroniser, UART spike bridge, activity LEDs), and the iCE40 PLL
// calculation. docs/board-top.md.
export * from './board-top.ts';
export * from './ice40-pll.ts';
export * from './pll.ts';
export { ClockDomain } from './domain.ts';
export { buildSystemReset } from './reset.ts';
export { heartbeat, ledTimeBase, stretchPulse, LED_COUNTER_BITS, type LedTimeBase } from './leds.ts';
