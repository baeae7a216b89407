// The UART transmitter (8N1). A byte taken from the valid/ready input is
// loaded as a ten-bit frame {stop 1, data, start 0} into a shift register
// whose low bit drives the pin straight from a flop; every clocksPerBit clocks
// the register shifts in a 1. The input is ready when idle and in the last
// clock of a stop bit, so back-to-back bytes leave with no gap between frames.
import { Bool, design, flip, UInt, type InputPort, type OutputPort } from '../../hdl/index.ts';
import { reportParamErrors } from '../param-errors.ts';
import { counterWidth, defaultUartParams, uartTiming, validateUartParams, type UartParams } from './params.ts';

export interface UartTxPorts {
  in_valid: InputPort;
  in_ready: OutputPort;
  in_data: InputPort;
  /** The serial output pin (idles high). */
  tx: OutputPort;
  /** A frame is on the line. */
  busy: OutputPort;
}

export const UartTx = design(
  'UartTx',
  defaultUartParams as UartParams,
  (m, p): UartTxPorts => {
    const bad = reportParamErrors(m, 'uart-params', 'UartTx', validateUartParams(p));
    const cpb = bad ? 4 : uartTiming(p).clocksPerBit;
    const cw = counterWidth(cpb);

    const inp = m.input('in', { valid: Bool(), ready: flip(Bool()), data: UInt(8) });
    const tx = m.output('tx', Bool());
    const busy = m.output('busy', Bool());

    const frame = m.reg('frame', UInt(10), { reset: 0x3ff, init: 0x3ff });
    const active = m.reg('active', Bool(), { reset: 0 });
    const count = m.reg('count', UInt(cw), { reset: 0 });
    const bitsLeft = m.reg('bits_left', UInt(4), { reset: 0 });

    const bitEnd = m.let('bit_end', count.eq(0));
    const lastClock = m.let('last_clock', active.and(bitEnd).and(bitsLeft.eq(0)));
    const ready = m.let('ready', active.not().or(lastClock));
    const accept = inp.valid.and(ready);

    m.when(active, () => {
      m.when(bitEnd, () => {
        m.when(bitsLeft.eq(0), () => active.set(0)).otherwise(() => {
          frame.set(frame.lit(1, UInt(1)).cat(frame.slice(9, 1)));
          count.set(cpb - 1);
          bitsLeft.set(bitsLeft.subWrap(1));
        });
      }).otherwise(() => count.set(count.subWrap(1)));
    });
    m.when(accept, () => {
      frame.set(frame.lit(1, UInt(1)).cat(inp.data, frame.lit(0, UInt(1))));
      active.set(1);
      count.set(cpb - 1);
      bitsLeft.set(9);
    });

    inp.ready.set(ready);
    tx.set(frame.bit(0));
    busy.set(active);
    return { in_valid: inp.valid, in_ready: inp.ready, in_data: inp.data, tx, busy };
  },
  { doc: 'UART transmitter, 8N1: valid/ready byte input, registered pin output, back-to-back frames.' },
);
