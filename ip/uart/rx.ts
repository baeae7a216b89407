// The UART receiver (8N1). The pin goes through a two-flop synchroniser; a
// low level in idle starts a frame, the start bit is checked half a bit
// later (a shorter glitch is ignored), and each data bit and the stop bit are
// sampled in their middle, every clocksPerBit clocks. A stop bit of 0 is a
// framing error: `frame_error` pulses, the byte is dropped, and the receiver
// waits for the line to go high again (a break does not make more frames).
// Received bytes leave on a valid/ready stream with one holding register; a
// byte that completes while the previous one is still held is dropped and
// `overrun` pulses.
import { Bool, design, flip, UInt, type InputPort, type OutputPort } from '../../hdl/index.ts';
import { reportParamErrors } from '../param-errors.ts';
import { counterWidth, defaultUartParams, uartTiming, validateUartParams, type UartParams } from './params.ts';

export interface UartRxPorts {
  /** The serial input pin (idles high). */
  rx: InputPort;
  out_valid: OutputPort;
  out_ready: InputPort;
  out_data: OutputPort;
  /** One-cycle pulse: a frame ended with a stop bit of 0; its byte was dropped. */
  frame_error: OutputPort;
  /** One-cycle pulse: a byte arrived while the previous one was still waiting; the new byte was dropped. */
  overrun: OutputPort;
}

const IDLE = 0;
const START = 1;
const DATA = 2;
const STOP = 3;
const WAIT_HIGH = 4;

export const UartRx = design(
  'UartRx',
  defaultUartParams as UartParams,
  (m, p): UartRxPorts => {
    const bad = reportParamErrors(m, 'uart-params', 'UartRx', validateUartParams(p));
    const cpb = bad ? 4 : uartTiming(p).clocksPerBit;
    const half = Math.floor(cpb / 2);
    const cw = counterWidth(cpb);

    const rx = m.input('rx', Bool());
    const out = m.output('out', { valid: Bool(), ready: flip(Bool()), data: UInt(8) });
    const frameError = m.output('frame_error', Bool());
    const overrun = m.output('overrun', Bool());

    // Two flops against metastability: the pin is asynchronous to the clock.
    const meta = m.reg('rx_meta', Bool(), { init: 1 });
    const line = m.reg('rx_sync', Bool(), { init: 1 });
    meta.set(rx);
    line.set(meta);

    const state = m.reg('state', UInt(3), { reset: IDLE });
    const count = m.reg('count', UInt(cw), { reset: 0 });
    const bitIndex = m.reg('bit_index', UInt(3), { reset: 0 });
    const shift = m.reg('shift', UInt(8), { reset: 0 });
    const valid = m.reg('valid', Bool(), { reset: 0 });
    const data = m.reg('data', UInt(8), { reset: 0 });
    const ferr = m.reg('frame_error_q', Bool(), { reset: 0 });
    const ovr = m.reg('overrun_q', Bool(), { reset: 0 });

    const sample = m.let('sample', count.eq(0));
    const taken = valid.and(out.ready);
    m.when(taken, () => valid.set(0));
    ferr.set(0);
    ovr.set(0);
    m.when(count.ne(0), () => count.set(count.subWrap(1)));

    m.switch(state)
      .is(IDLE, () => {
        m.when(line.not(), () => {
          state.set(START);
          count.set(half - 1);
        });
      })
      .is(START, () => {
        m.when(sample, () => {
          m.when(line.not(), () => {
            state.set(DATA);
            count.set(cpb - 1);
            bitIndex.set(0);
          }).otherwise(() => state.set(IDLE));
        });
      })
      .is(DATA, () => {
        m.when(sample, () => {
          shift.set(line.cat(shift.slice(7, 1)));
          count.set(cpb - 1);
          bitIndex.set(bitIndex.addWrap(1));
          m.when(bitIndex.eq(7), () => state.set(STOP));
        });
      })
      .is(STOP, () => {
        m.when(sample, () => {
          m.when(line, () => {
            state.set(IDLE);
            // The holding register is free, or is being emptied on this edge.
            m.when(valid.not().or(out.ready), () => {
              valid.set(1);
              data.set(shift);
            }).otherwise(() => ovr.set(1));
          }).otherwise(() => {
            state.set(WAIT_HIGH);
            ferr.set(1);
          });
        });
      })
      .default(() => {
        m.when(line, () => state.set(IDLE));
      });

    out.valid.set(valid);
    out.data.set(data);
    frameError.set(ferr);
    overrun.set(ovr);
    return { rx, out_valid: out.valid, out_ready: out.ready, out_data: out.data, frame_error: frameError, overrun };
  },
  { doc: 'UART receiver, 8N1: two-flop synchroniser, mid-bit sampling, framing-error and overrun flags, valid/ready byte output.' },
);
