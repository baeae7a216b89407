// A synchronous FIFO on an inferred RAM, with valid/ready on both sides.
import { Bool, design, flip, UInt } from '../hdl/index.ts';

export interface FifoParams {
  /** Payload width in bits. */
  width: number;
  /** Address bits: the FIFO holds 2^addrBits words. */
  addrBits: number;
}

/** First-in first-out buffer of 2^addrBits words; the output is registered (RAM read port). */
export const Fifo = design(
  'Fifo',
  { width: 8, addrBits: 4 } as FifoParams,
  (m, p) => {
    const enq = m.input('enq', { valid: Bool(), ready: flip(Bool()), data: UInt(p.width) });
    const deq = m.output('deq', { valid: Bool(), ready: flip(Bool()), data: UInt(p.width) });
    const depth = 1 << p.addrBits;
    const ram = m.memory('ram', { type: UInt(p.width), depth });

    const wrPtr = m.reg('wr_ptr', UInt(p.addrBits + 1), { reset: 0 });
    const rdPtr = m.reg('rd_ptr', UInt(p.addrBits + 1), { reset: 0 });
    const count = m.let('count', wrPtr.subWrap(rdPtr));
    const full = m.let('full', count.eq(depth));
    // The output register holds one word read ahead of the RAM.
    const outValid = m.reg('out_valid', Bool(), { reset: 0 });
    const doEnq = m.let('do_enq', enq.valid.and(full.not()));
    const outFree = m.let('out_free', outValid.not().or(deq.ready));
    const doRead = m.let('do_read', rdPtr.ne(wrPtr).and(outFree));

    ram.write(wrPtr.truncate(p.addrBits), enq.data, doEnq);
    const q = ram.read(rdPtr.truncate(p.addrBits), { sync: true, enable: doRead, name: 'ram_q' });
    m.when(doEnq, () => wrPtr.set(wrPtr.addWrap(1)));
    m.when(doRead, () => rdPtr.set(rdPtr.addWrap(1)));
    m.when(outFree, () => outValid.set(doRead));

    enq.ready.set(full.not());
    deq.valid.set(outValid);
    deq.data.set(q);
    return { enq, deq };
  },
  { doc: 'Synchronous FIFO on a block RAM with valid/ready handshakes.' },
);
