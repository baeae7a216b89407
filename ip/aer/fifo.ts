// A first-word-fall-through FIFO on a memory with a synchronous read port, the
// shape Yosys maps to block RAM. The memory is read every cycle at the address
// that will be the head after this cycle's pop; the one case where that read
// returns a stale word (the word written on the same edge becomes the head)
// is served from a bypass register. A pushed word is visible at the output one
// cycle after the push; throughput is one word per cycle in and out.
import { addrWidth, Bool, design, UInt, type InputPort, type OutputPort, type Signal } from '../../hdl/index.ts';
import { isPositiveInt, reportParamErrors } from '../param-errors.ts';

export interface FifoParams {
  /** Word width in bits. */
  width: number;
  /** Words the FIFO holds (any positive integer; the memory has this depth). */
  depth: number;
}

export const defaultFifoParams: FifoParams = { width: 8, depth: 16 };

export function validateFifoParams(p: FifoParams): string[] {
  const errs: string[] = [];
  if (!isPositiveInt(p.width, 1024)) errs.push(`width: must be an integer between 1 and 1024, got ${String(p.width)}`);
  if (!isPositiveInt(p.depth, 1 << 20)) errs.push(`depth: must be an integer between 1 and ${1 << 20}, got ${String(p.depth)}`);
  return errs;
}

export interface FifoPorts {
  enq_valid: InputPort;
  enq_ready: OutputPort;
  enq_data: InputPort;
  deq_valid: OutputPort;
  deq_ready: InputPort;
  deq_data: OutputPort;
  /** Words held, 0..depth. */
  count: OutputPort;
}

export const AddressFifo = design(
  'AddressFifo',
  defaultFifoParams,
  (m, p): FifoPorts => {
    const bad = reportParamErrors(m, 'fifo-param', 'AddressFifo', validateFifoParams(p));
    const width = bad ? 1 : p.width;
    const depth = bad ? 1 : p.depth;
    const D = UInt(width);
    const aw = addrWidth(depth);
    const cw = addrWidth(depth + 1);
    const ports: FifoPorts = {
      enq_valid: m.input('enq_valid', Bool()),
      enq_ready: m.output('enq_ready', Bool()),
      enq_data: m.input('enq_data', D),
      deq_valid: m.output('deq_valid', Bool()),
      deq_ready: m.input('deq_ready', Bool()),
      deq_data: m.output('deq_data', D),
      count: m.output('count', UInt(cw)),
    };
    const mem = m.memory('words', { type: D, depth });
    // Power-up values as well as resets: the memory is read every cycle, also
    // during reset, so its address must be defined from the start (4-state simulators).
    const wptr = m.reg('wptr', UInt(aw), { reset: 0, init: 0 });
    const rptr = m.reg('rptr', UInt(aw), { reset: 0, init: 0 });
    const count = m.reg('count_reg', UInt(cw), { reset: 0, init: 0 });
    const bypass = m.reg('bypass', D, { reset: 0 });
    const useBypass = m.reg('use_bypass', Bool(), { reset: 0 });

    const inc = (x: Signal): Signal =>
      depth === 1 ? x.lit(0, UInt(aw)) : x.eq(depth - 1).select(x.lit(0, UInt(aw)), x.addWrap(1));
    const notEmpty = m.let('not_empty', count.ne(0));
    const pop = m.let('pop', notEmpty.and(ports.deq_ready));
    // A push is taken when there is room, or when a pop frees a word this cycle.
    const ready = m.let('ready', count.ne(depth).or(pop));
    const push = m.let('push', ports.enq_valid.and(ready));
    const rnext = m.let('rptr_next', pop.select(inc(rptr), rptr));
    const head = mem.read(rnext, { name: 'head' });
    mem.write(wptr, ports.enq_data, push);

    m.when(push, () => wptr.set(inc(wptr)));
    rptr.set(rnext);
    m.when(push.and(pop.not()), () => count.set(count.addWrap(1))).elseWhen(pop.and(push.not()), () => count.set(count.subWrap(1)));
    // The pushed word becomes the head on this edge: the memory read sees the old word.
    const remaining = m.let('remaining', pop.select(count.subWrap(1), count));
    const headIsPushed = m.let('head_is_pushed', push.and(remaining.eq(0)));
    useBypass.set(headIsPushed);
    m.when(headIsPushed, () => bypass.set(ports.enq_data));

    ports.enq_ready.set(ready);
    ports.deq_valid.set(notEmpty);
    ports.deq_data.set(useBypass.select(bypass, head));
    ports.count.set(count);
    return ports;
  },
  { doc: 'First-word-fall-through FIFO on a synchronous-read memory (block RAM), one word per cycle in and out.' },
);
